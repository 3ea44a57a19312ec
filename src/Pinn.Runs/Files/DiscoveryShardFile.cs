namespace Pinn.Runs.Files;

/// <summary>
/// <c>rounds/round-R/shard-I.json</c>: the members shard I of N trained in round R of a sharded discovery, with the
/// configuration they were trained with (the round's merge refuses a shard of another configuration).
/// </summary>
/// <param name="Config">The discovery's configuration as written to config.json (without a shard).</param>
/// <param name="Round">The round.</param>
/// <param name="Shard">I.</param>
/// <param name="Shards">N.</param>
/// <param name="Members">The shard's members after training, in member order (none when the round has fewer members than shards).</param>
public sealed record DiscoveryShardFile(string Config, int Round, int Shard, int Shards, IReadOnlyList<DiscoveryRoundMember> Members);
