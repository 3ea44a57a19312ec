using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;
using Pinn.Core.Training.Checkpoints;
using Pinn.Core.Training.Stepping;

namespace Pinn.Core.Training;

/// <summary>
/// The first-order phase of a run: its collocation points (random stream 1, resampled every
/// <see cref="PointOptions.ResampleEvery"/> steps) and how its members step — one after another on the run's backend
/// (<see cref="SequentialStepper{T}"/>, also the only way with deflation), side by side on single-threaded CPU lanes
/// (<see cref="LaneStepper{T}"/>, K ≥ 2 where the backend has lanes), or batched in one pass on a device
/// (<see cref="BatchedStepper{T}"/>). The choice is made for the whole ensemble, so that a shard computes each member
/// the same way as the whole run does. The <see cref="Trainer{T}"/> runs the loop and counts the steps.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal sealed class FirstOrderPhase<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IComputeBackend<T> backend;
    private readonly PinnLoss<T> loss;
    private readonly SequentialStepper<T> sequential;
    private readonly IMemberStepper<T> stepper;
    private readonly long resampleEvery;
    private readonly double[] totals;
    private readonly StepOutcome?[] outcomes;
    private Xoshiro256 random;

    /// <summary>Sets the phase up at step 0.</summary>
    /// <param name="backend">The run's backend.</param>
    /// <param name="shape">The network.</param>
    /// <param name="options">Validated run options.</param>
    /// <param name="form">The (first stage's) problem.</param>
    /// <param name="set">The members.</param>
    /// <param name="deflation">The run's deflation, or null.</param>
    public FirstOrderPhase(IComputeBackend<T> backend, ResidualNetworkShape shape, RunOptions options, ResidualForm form, MemberSet<T> set, NetworkDeflation<T>? deflation)
    {
        var o = options;
        this.backend = backend;
        resampleEvery = o.Points.ResampleEvery;
        loss = new PinnLoss<T>(backend, form, shape, o.Points.Interior, o.Points.Boundary, o.Loss);
        random = Xoshiro256.ForStream(o.Training.Seed, 1);
        loss.Resample(random);
        sequential = new SequentialStepper<T>(backend, loss, set.Theta, set.Optimizers, deflation, o.Loss.WeightDecay);
        int k = set.Count;
        int lanes = o.Deflation is null && set.Packed is null ? backend.Lanes(o.Ensemble.Members) : 1;
        stepper = set.Packed is { } packed
            ? new BatchedStepper<T>(backend, new EnsembleLoss<T>(backend, form, shape, k, o.Points.Interior, o.Points.Boundary, o.Loss), packed, set.Theta, set.Optimizers)
            : lanes >= 2
                ? new LaneStepper<T>(backend, new MemberLanes<T>(backend, Math.Min(lanes, k), shape.ParameterCount, lane => PinnLoss<T>.ForLane(lane, form, shape, o.Points.Interior, o.Points.Boundary, o.Loss)), set.Theta, set.Optimizers)
                : sequential;
        stepper.SetPoints(loss.HostPoints);
        totals = new double[k];
        outcomes = new StepOutcome?[k];
    }

    /// <summary>The points, all coordinates one after another.</summary>
    public double[] Points => loss.HostPoints;

    /// <summary>
    /// Step <paramref name="step"/> (from 0) of every active member: points resampled first when due, then each member's
    /// status updated — losses, bounces (reported to <paramref name="observer"/>), or stopped with its cause.
    /// </summary>
    /// <param name="step">Steps done before this one.</param>
    /// <param name="members">The members' statuses, replaced in place.</param>
    /// <param name="observer">Told of every bounce (may be null).</param>
    public void Step(long step, MemberStatus[] members, ITrainingObserver? observer)
    {
        if (resampleEvery > 0 && step > 0 && step % resampleEvery == 0)
        {
            loss.Resample(random);
            stepper.SetPoints(loss.HostPoints);
        }

        stepper.Step(members, totals, outcomes);
        for (int m = 0; m < members.Length; m++)
        {
            if (members[m].Active && outcomes[m] == StepOutcome.Bounced)
            {
                observer?.OnBounce(step + 1, members[m].Index);
            }

            members[m] = members[m].Active ? members[m].AfterStep(step + 1, totals[m], outcomes[m]) : members[m];
        }
    }

    /// <summary>The phase's part of a checkpoint: the point stream and its points.</summary>
    public PointStreamCheckpoint Save() => new(random.SaveState(), loss.HostPoints);

    /// <summary>Restores <see cref="Save"/>'s result.</summary>
    /// <param name="saved">The saved point stream and points.</param>
    public void Restore(PointStreamCheckpoint saved)
    {
        random = Xoshiro256.Restore(saved.RandomState);
        loss.SetPoints(saved.Points);
        stepper.SetPoints(loss.HostPoints);
    }

    /// <summary>Member m's first-order loss at its θ and its gradient (deflated where known solutions are set); for tests.</summary>
    /// <param name="m">The member's position in this run.</param>
    /// <param name="gradientHost">Receives the gradient.</param>
    public double Loss(int m, Span<double> gradientHost)
    {
        double total = sequential.Loss(m);
        backend.Download(sequential.Gradient.All, gradientHost);
        return total;
    }
}
