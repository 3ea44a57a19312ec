namespace Pinn.Runs.Files;

/// <summary>The contents of merge.json in a sweep directory made by <see cref="SweepMerge"/>: which shards it holds.</summary>
/// <param name="Shards">Every shard of the sweep, merged or not, by index.</param>
public sealed record SweepMergeFile(IReadOnlyList<SweepShardStatus> Shards);
