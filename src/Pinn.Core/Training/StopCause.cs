namespace Pinn.Core.Training;

/// <summary>Why a member is no longer training (<see cref="MemberStatus.Cause"/>); the words with the step are its <see cref="MemberStatus.StopReason"/>.</summary>
public enum StopCause
{
    /// <summary>Still training.</summary>
    None = 0,

    /// <summary>Ran all its steps.</summary>
    Completed = 1,

    /// <summary>The loss became NaN or infinite.</summary>
    LossNotFinite = 2,

    /// <summary>The loss was finite but its gradient was not.</summary>
    GradientNotFinite = 3,

    /// <summary>BBI cannot start: the initial loss minus the energy shift is not above ε₂.</summary>
    CannotStart = 4,

    /// <summary>Stopped for a reason recorded only in words (a checkpoint of a format before 5).</summary>
    Other = 5,
}
