using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;
using Pinn.Core.Training.Checkpoints;

namespace Pinn.Core.Training;

/// <summary>
/// The polishing phase of a run (<see cref="RunOptions.Polish"/>), in float64 on its own points (random stream 3):
/// every member's polisher and polished θ, the phase's loss and lanes (K ≥ 2 members without deflation are polished
/// side by side, member m on lane m mod lanes, each factorization unsplit), the continuation stage, and its part of
/// a checkpoint. The <see cref="Trainer{T}"/> runs the loop: each step it calls <see cref="Step"/>, which iterates the
/// members still pending, records their status and hands accepted θ back to the first-order network.
/// </summary>
internal sealed class PolishingPhase
{
    private readonly RunOptions options;
    private readonly ResidualNetworkShape shape;
    private readonly CpuBackend<double> backend;
    private readonly NetworkDeflation<double>? deflation;
    private readonly MemberLanes<double>? lanes;
    private readonly IPolisher[] polishers;
    private readonly double[][] theta;
    private readonly PolishIteration?[] last;
    private PinnLoss<double> loss;
    private PinnLeastSquares system;
    private PinnLeastSquares[] laneSystems = [];
    private Xoshiro256 random;

    /// <summary>Sets the phase up for <paramref name="members"/> members at stage 0.</summary>
    /// <param name="options">The run's options (<see cref="RunOptions.Polish"/> set).</param>
    /// <param name="shape">The network.</param>
    /// <param name="form">Stage 0's problem.</param>
    /// <param name="members">Members this run trains.</param>
    /// <param name="kernels">The first-order backend's kernel choices (null: the defaults).</param>
    /// <param name="profiler">The first-order backend's profiler.</param>
    /// <param name="deflationPoints">The deflation norm's points, or null without <see cref="RunOptions.Deflation"/>.</param>
    public PolishingPhase(RunOptions options, ResidualNetworkShape shape, ResidualForm form, int members, CpuKernelOptions? kernels, PhaseProfiler profiler, double[]? deflationPoints)
    {
        this.options = options;
        this.shape = shape;
        var polish = options.Polish ?? throw new ArgumentException("The run has no polishing phase.", nameof(options));
        backend = new CpuBackend<double>(options.Training.Threads, kernels, profiler);
        random = Xoshiro256.ForStream(options.Training.Seed, 3);
        if (options.Deflation is { } deflate && deflationPoints is not null)
        {
            deflation = new NetworkDeflation<double>(backend, shape, deflationPoints, deflate);
        }

        loss = NewLoss(backend, form);
        loss.Resample(random, polish.Sampling);
        system = new PinnLeastSquares(loss, backend);

        // Like the first-order lanes, decided for the whole ensemble: each member is polished on a single-threaded
        // lane, its J·Jᵀ and Cholesky factorization unsplit, while the other lanes polish other members — the
        // factorization and the step's vector work barely gain from a second thread.
        int count = options.Deflation is null ? backend.Lanes(options.Ensemble.Members) : 1;
        if (count >= 2)
        {
            lanes = new MemberLanes<double>(backend, Math.Min(count, members), shape.ParameterCount, lane => NewLoss(lane, form));
            lanes.SetPoints(loss.HostPoints);
            laneSystems = LaneSystems(lanes);
        }

        polishers = new IPolisher[members];
        theta = new double[members][];
        last = new PolishIteration?[members];
        for (int m = 0; m < members; m++)
        {
            polishers[m] = CreatePolisher(polish, m);
        }
    }

    /// <summary>Whether the phase has begun (θ are then the polished float64 values).</summary>
    public bool Started { get; private set; }

    /// <summary>The continuation stage (0 without continuation).</summary>
    public int Stage { get; private set; }

    /// <summary>The phase's points, all coordinates one after another.</summary>
    public double[] Points => loss.HostPoints;

    /// <summary>Member m's last iteration (its damping and step for the metrics), or null.</summary>
    /// <param name="m">The member's position in this run.</param>
    public PolishIteration? Last(int m) => last[m];

    /// <summary>Member m's polished θ (a copy).</summary>
    /// <param name="m">The member's position in this run.</param>
    public double[] Parameters(int m) => (double[])theta[m].Clone();

    /// <summary>Member m's polished θ, not copied (what an accepted iteration wrote).</summary>
    /// <param name="m">The member's position in this run.</param>
    public double[] Theta(int m) => theta[m];

    /// <summary>Whether member m's polisher has converged or stalled (it waits for the next stage).</summary>
    /// <param name="m">The member's position in this run.</param>
    public bool Finished(int m) => polishers[m].Finished;

    /// <summary>Begins the phase from the members' first-order θ (once).</summary>
    /// <param name="parameters">Member m's θ as doubles.</param>
    public void Begin(Func<int, double[]> parameters)
    {
        if (Started)
        {
            return;
        }

        for (int m = 0; m < theta.Length; m++)
        {
            theta[m] = parameters(m);
        }

        Started = true;
    }

