namespace Pinn.Core.Training;

/// <summary>Where one ensemble member stands.</summary>
/// <param name="Index">Member index (0-based).</param>
/// <param name="State">Training, completed or stopped.</param>
/// <param name="StopReason">The state in words: "training", "completed", or what went wrong and when.</param>
/// <param name="LastLoss">The latest training loss.</param>
/// <param name="BestLoss">The lowest training loss seen.</param>
/// <param name="Bounces">BBI bounces so far.</param>
/// <param name="PolishNote">Why the member's polishing phase ended early (converged, or no step lowered the loss), or null.</param>
public sealed record MemberStatus(int Index, MemberState State, string StopReason, double LastLoss, double BestLoss, long Bounces, string? PolishNote = null)
{
    /// <summary>The text of <see cref="StopReason"/> while training.</summary>
    public const string TrainingText = "training";

    /// <summary>The text of <see cref="StopReason"/> once completed.</summary>
    public const string CompletedText = "completed";

    /// <summary>Whether the member is still training.</summary>
    public bool Active => State == MemberState.Training;

    /// <summary>A fresh member at step 0.</summary>
    /// <param name="index">Member index.</param>
    public static MemberStatus Start(int index) => new(index, MemberState.Training, TrainingText, double.NaN, double.PositiveInfinity, 0);

    /// <summary>This member, completed.</summary>
    public MemberStatus Complete() => this with { State = MemberState.Completed, StopReason = CompletedText };

    /// <summary>This member, training again (a resumed run given more steps).</summary>
    public MemberStatus Restart() => this with { State = MemberState.Training, StopReason = TrainingText };

    /// <summary>This member, stopped for <paramref name="reason"/>.</summary>
    /// <param name="reason">What went wrong and when.</param>
    public MemberStatus Stop(string reason) => this with { State = MemberState.Stopped, StopReason = reason };
}
