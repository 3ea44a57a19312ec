using System.Numerics;
using Pinn.Core.Optimization;

namespace Pinn.Core.Training.Stepping;

/// <summary>
/// One way of taking a first-order step of every active member: one after another on the run's backend
/// (<see cref="SequentialStepper{T}"/>), side by side on single-threaded lanes (<see cref="LaneStepper{T}"/>), or
/// batched on a device (<see cref="BatchedStepper{T}"/>). The trainer records the outcomes in member order.
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
internal interface IMemberStepper<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Evaluates every active member's loss and gradient and lets its optimizer step.</summary>
    /// <param name="members">Every member's status (inactive ones are skipped).</param>
    /// <param name="totals">Receives each active member's loss.</param>
    /// <param name="outcomes">Receives each active member's step outcome; null where the loss or gradient was not finite (no step taken).</param>
    void Step(IReadOnlyList<MemberStatus> members, double[] totals, StepOutcome?[] outcomes);

    /// <summary>Takes the run's current training points (after a resample or a loaded checkpoint).</summary>
    /// <param name="points">The points, coordinates one after another.</param>
    void SetPoints(ReadOnlySpan<double> points);
}
