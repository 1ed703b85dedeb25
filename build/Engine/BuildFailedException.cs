namespace BuildEngine;

/// <summary>
/// A failure whose message says everything the reader needs (a command and its exit code, a missing tool):
/// the engine prints only the message, without a stack trace. Any other exception is printed in full.
/// </summary>
public sealed class BuildFailedException(string message) : Exception(message);
