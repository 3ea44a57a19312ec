using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Loss;
using Pinn.Core.Optimization;

namespace Pinn.Core.Training.Stepping;

/// <summary>
/// Members batched on a device (<see cref="EnsembleLoss{T}"/>): every member's layer in one launch, all losses and
/// gradients in one pass over the members' contiguous θ, then each member's optimizer step in member order.
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
/// <param name="backend">The device backend.</param>
/// <param name="ensemble">The members' loss.</param>
/// <param name="thetas">Every member's θ, member after member.</param>
/// <param name="theta">Every member's θ as views into <paramref name="thetas"/>.</param>
/// <param name="optimizers">Every member's optimizer.</param>
internal sealed class BatchedStepper<T>(IComputeBackend<T> backend, EnsembleLoss<T> ensemble, DeviceBuffer<T> thetas, IReadOnlyList<BufferView<T>> theta, IReadOnlyList<IOptimizer<T>> optimizers) : IMemberStepper<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly DeviceBuffer<T> gradients = backend.Allocate(thetas.Length);
    private readonly LossBreakdown[] parts = new LossBreakdown[theta.Count];

    /// <inheritdoc />
    public void Step(IReadOnlyList<MemberStatus> members, double[] totals, StepOutcome?[] outcomes)
    {
        ensemble.Evaluate(thetas.All, gradients.All, parts);
        for (int m = 0; m < members.Count; m++)
        {
            if (!members[m].Active)
            {
                continue;
            }

            double total = parts[m].Total;
            var g = gradients.Slice(theta[m].Offset, theta[m].Length);
            totals[m] = total;
            outcomes[m] = double.IsFinite(total) && backend.AllFinite(g) ? optimizers[m].Step(total, theta[m], g) : null;
        }
    }

    /// <inheritdoc />
    public void SetPoints(ReadOnlySpan<double> points) => ensemble.SetPoints(points);
}
