namespace Nuke.Common;

/// <summary>
/// Marks a field or property of the build as a parameter, as Nuke's <c>[Parameter]</c> does. Its value comes from
/// <c>--kebab-case-name value</c> on the command line, else from an environment variable with the member's name (case
/// and underscores ignored: <c>PYTHON</c>, <c>Python</c>, <c>MAX_DISTANCE</c>), else from <c>.nuke/parameters.json</c>;
/// otherwise the member keeps its initializer.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public class ParameterAttribute(string? description = null) : Attribute
{
    /// <summary>Text shown by <c>--help</c>.</summary>
    public virtual string? Description { get; } = description;
}
