using EditDistance.Bench.Results;

namespace EditDistance.Bench.Report;

/// <summary>
/// One distance call out of process, split into what each side's codec costs on the same messages, the socket round
/// trip of the empty request, and the work, each measured on its own: the serialization tax of that call.
/// </summary>
/// <param name="Caller">Who called: "dotnet" (the C# client) or "python" (the Python client).</param>
/// <param name="Wire">"binary", "binary-utf8" or "json".</param>
/// <param name="CallNs">The whole call, per pair, in the caller's process.</param>
/// <param name="ClientCodecNs">The client encoding the request and decoding the reply, alone, in the caller's language.</param>
/// <param name="ServerCodecNs">The server decoding the request and encoding the reply, alone (the native Rust harness).</param>
/// <param name="RoundTripNs">A <c>ping</c> on the same wire from the same caller: the socket round trip of an empty request.</param>
/// <param name="WorkNs">The bit-parallel distance itself, timed natively in Rust on the same pairs.</param>
internal sealed record TaxRow(
    string Caller,
    string Wire,
    string Text,
    int Length,
    double CallNs,
    double ClientCodecNs,
    double ServerCodecNs,
    double RoundTripNs,
    double WorkNs)
{
    /// <summary>
    /// What the parts leave of the call: copying the payload through the socket, waking the server's thread, the
    /// client's own bookkeeping. The parts come from different processes and timers, so this can be slightly negative;
    /// it is then within their noise.
    /// </summary>
    public double RestNs => CallNs - ClientCodecNs - ServerCodecNs - RoundTripNs - WorkNs;

    /// <summary>Both codecs' share of the call.</summary>
    public double CodecShare => Share(ClientCodecNs + ServerCodecNs);

    public double Share(double part) => CallNs > 0 ? part / CallNs : 0;
}

internal static class SerializationTax
{
    /// <summary>The out-of-process implementations, by wire, in the report's order.</summary>
    public static readonly IReadOnlyList<string> Wires = ["binary", "binary-utf8", "json"];

    public static string Implementation(string wire) => $"rust-remote-{wire}";

    /// <summary>
    /// Every out-of-process distance call (bit-parallel, both callers) whose four parts were all measured in this run.
    /// The work is <c>distance_utf16</c> for every wire: the server hands the decoded strings to the library as UTF-16.
    /// </summary>
    public static IReadOnlyList<TaxRow> Compute(ResultQuery query)
    {
        var rust = query.From(Callers.Rust);
        var rows = new List<TaxRow>();
        foreach (var caller in new[] { Callers.Python, Callers.Dotnet })
        {
            var from = query.From(caller);
            foreach (var wire in Wires)
            {
                var implementation = Implementation(wire);
                var ping = from.Crossing(implementation, "ping");
                foreach (var call in from.Of("distance").Where(r => r.Implementation == implementation && r.Strategy == "bitparallel"))
                {
                    var text = call.Text("text")!;
                    var length = call.Int("length")!.Value;
                    var client = from.Codec(implementation, "client", text, length);
                    var server = rust.Codec(implementation, "server", text, length);
                    var work = rust.Crossing("rust", "native-bitparallel", text, length);
                    if (ping is not null && client is not null && server is not null && work is not null)
                    {
                        rows.Add(new TaxRow(caller, wire, text, length, call.MedianNs, client.MedianNs, server.MedianNs, ping.MedianNs, work.MedianNs));
                    }
                }
            }
        }

        return rows
            .OrderBy(r => r.Caller == Callers.Python ? 0 : 1)
            .ThenBy(r => r.Text, StringComparer.Ordinal)
            .ThenBy(r => r.Length)
            .ThenBy(r => Wires.ToList().IndexOf(r.Wire))
            .ToList();
    }
}
