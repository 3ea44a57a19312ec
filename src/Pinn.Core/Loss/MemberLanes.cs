using System.Numerics;
using Pinn.Core.Compute;

namespace Pinn.Core.Loss;

/// <summary>
/// Ensemble members evaluated side by side: one lane per core, each a single-threaded backend
/// (<see cref="IComputeRuntime{T}.CreateMemberBackend"/>) with its own loss over the shared points and its own gradient
/// buffer, member m on lane m mod lanes. The trainer's first-order steps and polishing iterations and the ensemble
/// benchmark all run members this way.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class MemberLanes<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IComputeBackend<T>[] backends;
    private readonly PinnLoss<T>[] losses;
    private readonly DeviceBuffer<T>?[] gradients;
    private readonly int parameterCount;

    /// <summary>Creates <paramref name="count"/> lanes on single-threaded backends of <paramref name="backend"/>.</summary>
    /// <param name="backend">The shared backend the lanes' backends come from (they share its kernels and profiler).</param>
    /// <param name="count">Lanes (≥ 1).</param>
    /// <param name="parameterCount">Parameters of a member (the length of a lane's gradient).</param>
    /// <param name="loss">A lane's loss on its backend (e.g. <see cref="PinnLoss{T}.ForLane"/>).</param>
    public MemberLanes(IComputeBackend<T> backend, int count, int parameterCount, Func<IComputeBackend<T>, PinnLoss<T>> loss)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(parameterCount, 1);
        this.parameterCount = parameterCount;
        backends = new IComputeBackend<T>[count];
        losses = new PinnLoss<T>[count];
        gradients = new DeviceBuffer<T>?[count];
        for (int w = 0; w < count; w++)
        {
            backends[w] = backend.CreateMemberBackend();
            losses[w] = loss(backends[w]);
        }
    }

    /// <summary>Number of lanes.</summary>
    public int Count => backends.Length;

    /// <summary>Lane <paramref name="lane"/>'s single-threaded backend.</summary>
    /// <param name="lane">The lane.</param>
    public IComputeBackend<T> Backend(int lane) => backends[lane];

    /// <summary>Lane <paramref name="lane"/>'s loss.</summary>
    /// <param name="lane">The lane.</param>
    public PinnLoss<T> Loss(int lane) => losses[lane];

    /// <summary>The lane that evaluates member <paramref name="member"/>.</summary>
    /// <param name="member">The member's index in the ensemble.</param>
    public int LaneOf(int member) => member % backends.Length;

    /// <summary>Lane <paramref name="lane"/>'s gradient buffer (allocated on first use: polishing lanes never need one).</summary>
    /// <param name="lane">The lane.</param>
    public DeviceBuffer<T> Gradient(int lane) => gradients[lane] ??= backends[lane].Allocate(parameterCount);

    /// <summary>Gives every lane the shared points (after they were resampled or loaded).</summary>
    /// <param name="points">All points, interior then boundary, row-major.</param>
    public void SetPoints(ReadOnlySpan<double> points)
    {
        foreach (var loss in losses)
        {
            loss.SetPoints(points);
        }
    }

    /// <summary>Replaces every lane's loss (e.g. with the next continuation stage's problem); the points carry over.</summary>
    /// <param name="loss">A lane's new loss on its backend.</param>
    public void ReplaceLosses(Func<IComputeBackend<T>, PinnLoss<T>> loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        for (int w = 0; w < backends.Length; w++)
        {
            var points = losses[w].HostPoints;
            losses[w] = loss(backends[w]);
            losses[w].SetPoints(points);
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/>(lane, member) for members 0 … <paramref name="members"/> − 1, the lanes side by side
    /// and each lane's members in order; member m on lane m mod lanes.
    /// </summary>
    /// <param name="members">Members of the ensemble.</param>
    /// <param name="body">The work of one member on its lane.</param>
    public void ForEachMember(int members, Action<int, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        int lanes = backends.Length;
        Parallel.For(0, lanes, new ParallelOptions { MaxDegreeOfParallelism = lanes }, w =>
        {
            for (int m = w; m < members; m += lanes)
            {
                body(w, m);
            }
        });
    }
}
