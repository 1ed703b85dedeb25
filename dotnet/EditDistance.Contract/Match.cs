namespace EditDistance;

/// <summary>One result of <see cref="IEditDistance.Nearest"/>: a corpus entry and its distance to the query.</summary>
/// <param name="Index">Position of the entry in the corpus.</param>
/// <param name="Distance">Edit distance between the query and that entry, in Unicode scalar values.</param>
public readonly record struct Match(int Index, int Distance);
