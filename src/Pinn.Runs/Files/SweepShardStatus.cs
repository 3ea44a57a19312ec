namespace Pinn.Runs.Files;

/// <summary>One shard of a merged sweep, as its merge.json lists it.</summary>
/// <param name="Index">The shard's index I (of N).</param>
/// <param name="FirstValue">Index of its first value.</param>
/// <param name="Values">How many values it owns.</param>
/// <param name="Directory">Its directory, or null when none was given.</param>
/// <param name="Merged">Whether its points and folds are in the merged sweep.</param>
/// <param name="Problem">Why it was left out (null when merged).</param>
public sealed record SweepShardStatus(int Index, int FirstValue, int Values, string? Directory, bool Merged, string? Problem);
