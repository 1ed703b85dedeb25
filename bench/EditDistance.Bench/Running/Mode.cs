namespace EditDistance.Bench.Running;

/// <summary>How long the run may take; the two modes write the same outputs.</summary>
public enum Mode
{
    /// <summary>Enough iterations for stable medians; about 9 minutes on a 2-core machine, everything included.</summary>
    Default,

    /// <summary>Few iterations, for CI and for checking that everything runs; about two minutes.</summary>
    Quick,
}
