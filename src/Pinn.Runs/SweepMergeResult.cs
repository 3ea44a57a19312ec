using Pinn.Runs.Files;

namespace Pinn.Runs;

/// <summary>What <see cref="SweepMerge.Merge"/> made.</summary>
/// <param name="Sweep">The merged sweep directory and its diagram (incomplete when a shard is missing: <see cref="SweepFile.Complete"/>).</param>
/// <param name="Shards">Every shard of the sweep, merged or not (also in merge.json).</param>
public sealed record SweepMergeResult(SweepRunResult Sweep, IReadOnlyList<SweepShardStatus> Shards)
{
    /// <summary>Whether every shard was merged.</summary>
    public bool Complete => Shards.All(s => s.Merged);
}