    /// <summary>One iteration of every pending member (on the lanes when there are); points resampled first when due.</summary>
    /// <param name="iteration">The phase's iteration, from 0.</param>
    /// <param name="pending">Positions of the members to iterate.</param>
    /// <returns>Each pending member's result (others default).</returns>
    public PolishIteration[] Iterate(long iteration, IReadOnlyList<int> pending)
    {
        if (options.Polish!.ResampleEvery > 0 && iteration > 0 && iteration % options.Polish.ResampleEvery == 0)
        {
            loss.Resample(random, options.Polish.Sampling);
            lanes?.SetPoints(loss.HostPoints);
        }

        var results = new PolishIteration[theta.Length];
        if (lanes is not null)
        {
            lanes.ForEachMember(theta.Length, (_, m) =>
            {
                if (pending.Contains(m))
                {
                    results[m] = polishers[m].Iterate(theta[m]);
                }
            });
        }
        else
        {
            foreach (int m in pending)
            {
                results[m] = polishers[m].Iterate(theta[m]);
            }
        }

        foreach (int m in pending)
        {
            last[m] = results[m];
        }

        return results;
    }

    /// <summary>
    /// One iteration of every member still training whose polisher has not finished (the others wait for the next
    /// stage), and their statuses: losses and polishing notes, or stopped when the loss is not finite.
    /// </summary>
    /// <param name="iteration">The phase's iteration, from 0.</param>
    /// <param name="members">The members' statuses, replaced in place.</param>
    /// <param name="accepted">Called with a member's position and polished θ when its step was accepted.</param>
    public void Step(long iteration, MemberStatus[] members, Action<int, double[]> accepted)
    {
        var pending = Enumerable.Range(0, members.Length).Where(m => members[m].Active && !Finished(m)).ToArray();
        var results = Iterate(iteration, pending);
        foreach (int m in pending)
        {
            var result = results[m];
            if (result.Accepted)
            {
                accepted(m, theta[m]);
            }

            members[m] = double.IsFinite(result.Loss)
                ? members[m] with { LastLoss = result.Loss, BestLoss = Math.Min(members[m].BestLoss, result.Loss), PolishNote = result.StopReason ?? members[m].PolishNote }
                : members[m].Stop(StopCause.LossNotFinite, result.StopReason ?? $"loss not finite in polish iteration {iteration + 1}") with { LastLoss = result.Loss };
        }
    }

    /// <summary>Switches to stage <paramref name="next"/>: its problem on the same points, and a fresh polisher per member (θ carry over).</summary>
    /// <param name="next">The stage.</param>
    /// <param name="form">Its problem.</param>
    public void EnterStage(int next, ResidualForm form)
    {
        Stage = next;
        var points = loss.HostPoints;
        loss = NewLoss(backend, form, loss.InteriorPoints, loss.BoundaryPoints);
        loss.SetPoints(points);
        system = new PinnLeastSquares(loss, backend);
        if (lanes is not null)
        {
            lanes.ReplaceLosses(lane => NewLoss(lane, form, loss.InteriorPoints, loss.BoundaryPoints));
            laneSystems = LaneSystems(lanes);
        }

        var polish = next > 0 && options.Continuation is { StageDamping: > 0 } c ? options.Polish!.WithInitialDamping(c.StageDamping) : options.Polish!;
        for (int m = 0; m < polishers.Length; m++)
        {
            polishers[m] = CreatePolisher(polish, m);
            last[m] = null;
        }
    }

    /// <summary>Adds a known solution to the phase's deflation (by its values at the deflation points).</summary>
    /// <param name="values">u_j at each deflation point.</param>
    public void Deflate(double[] values) => deflation?.Add(values);

    /// <summary>The phase's part of a checkpoint.</summary>
    public PolishCheckpoint Save() => new(Started, Stage, new PointStreamCheckpoint(random.SaveState(), loss.HostPoints), polishers.Select(p => p.SaveState()).ToList());

    /// <summary>Restores the phase's part of a checkpoint (its stage already entered with <see cref="EnterStage"/>).</summary>
    /// <param name="saved">The saved part.</param>
    /// <param name="parameters">Every member's saved θ (the polished ones once the phase has begun).</param>
    public void Restore(PolishCheckpoint saved, IReadOnlyList<double[]> parameters)
    {
        Started = saved.Started;
        random = Xoshiro256.Restore(saved.Points.RandomState);
        loss.SetPoints(saved.Points.Points);
        lanes?.SetPoints(loss.HostPoints);
        for (int m = 0; m < polishers.Length; m++)
        {
            polishers[m].RestoreState(saved.Polishers[m]);
            if (Started)
            {
                theta[m] = (double[])parameters[m].Clone();
            }
        }
    }

    private PinnLoss<double> NewLoss(Compute.IComputeBackend<double> on, ResidualForm form, int interior = 0, int boundary = 0)
    {
        var p = options.Polish!;
        interior = interior > 0 ? interior : p.InteriorPoints > 0 ? p.InteriorPoints : options.Points.Interior;
        boundary = boundary > 0 ? boundary : p.BoundaryPoints > 0 ? p.BoundaryPoints : options.Points.Boundary;
        return new PinnLoss<double>(on, form, shape, interior, boundary, options.Loss with { WeightDecay = p.WeightDecay });
    }

    /// <summary>Member m's polisher: on its lane where members are polished side by side, else on the phase's backend.</summary>
    private IPolisher CreatePolisher(IPolisherOptions polish, int m) =>
        polish.Create(lanes is { } l ? laneSystems[l.LaneOf(m)] : system, deflation);

    /// <summary>Each lane's loss as a least-squares system (the lanes of a CPU backend are CPU backends).</summary>
    private static PinnLeastSquares[] LaneSystems(MemberLanes<double> lanes) =>
        Enumerable.Range(0, lanes.Count).Select(lane => new PinnLeastSquares(lanes.Loss(lane), (CpuBackend<double>)lanes.Backend(lane))).ToArray();
}
