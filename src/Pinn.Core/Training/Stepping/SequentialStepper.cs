using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Loss;
using Pinn.Core.Optimization;

namespace Pinn.Core.Training.Stepping;

/// <summary>
/// Members one after another on the run's backend and loss (the run's own points); the only way that deflates the
/// first-order loss: V = M²·D + P with D the data loss and P = λ‖θ‖², so ∇V = M²·∇D + 2M·D·∇M + ∇P.
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
/// <param name="backend">The run's backend.</param>
/// <param name="loss">The run's loss (it holds the points).</param>
/// <param name="theta">Every member's θ.</param>
/// <param name="optimizers">Every member's optimizer.</param>
/// <param name="deflation">The first-order deflation, or null.</param>
/// <param name="weightDecay">λ of the loss.</param>
internal sealed class SequentialStepper<T>(IComputeBackend<T> backend, PinnLoss<T> loss, IReadOnlyList<BufferView<T>> theta, IReadOnlyList<IOptimizer<T>> optimizers, NetworkDeflation<T>? deflation, double weightDecay) : IMemberStepper<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly DeviceBuffer<T>? deflationGradient = deflation is null ? null : backend.Allocate(theta[0].Length);

    /// <summary>The gradient of the last <see cref="Loss"/>.</summary>
    public DeviceBuffer<T> Gradient { get; } = backend.Allocate(theta[0].Length);

    /// <inheritdoc />
    public void Step(IReadOnlyList<MemberStatus> members, double[] totals, StepOutcome?[] outcomes)
    {
        for (int m = 0; m < members.Count; m++)
        {
            if (!members[m].Active)
            {
                continue;
            }

            double total = Loss(m);
            totals[m] = total;
            outcomes[m] = double.IsFinite(total) && backend.AllFinite(Gradient.All) ? optimizers[m].Step(total, theta[m], Gradient.All) : null;
        }
    }

    /// <inheritdoc />
    public void SetPoints(ReadOnlySpan<double> points)
    {
        // The run's own loss holds the points.
    }

    /// <summary>Member m's first-order loss at its current θ, its gradient in <see cref="Gradient"/> (deflated when known solutions are set).</summary>
    /// <param name="m">The member's position in the run.</param>
    public double Loss(int m)
    {
        var parts = loss.Evaluate(theta[m], Gradient.All);
        return deflation is { Count: > 0, Options.FirstOrder: true } ? Deflate(m, parts) : parts.Total;
    }

    private double Deflate(int m, LossBreakdown parts)
    {
        double factor = deflation!.Factor(theta[m], deflationGradient!.All);
        double data = parts.Total - parts.Regularization;
        double m2 = factor * factor;
        backend.Scale(m2, Gradient.All);
        if (weightDecay > 0)
        {
            backend.Axpy(2 * weightDecay * (1 - m2), theta[m], Gradient.All);
        }

        backend.Axpy(2 * factor * data, deflationGradient!.All, Gradient.All);
        return (m2 * data) + parts.Regularization;
    }
}
