namespace Pinn.Core.Training;

/// <summary>Where an ensemble member is in its run.</summary>
public enum MemberState
{
    /// <summary>Still training (first-order steps or polishing).</summary>
    Training,

    /// <summary>Ran all its steps (or its polishing phase converged).</summary>
    Completed,

    /// <summary>Stopped early because its loss or gradient stopped being finite; <see cref="MemberStatus.StopReason"/> says when.</summary>
    Stopped,
}
