namespace Pinn.Runs.Files;

/// <summary>The contents of merge.json in a run directory made by <see cref="ShardMerge"/>: which shards it holds.</summary>
/// <param name="Shards">Every shard of the run, merged or not, by index.</param>
/// <param name="MissingMembers">Members of the ensemble that are not in the merged run (their shard is missing or did not finish).</param>
public sealed record MergeFile(IReadOnlyList<ShardStatus> Shards, IReadOnlyList<int> MissingMembers);
