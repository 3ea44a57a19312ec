namespace Pinn.Core.Training;

/// <summary>Where one ensemble member stands.</summary>
/// <param name="Index">Member index (0-based).</param>
/// <param name="State">Training, completed or stopped.</param>
/// <param name="StopReason">The state in words: "training", "completed", or what went wrong and when.</param>
/// <param name="LastLoss">The latest training loss.</param>
/// <param name="BestLoss">The lowest training loss seen.</param>
/// <param name="Bounces">BBI bounces so far.</param>
/// <param name="PolishNote">Why the member's polishing phase ended early (converged, or no step lowered the loss), or null.</param>
/// <param name="Cause">Why it is no longer training, as a value (<see cref="StopReason"/> says it in words with the step).</param>
public sealed record MemberStatus(int Index, MemberState State, string StopReason, double LastLoss, double BestLoss, long Bounces, string? PolishNote = null, StopCause Cause = StopCause.None)
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
    public MemberStatus Complete() => this with { State = MemberState.Completed, StopReason = CompletedText, Cause = StopCause.Completed };

    /// <summary>This member, training again (a resumed run given more steps).</summary>
    public MemberStatus Restart() => this with { State = MemberState.Training, StopReason = TrainingText, Cause = StopCause.None };

    /// <summary>A member as a checkpoint recorded it.</summary>
    /// <param name="index">Member index.</param>
    /// <param name="active">Whether it was training.</param>
    /// <param name="cause">Why it stopped (<see cref="StopCause.None"/> while training; <see cref="StopCause.Other"/> when the checkpoint's format did not record it).</param>
    /// <param name="reason">Its stop reason in words.</param>
    /// <param name="lastLoss">The latest loss.</param>
    /// <param name="bestLoss">The lowest loss.</param>
    /// <param name="bounces">Bounces so far.</param>
    /// <param name="polishNote">Its polishing note, or null.</param>
    public static MemberStatus Restore(int index, bool active, StopCause cause, string reason, double lastLoss, double bestLoss, long bounces, string? polishNote)
    {
        var state = active ? MemberState.Training : cause == StopCause.Completed ? MemberState.Completed : MemberState.Stopped;
        return new MemberStatus(index, state, reason, lastLoss, bestLoss, bounces, polishNote, active ? StopCause.None : cause);
    }

    /// <summary>
    /// This member after a first-order step at <paramref name="step"/> (1-based) with loss <paramref name="total"/>: its
    /// losses and bounces updated, or stopped — the loss or gradient not finite (<paramref name="outcome"/> null), or a
    /// BBI that cannot start.
    /// </summary>
    /// <param name="step">The step taken, from 1.</param>
    /// <param name="total">Its loss.</param>
    /// <param name="outcome">The optimizer's outcome; null when the loss or gradient was not finite and no step was taken.</param>
    public MemberStatus AfterStep(long step, double total, Optimization.StepOutcome? outcome) => outcome switch
    {
        null => Stop(double.IsFinite(total) ? StopCause.GradientNotFinite : StopCause.LossNotFinite, $"loss became {(double.IsNaN(total) ? "NaN" : double.IsFinite(total) ? "finite but the gradient non-finite" : "infinite")} at step {step}") with { LastLoss = total },
        Optimization.StepOutcome.CannotStart => Stop(StopCause.CannotStart, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"BBI cannot move: at step {step} the loss {total:G6} minus the energy shift ΔV is not above ε₂, so the dynamics never starts; set the energy shift below the initial loss (or let it adapt)")) with { LastLoss = total, BestLoss = Math.Min(BestLoss, total) },
        _ => this with { LastLoss = total, BestLoss = Math.Min(BestLoss, total), Bounces = Bounces + (outcome == Optimization.StepOutcome.Bounced ? 1 : 0) },
    };

    /// <summary>This member, stopped for <paramref name="cause"/>.</summary>
    /// <param name="cause">Why.</param>
    /// <param name="reason">What went wrong and when, in words.</param>
    public MemberStatus Stop(StopCause cause, string reason) => this with { State = MemberState.Stopped, StopReason = reason, Cause = cause };
}
