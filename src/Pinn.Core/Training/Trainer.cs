using System.Globalization;
using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Geometry;
using Pinn.Core.IO;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;
using Pinn.Core.Symbolic;
using Pinn.Core.Training.Checkpoints;
using Pinn.Core.Training.Stepping;

namespace Pinn.Core.Training;

/// <summary>
/// Trains an ensemble of K networks in lockstep on shared collocation points, each with its own optimizer state
/// and random stream. Random streams of a run (from <see cref="TrainingOptions.Seed"/>): 0 initial network (shared
/// by default), 1 collocation points, 2 validation points, 1000 + k member k's own initial network, 2000 + k member
/// k's optimizer, 3 the polishing phase's points. A member whose loss or gradient stops being finite is stopped with
/// the reason; the others go on. With <see cref="RunOptions.Polish"/>, the first-order steps are followed by a
/// polishing phase (Gauss–Newton in float64 on its own points): each member is polished independently, one iteration
/// per step, so <see cref="Step"/> counts first-order steps and then polishing iterations. With
/// <see cref="RunOptions.Continuation"/>, the first-order phase solves the problem at the first continuation value and
/// the polishing phase runs one stage per value (see <see cref="ContinuationOptions"/>); validation metrics are those of
/// the current stage's problem. The whole state (θ, optimizer and polisher states, random states, points, step, stage)
/// is saved in a checkpoint from which <see cref="Load"/> continues bit for bit (same thread count), in either phase.
/// Where the backend has lanes for them (<see cref="IComputeBackend{T}.Lanes"/>: on the CPU with ≥ 2 threads), the
/// first-order steps of K ≥ 2 members run side by side, member m on lane m mod lanes, each lane single-threaded; so do
/// their polishing iterations (without deflation), on single-threaded float64 lanes.
/// Where the backend batches members (<see cref="IComputeBackend{T}.BatchesMembers"/>: a GPU), all K members' losses and
/// gradients are one pass of <see cref="EnsembleLoss{T}"/> (no deflation; <see cref="BatchesMembers"/>), then each member
/// takes its own optimizer step.
/// With <see cref="RunOptions.Shard"/>, the run trains only that shard's block of members, each under its index in the
/// whole ensemble (<see cref="MemberStatus.Index"/>, the random streams, the member arguments of the public methods), so
/// that every member's results equal the whole run's bit for bit.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class Trainer<T> : ITrainer
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{

    private readonly IComputeBackend<T> backend;
    private readonly PinnLoss<T> loss;
    private readonly IReadOnlyList<ResidualForm> stageForms;
    private readonly ValidationSet<T> validation;
    private readonly DeviceBuffer<T>? thetas;
    private readonly BufferView<T>[] theta;
    private readonly IOptimizer<T>[] optimizers;
    private readonly MemberStatus[] members;
    private readonly PolishingPhase? polishing;
    private Xoshiro256 pointRandom;
    private readonly NetworkDeflation<T>? deflation;
    private readonly SequentialStepper<T> sequential;
    private readonly IMemberStepper<T> stepper;
    private readonly int firstMember;

    /// <summary>Sets up a run at step 0.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="options">Validated run options.</param>
    /// <param name="backend">
    /// Where the first-order phase computes; null for a <see cref="CpuBackend{T}"/> with <see cref="TrainingOptions.Threads"/>
    /// threads. The float64 polishing phase runs on a CPU backend with the same thread count, kernel choices and profiler
    /// (K ≥ 2 members without deflation: on its single-threaded lanes).
    /// </param>
    public Trainer(TrainingProblem problem, RunOptions options, IComputeBackend<T>? backend = null)
    {
        Problem = problem;
        Options = options.Validate();
        var o = options;
        int d = problem.Form.Dimension;
        RunMemory.Check(o, d); // before any large array: refused in one line, not "Out of memory." part-way
        Shape = new ResidualNetworkShape(d, o.Network.Width, o.Network.Depth, o.Network.Activation).Validate();
        this.backend = backend ?? new CpuBackend<T>(o.Training.Threads);
        backend = this.backend;
        ulong seed = o.Training.Seed;
        stageForms = o.Continuation?.StageForms(problem.Form) ?? [problem.Form];
        loss = new PinnLoss<T>(backend, stageForms[0], Shape, o.Points.Interior, o.Points.Boundary, o.Loss);
        pointRandom = Xoshiro256.ForStream(seed, 1);
        loss.Resample(pointRandom);
        validation = new ValidationSet<T>(backend, Shape, o, stageForms[0], problem.KnownSolutions);

        (firstMember, int k) = o.TrainedMembers;
        // Batched on the device, the members' θ are one buffer, member after member; otherwise each has its own.
        bool batched = backend.BatchesMembers && o.Deflation is null && k >= 2;
        thetas = batched ? backend.Allocate(k * Shape.ParameterCount) : null;
        theta = new BufferView<T>[k];
        optimizers = new IOptimizer<T>[k];
        members = new MemberStatus[k];
        var host = new double[Shape.ParameterCount];
        for (int m = 0; m < k; m++)
        {
            // A member's random streams follow its index in the whole ensemble, so a shard trains it exactly as the whole run does.
            ulong id = (ulong)(firstMember + m);
            NetworkInitializer.Initialize(Shape, Xoshiro256.ForStream(seed, o.Ensemble.SameInitialization ? 0UL : 1000UL + id), host);
            theta[m] = thetas?.Slice(m * host.Length, host.Length) ?? backend.Allocate(host.Length).All;
            backend.Upload(host, theta[m]);
            optimizers[m] = o.Optimizer.Create(backend, Shape.Blocks, Xoshiro256.ForStream(seed, 2000UL + id));
            members[m] = MemberStatus.Start(firstMember + m);
        }

        double[]? deflationPoints = null;
        if (o.Deflation is { } deflate)
        {
            // Random stream 4: the fixed interior points the deflation norm is taken over.
            deflationPoints = new double[deflate.Points * d];
            UnitBallSampler.Interior(Xoshiro256.ForStream(seed, 4), d, deflationPoints);
            deflation = new NetworkDeflation<T>(backend, Shape, deflationPoints, deflate);
        }

        // How members step, decided for the whole ensemble, so that a shard computes each member the same way
        // (device batch, single-threaded lane or the shared backend) as the whole run does, even when it trains fewer
        // members than there are lanes.
        sequential = new SequentialStepper<T>(backend, loss, theta, optimizers, deflation, o.Loss.WeightDecay);
        int lanes = o.Deflation is null && !batched ? backend.Lanes(o.Ensemble.Members) : 1;
        stepper = batched
            ? new BatchedStepper<T>(backend, new EnsembleLoss<T>(backend, stageForms[0], Shape, k, o.Points.Interior, o.Points.Boundary, o.Loss), thetas!, theta, optimizers)
            : lanes >= 2
                ? new LaneStepper<T>(backend, new MemberLanes<T>(backend, Math.Min(lanes, k), Shape.ParameterCount, lane => PinnLoss<T>.ForLane(lane, stageForms[0], Shape, o.Points.Interior, o.Points.Boundary, o.Loss)), theta, optimizers)
                : sequential;
        stepper.SetPoints(loss.HostPoints);
        BatchesMembers = batched;

        if (o.Polish is not null)
        {
            // float64 on a CPU backend with the first-order backend's thread count, kernel choices and profiler.
            polishing = new PolishingPhase(o, Shape, stageForms[0], k, (backend as CpuBackend<T>)?.Kernels, backend.Profiler, deflationPoints);
        }
    }

    /// <summary>The problem.</summary>
    public TrainingProblem Problem { get; }

    /// <summary>The options.</summary>
    public RunOptions Options { get; }

    /// <summary>The network shape.</summary>
    public ResidualNetworkShape Shape { get; }

    /// <summary>Steps done: first-order steps, then polishing iterations (see <see cref="RunOptions.TotalSteps"/>).</summary>
    public long Step { get; private set; }

    /// <summary>Whether the run is in (or past the start of) its polishing phase.</summary>
    public bool Polishing => polishing?.Started ?? false;

    /// <summary>The polishing stage the run is in (0 without continuation; see <see cref="RunOptions.PolishStages"/>).</summary>
    public int Stage => polishing?.Stage ?? 0;

    /// <summary>Every member's status.</summary>
    public IReadOnlyList<MemberStatus> Members => members;

    /// <summary>A description of the compute backend.</summary>
    public string BackendName => backend.Name;

    /// <summary>
    /// Trains until <see cref="RunOptions.TotalSteps"/> or cancellation: the first-order steps, then the polishing
    /// phase if there is one. Metrics every EvaluateEvery first-order steps and after every polishing iteration go to
    /// the observer; <paramref name="checkpoint"/> (when given) is called every CheckpointEvery first-order steps,
    /// after every polishing iteration and at the end.
    /// </summary>
    /// <param name="observer">Progress sink (may be null).</param>
    /// <param name="checkpoint">Called with this trainer when a checkpoint is due.</param>
    /// <param name="cancellation">Stops after the current step.</param>
    public void Run(ITrainingObserver? observer, Action<Trainer<T>>? checkpoint, CancellationToken cancellation)
    {
        var o = Options;
        if (Polishing && Step < o.Training.Steps)
        {
            throw new InvalidOperationException($"This run is in its polishing phase (step {Step}): first-order steps cannot follow it (training.steps = {o.Training.Steps}).");
        }

        for (int m = 0; m < members.Length && Step < o.TotalSteps; m++)
        {
            if (members[m].State == MemberState.Completed)
            {
                members[m] = members[m].Restart(); // extended by a resume with more steps
            }
        }

        stepper.SetPoints(loss.HostPoints); // a loaded checkpoint brings its own points
        var totals = new double[members.Length];
        var outcomes = new StepOutcome?[members.Length];
        while (Step < o.Training.Steps && !cancellation.IsCancellationRequested && members.Any(m => m.Active))
        {
            if (o.Points.ResampleEvery > 0 && Step > 0 && Step % o.Points.ResampleEvery == 0)
            {
                loss.Resample(pointRandom);
                stepper.SetPoints(loss.HostPoints);
            }

            stepper.Step(members, totals, outcomes);
            for (int m = 0; m < members.Length; m++)
            {
                if (members[m].Active)
                {
                    if (outcomes[m] == StepOutcome.Bounced)
                    {
                        observer?.OnBounce(Step + 1, members[m].Index);
                    }

                    members[m] = members[m].AfterStep(Step + 1, totals[m], outcomes[m]);
                }
            }

            Step++;
            observer?.OnStep(Step, o.TotalSteps, members);
            if (Step % o.Training.EvaluateEvery == 0 || Step == o.Training.Steps)
            {
                observer?.OnMetrics(Evaluate());
            }

            if (Step % o.Training.CheckpointEvery == 0 || Step == o.Training.Steps)
            {
                checkpoint?.Invoke(this);
            }
        }

        if (o.Polish is not null && Step >= o.Training.Steps && !cancellation.IsCancellationRequested)
        {
            Polish(observer, checkpoint, cancellation);
        }

        if (Step >= o.TotalSteps)
        {
            for (int m = 0; m < members.Length; m++)
            {
                if (members[m].Active)
                {
                    members[m] = members[m].Complete();
                }
            }

            observer?.OnStep(Step, o.TotalSteps, members); // the final state, with every member's stop reason
        }
    }

    /// <summary>Whether the first-order steps evaluate the members batched on the device (<see cref="IComputeBackend{T}.BatchesMembers"/>).</summary>
    public bool BatchesMembers { get; }

    /// <summary>The first-order loss of member <paramref name="member"/> at its current θ and its gradient (deflated when known solutions are set); for tests.</summary>
    internal double StepLoss(int member, Span<double> gradientHost)
    {
        double total = sequential.Loss(member);
        backend.Download(sequential.Gradient.All, gradientHost);
        return total;
    }

    /// <summary>The polishing phase: one iteration of every unfinished member per step.</summary>
    private void Polish(ITrainingObserver? observer, Action<Trainer<T>>? checkpoint, CancellationToken cancellation)
    {
        var o = Options;
        var phase = polishing!;
        phase.Begin(ParametersAt);
        while (Step < o.TotalSteps && !cancellation.IsCancellationRequested)
        {
            long iteration = Step - o.Training.Steps;
            int due = o.PolishStageAt(iteration);
            if (due != phase.Stage)
            {
                EnterStage(due);
            }

            // A member whose polisher has converged or stalled waits for the next stage. The steps go on even when every
            // member waits (they cost an evaluation each): points are resampled and metrics written at the same steps
            // whichever members a run trains, so the shards of an ensemble reproduce the whole run exactly.
            var pending = Enumerable.Range(0, members.Length).Where(m => members[m].Active && !phase.Finished(m)).ToArray();
            var results = phase.Iterate(iteration, pending);
            foreach (int m in pending)
            {
                var result = results[m];
                if (result.Accepted)
                {
                    backend.Upload(phase.Theta(m), theta[m]);
                }

                members[m] = double.IsFinite(result.Loss)
                    ? members[m] with { LastLoss = result.Loss, BestLoss = Math.Min(members[m].BestLoss, result.Loss), PolishNote = result.StopReason ?? members[m].PolishNote }
                    : members[m].Stop(result.StopReason ?? $"loss not finite in polish iteration {iteration + 1}") with { LastLoss = result.Loss };
            }

            Step++;
            observer?.OnStep(Step, o.TotalSteps, members);
            observer?.OnMetrics(Evaluate());
            checkpoint?.Invoke(this);
        }
    }

    /// <summary>
    /// Switches to polishing stage <paramref name="next"/>: the validation and polishing losses take that stage's
    /// problem on the same points, and every member gets a fresh polisher (the θ carry over: the warm start).
    /// </summary>
    private void EnterStage(int next)
    {
        validation.SwitchTo(stageForms[next]);
        polishing!.EnterStage(next, stageForms[next]);
    }

    /// <summary>Validation metrics of every active (or completed) member at the current θ.</summary>
    public IReadOnlyList<MetricsRecord> Evaluate() => validation.Evaluate(Step, members, theta, m => Polishing ? polishing!.Last(m) : null);

    /// <summary>u of member <paramref name="member"/> at arbitrary points (values only).</summary>
    /// <param name="member">Member index in the whole ensemble (<see cref="MemberStatus.Index"/>).</param>
    /// <param name="points">Points of dimension d.</param>
    public double[] EvaluateMember(int member, IReadOnlyList<double[]> points) => NetworkEvaluation.Values(backend, Shape, theta[PositionOf(member)], points);

    /// <summary>Where member <paramref name="member"/> (its index in the whole ensemble, <see cref="MemberStatus.Index"/>) sits in this run's arrays.</summary>
    private int PositionOf(int member)
    {
        int position = member - firstMember;
        if (position < 0 || position >= members.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(member), member, $"This run trains members {firstMember} to {firstMember + members.Length - 1}.");
        }

        return position;
    }

    /// <summary>The fixed interior points the deflation norm is taken over (empty without <see cref="RunOptions.Deflation"/>).</summary>
    public IReadOnlyList<double[]> DeflationPoints => deflation is null
        ? []
        : Enumerable.Range(0, deflation.PointCount).Select(i => deflation.HostPoints.AsSpan(i * Shape.InputDimension, Shape.InputDimension).ToArray()).ToArray();

    /// <summary>How many known solutions deflate this run.</summary>
    public int DeflatedSolutions => deflation?.Count ?? 0;

    /// <summary>
    /// Adds a known solution to deflate against, in both phases and for every member: from now on each member minimises
    /// M²·(data loss) + penalty, with M of <see cref="RunOptions.Deflation"/> (see <see cref="Optimization.DeflationFactor"/>).
    /// Before the first step: a deflated run is not checkpointed.
    /// </summary>
    /// <param name="solution">The known solution u_j(x) (e.g. a catalogue entry, or a network found earlier).</param>
    public void Deflate(Func<double[], double> solution)
    {
        ArgumentNullException.ThrowIfNull(solution);
        if (deflation is null)
        {
            throw new InvalidOperationException("This run has no deflation settings: set RunOptions.Deflation.");
        }

        Deflate(DeflationPoints.Select(solution).ToArray());
    }

    /// <summary>Adds a known solution by its values at <see cref="DeflationPoints"/> (see <see cref="Deflate(Func{double[], double})"/>).</summary>
    /// <param name="valuesAtDeflationPoints">u_j at each deflation point, in order.</param>
    public void Deflate(double[] valuesAtDeflationPoints)
    {
        ArgumentNullException.ThrowIfNull(valuesAtDeflationPoints);
        if (deflation is null)
        {
            throw new InvalidOperationException("This run has no deflation settings: set RunOptions.Deflation.");
        }

        if (Step > 0)
        {
            throw new InvalidOperationException("Known solutions are given before the first step.");
        }

        deflation.Add(valuesAtDeflationPoints);
        polishing?.Deflate(valuesAtDeflationPoints);
    }

    /// <summary>Member <paramref name="member"/>'s parameters as doubles (exactly the polished float64 values once polishing has begun).</summary>
    /// <param name="member">Member index in the whole ensemble (<see cref="MemberStatus.Index"/>).</param>
    public double[] Parameters(int member) => ParametersAt(PositionOf(member));

    private double[] ParametersAt(int member)
    {
        if (Polishing)
        {
            return polishing!.Parameters(member);
        }

        var host = new double[Shape.ParameterCount];
        backend.Download(theta[member], host);
        return host;
    }

    /// <summary>
    /// Starts member <paramref name="member"/> from given parameters instead of its initial network (a warm start,
    /// e.g. from a solved neighbouring problem in a continuation). Only before the first step.
    /// </summary>
    /// <param name="member">Member index in the whole ensemble (<see cref="MemberStatus.Index"/>).</param>
    /// <param name="parameters">θ, <see cref="ResidualNetworkShape.ParameterCount"/> finite values.</param>
    public void WarmStart(int member, ReadOnlySpan<double> parameters)
    {
        member = PositionOf(member);
        if (Step != 0)
        {
            throw new InvalidOperationException($"A warm start must come before the first step; this run is at step {Step}.");
        }

        if (parameters.Length != Shape.ParameterCount)
        {
            throw new ArgumentException($"The network has {Shape.ParameterCount} parameters, not {parameters.Length}.", nameof(parameters));
        }

        foreach (double x in parameters)
        {
            if (!double.IsFinite(x))
            {
                throw new ArgumentException("The warm-start parameters must be finite.", nameof(parameters));
            }
        }

        backend.Upload(parameters, theta[member]);
    }

    /// <summary>Writes the checkpoint atomically (<see cref="CheckpointWriter"/>).</summary>
    /// <param name="path">The file.</param>
    public void Save(string path)
    {
        if (DeflatedSolutions > 0)
        {
            throw new InvalidOperationException("A deflated run is not checkpointed: its known solutions are not part of the checkpoint format.");
        }

        var saved = new MemberCheckpoint[members.Length];
        for (int m = 0; m < members.Length; m++)
        {
            var s = members[m];
            saved[m] = new MemberCheckpoint(s.Active, s.StopReason, s.LastLoss, s.BestLoss, s.Bounces, s.PolishNote ?? string.Empty, ParametersAt(m), optimizers[m].SaveState());
        }

        var polish = polishing?.Save();
        var checkpoint = new TrainerCheckpoint(
            CheckpointWriter.Format, Identity, Options.Training.Seed, typeof(T) == typeof(float) ? "f32" : "f64", Shape.ParameterCount, Step,
            new PointStreamCheckpoint(pointRandom.SaveState(), loss.HostPoints), saved, polish);
        var bytes = CheckpointWriter.Write(checkpoint);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Which run a checkpoint belongs to (<see cref="RunIdentity"/>).</summary>
    public string Identity => RunIdentity.Of(Problem, Options);

    /// <summary>Restores a checkpoint written by <see cref="Save"/> (or in an older format <see cref="CheckpointReader"/> reads) for the same problem and options.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="InvalidDataException">The file is not a checkpoint of this run.</exception>
    public void Load(string path)
    {
        string Fail(string what) => throw new InvalidDataException($"{path} is not a usable checkpoint for this run: {what}.");
        var c = CheckpointReader.Read(File.ReadAllBytes(path), path);
        if (c.Identity is { } identity && identity != Identity)
        {
            Fail(c.Seed != Options.Training.Seed
                ? $"it belongs to another run (seed {c.Seed}, this run's is {Options.Training.Seed})"
                : "it belongs to another run (the problem or the settings differ)");
        }

        if (c.Precision != (typeof(T) == typeof(float) ? "f32" : "f64"))
        {
            Fail($"it was written in {c.Precision}");
        }

        if (c.ParameterCount != Shape.ParameterCount || c.Members.Count != members.Length)
        {
            Fail("the network size or ensemble size differs from the configuration");
        }

        if (c.Points.Points.Length != loss.HostPoints.Length)
        {
            Fail("the point count differs from the configuration");
        }

        if ((c.Polish is not null) != (polishing is not null))
        {
            Fail("the configuration's polishing phase differs from the run's");
        }

        if (c.Polish is { } p)
        {
            if (p.Stage < 0 || p.Stage >= stageForms.Count)
            {
                Fail($"it is in polishing stage {p.Stage} and the configuration has {stageForms.Count}");
            }

            if (p.Points.Points.Length != polishing!.Points.Length)
            {
                Fail("the polishing phase's point count differs from the configuration");
            }
        }

        Step = c.Step;
        pointRandom = Xoshiro256.Restore(c.Points.RandomState);
        loss.SetPoints(c.Points.Points);
        for (int m = 0; m < members.Length; m++)
        {
            var saved = c.Members[m];
            var state = saved.Active ? MemberState.Training : saved.StopReason == MemberStatus.CompletedText ? MemberState.Completed : MemberState.Stopped;
            members[m] = new MemberStatus(firstMember + m, state, saved.StopReason, saved.LastLoss, saved.BestLoss, saved.Bounces, saved.PolishNote.Length == 0 ? null : saved.PolishNote);
            backend.Upload(saved.Parameters, theta[m]);
            optimizers[m].RestoreState(saved.Optimizer);
        }

        if (c.Polish is { } polish)
        {
            if (polish.Stage != Stage)
            {
                EnterStage(polish.Stage);
            }

            polishing!.Restore(polish, c.Members.Select(m => m.Parameters).ToList());
        }
    }

    /// <inheritdoc />
    void ITrainer.Run(ITrainingObserver? observer, Action? checkpoint, CancellationToken cancellation) =>
        Run(observer, checkpoint is null ? null : _ => checkpoint(), cancellation);

    /// <inheritdoc />
    public void Dispose()
    {
        // Host buffers are garbage-collected; a device backend would free its memory here.
    }
}
