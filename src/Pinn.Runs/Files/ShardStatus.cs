namespace Pinn.Runs.Files;

/// <summary>One shard of a merged run, as merge.json lists it.</summary>
/// <param name="Index">The shard's index I (of N).</param>
/// <param name="FirstMember">Its first member.</param>
/// <param name="Members">How many members it trains.</param>
/// <param name="Directory">Its run directory, or null when none was given.</param>
/// <param name="Merged">Whether its results are in the merged run.</param>
/// <param name="Problem">Why it was left out (null when merged).</param>
public sealed record ShardStatus(int Index, int FirstMember, int Members, string? Directory, bool Merged, string? Problem);
