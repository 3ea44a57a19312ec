using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Loss;
using Pinn.Core.Optimization;

namespace Pinn.Core.Training.Stepping;

/// <summary>
/// Members side by side, one lane per core (member m on lane m mod lanes, so the assignment and every result are
/// fixed), each lane a single-threaded backend whose chunks stay in its core's cache. Results agree with a
/// one-after-another run to rounding, not bit for bit.
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
/// <param name="backend">The run's backend (finiteness checks).</param>
/// <param name="lanes">The lanes with their losses and gradients.</param>
/// <param name="theta">Every member's θ.</param>
/// <param name="optimizers">Every member's optimizer.</param>
internal sealed class LaneStepper<T>(IComputeBackend<T> backend, MemberLanes<T> lanes, IReadOnlyList<BufferView<T>> theta, IReadOnlyList<IOptimizer<T>> optimizers) : IMemberStepper<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public void Step(IReadOnlyList<MemberStatus> members, double[] totals, StepOutcome?[] outcomes)
    {
        lanes.ForEachMember(members.Count, (w, m) =>
        {
            if (!members[m].Active)
            {
                return;
            }

            var g = lanes.Gradient(w).All;
            double total = lanes.Loss(w).Evaluate(theta[m], g).Total;
            totals[m] = total;
            outcomes[m] = double.IsFinite(total) && backend.AllFinite(g) ? optimizers[m].Step(total, theta[m], g) : null;
        });
    }

    /// <inheritdoc />
    public void SetPoints(ReadOnlySpan<double> points) => lanes.SetPoints(points);
}
