using Pinn.Runs.Files;

namespace Pinn.Runs;

/// <summary>What <see cref="ShardMerge.Merge"/> made.</summary>
/// <param name="Directory">The merged run directory.</param>
/// <param name="Summary">Its summary.json: the members of every merged shard, classified as in their shards.</param>
/// <param name="Shards">Every shard of the run, merged or not (also in merge.json).</param>
/// <param name="MissingMembers">Members whose shard is missing or did not finish.</param>
public sealed record ShardMergeResult(RunDirectory Directory, RunSummary Summary, IReadOnlyList<ShardStatus> Shards, IReadOnlyList<int> MissingMembers)
{
    /// <summary>Whether every shard was merged.</summary>
    public bool Complete => MissingMembers.Count == 0;
}
