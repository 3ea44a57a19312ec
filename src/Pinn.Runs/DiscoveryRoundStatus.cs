namespace Pinn.Runs;

/// <summary>What one step of a sharded discovery did (<see cref="DiscoveryShards"/>).</summary>
public enum DiscoveryRoundStatus
{
    /// <summary>The shard trained its members of the round and wrote them.</summary>
    Trained,

    /// <summary>The shard's file for the current round was already there (a requeued task): nothing done.</summary>
    AlreadyTrained,

    /// <summary>The round's shards were classified; the discovery goes on with the next round.</summary>
    Merged,

    /// <summary>The round's shards were classified and the discovery ended: the solutions are written.</summary>
    Finished,

    /// <summary>The discovery had already ended: nothing done.</summary>
    AlreadyFinished,

    /// <summary>A shard of the round is missing (failed or not run): nothing merged.</summary>
    Incomplete,

    /// <summary>Training was cancelled: the shard's file was not written.</summary>
    Cancelled,
}
