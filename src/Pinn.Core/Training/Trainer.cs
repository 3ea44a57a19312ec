using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Configuration;
using Pinn.Core.IO;
using Pinn.Core.Networks;
using Pinn.Core.Problems;
using Pinn.Core.Training.Checkpoints;

namespace Pinn.Core.Training;

/// <summary>
/// Trains an ensemble of K networks in lockstep: the loop, the observers and the checkpoints, over parts that each do
/// one thing — <see cref="MemberSet{T}"/> (θ, optimizers, statuses), <see cref="FirstOrderPhase{T}"/> (points and how
/// members step), <see cref="PolishingPhase"/> (float64 Gauss–Newton, one stage per continuation value),
/// <see cref="NetworkDeflation{T}"/> and <see cref="ValidationSet{T}"/>. <see cref="Step"/> counts first-order steps,
/// then polishing iterations. A member whose loss stops being finite is stopped with its <see cref="StopCause"/>; the
/// others go on. <see cref="Load"/> continues a checkpoint bit for bit (same thread count) in either phase. With
/// <see cref="RunOptions.Shard"/> the run trains a block of members, each as the whole run does. Random streams of a
/// seed: 0 / 1000 + k initial networks, 1 points, 2 validation, 3 polishing points, 4 deflation, 2000 + k optimizers.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class Trainer<T> : ITrainer
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IComputeBackend<T> backend;
    private readonly IDisposable? ownedBackend;
    private readonly IReadOnlyList<ResidualForm> stageForms;
    private readonly ValidationSet<T> validation;
    private readonly MemberSet<T> set;
    private readonly FirstOrderPhase<T> firstOrder;
    private readonly PolishingPhase? polishing;
    private readonly NetworkDeflation<T>? deflation;

    /// <summary>Sets up a run at step 0.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="options">Validated run options.</param>
    /// <param name="backend">
    /// Where the first-order phase computes; null for a <see cref="CpuBackend{T}"/> with <see cref="TrainingOptions.Threads"/>
    /// threads. The float64 polishing phase runs on a CPU backend with the same thread count, kernel choices and profiler.
    /// </param>
    /// <param name="ownsBackend">Whether <see cref="Dispose"/> disposes <paramref name="backend"/> (freeing its device memory).</param>
    public Trainer(TrainingProblem problem, RunOptions options, IComputeBackend<T>? backend = null, bool ownsBackend = false)
    {
        Problem = problem;
        var o = Options = options.Validate();
        RunMemory.Check(o, problem.Form.Dimension); // before any large array: refused in one line, not "Out of memory." part-way
        Shape = new ResidualNetworkShape(problem.Form.Dimension, o.Network.Width, o.Network.Depth, o.Network.Activation).Validate();
        this.backend = backend ??= new CpuBackend<T>(o.Training.Threads);
        ownedBackend = ownsBackend ? backend as IDisposable : null;
        stageForms = o.Continuation?.StageForms(problem.Form) ?? [problem.Form];
        validation = new ValidationSet<T>(backend, Shape, o, stageForms[0], problem.KnownSolutions);
        int k = o.TrainedMembers.Count;
        BatchesMembers = backend.BatchesMembers && o.Deflation is null && k >= 2; // then the members' θ are one buffer
        set = new MemberSet<T>(backend, Shape, o, BatchesMembers);
        deflation = NetworkDeflation<T>.For(backend, Shape, o);
        firstOrder = new FirstOrderPhase<T>(backend, Shape, o, stageForms[0], set, deflation);
        polishing = o.Polish is null ? null : new PolishingPhase(o, Shape, stageForms[0], k, (backend as CpuBackend<T>)?.Kernels, backend.Profiler, deflation?.HostPoints);
    }

    /// <inheritdoc />
    public TrainingProblem Problem { get; }

    /// <inheritdoc />
    public RunOptions Options { get; }

    /// <inheritdoc />
    public ResidualNetworkShape Shape { get; }

    /// <inheritdoc />
    public long Step { get; private set; }

    /// <inheritdoc />
    public bool Polishing => polishing?.Started ?? false;

    /// <inheritdoc />
    public int Stage => polishing?.Stage ?? 0;

    /// <inheritdoc />
    public IReadOnlyList<MemberStatus> Members => set.Status;

    /// <inheritdoc />
    public string BackendName => backend.Name;

    /// <summary>Whether the first-order steps evaluate the members batched on the device (<see cref="IComputeRuntime{T}.BatchesMembers"/>).</summary>
    public bool BatchesMembers { get; }

    /// <inheritdoc />
    public string Identity => RunIdentity.Of(Problem, Options);

    /// <inheritdoc />
    public IReadOnlyList<double[]> DeflationPoints => deflation?.Points ?? [];

    /// <inheritdoc />
    public int DeflatedSolutions => deflation?.Count ?? 0;

    /// <summary>
    /// Trains until <see cref="RunOptions.TotalSteps"/> or cancellation (see <see cref="ITrainer.Run"/>); the checkpoint
    /// callback gets this trainer.
    /// </summary>
    /// <param name="observer">Progress sink (may be null).</param>
    /// <param name="checkpoint">Called with this trainer when a checkpoint is due (may be null).</param>
    /// <param name="cancellation">Stops after the current step.</param>
    public void Run(ITrainingObserver? observer, Action<Trainer<T>>? checkpoint, CancellationToken cancellation)
    {
        var o = Options;
        var members = set.Status;
        Guard.State(!Polishing || Step >= o.Training.Steps, $"This run is in its polishing phase (step {Step}): first-order steps cannot follow it (training.steps = {o.Training.Steps}).");

        if (Step < o.TotalSteps)
        {
            set.RestartCompleted(); // a resume given more steps
        }

        while (Step < o.Training.Steps && !cancellation.IsCancellationRequested && members.Any(m => m.Active))
        {
            firstOrder.Step(Step, members, observer);
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

        if (polishing is not null && Step >= o.Training.Steps && !cancellation.IsCancellationRequested)
        {
            Polish(polishing, observer, checkpoint, cancellation);
        }

        if (Step >= o.TotalSteps)
        {
            set.CompleteActive();
            observer?.OnStep(Step, o.TotalSteps, members); // the final state, with every member's stop reason
        }
    }

    /// <summary>The polishing phase: one iteration of every unfinished member per step.</summary>
    private void Polish(PolishingPhase phase, ITrainingObserver? observer, Action<Trainer<T>>? checkpoint, CancellationToken cancellation)
    {
        var members = set.Status;
        phase.Begin(set.Download);
        while (Step < Options.TotalSteps && !cancellation.IsCancellationRequested)
        {
            long iteration = Step - Options.Training.Steps;
            EnterStage(Options.PolishStageAt(iteration));

            // A member whose polisher has converged or stalled waits for the next stage. The steps go on even when every
            // member waits, so that the shards of an ensemble resample and write metrics at the same steps as the whole run.
            phase.Step(iteration, members, (m, theta) => set.Upload(m, theta));
            Step++;
            observer?.OnStep(Step, Options.TotalSteps, members);
            observer?.OnMetrics(Evaluate());
            checkpoint?.Invoke(this);
        }
    }

    /// <summary>Enters polishing stage <paramref name="next"/> unless the run is in it: its problem on the same points, a fresh polisher per member, θ carried over.</summary>
    private void EnterStage(int next)
    {
        if (next == Stage)
        {
            return;
        }

        validation.SwitchTo(stageForms[next]);
        polishing!.EnterStage(next, stageForms[next]);
    }

    /// <inheritdoc />
    public IReadOnlyList<MetricsRecord> Evaluate() => validation.Evaluate(Step, set.Status, set.Theta, m => Polishing ? polishing!.Last(m) : null);

    /// <inheritdoc />
    public double[] EvaluateMember(int member, IReadOnlyList<double[]> points) => NetworkEvaluation.Values(backend, Shape, set.Theta[set.PositionOf(member)], points);

    /// <summary>The first-order loss of member <paramref name="member"/> at its current θ and its gradient (deflated when known solutions are set); for tests.</summary>
    internal double StepLoss(int member, Span<double> gradientHost) => firstOrder.Loss(member, gradientHost);

    /// <inheritdoc />
    public void Deflate(double[] valuesAtDeflationPoints)
    {
        ArgumentNullException.ThrowIfNull(valuesAtDeflationPoints);
        Guard.State(deflation is not null, "This run has no deflation settings: set RunOptions.Deflation.");
        Guard.State(Step == 0, "Known solutions are given before the first step.");
        deflation!.Add(valuesAtDeflationPoints);
        polishing?.Deflate(valuesAtDeflationPoints);
    }

    /// <inheritdoc />
    public double[] Parameters(int member) => ParametersAt(set.PositionOf(member));

    private double[] ParametersAt(int position) => Polishing ? polishing!.Parameters(position) : set.Download(position);

    /// <inheritdoc />
    public void WarmStart(int member, ReadOnlySpan<double> parameters)
    {
        int position = set.PositionOf(member);
        Guard.State(Step == 0, $"A warm start must come before the first step; this run is at step {Step}.");
        set.CheckParameters(parameters);
        set.Upload(position, parameters);
    }

    /// <summary>Writes the checkpoint atomically (<see cref="CheckpointWriter"/>).</summary>
    /// <param name="path">The file.</param>
    public void Save(string path)
    {
        Guard.State(DeflatedSolutions == 0, "A deflated run is not checkpointed: its known solutions are not part of the checkpoint format.");
        var checkpoint = new TrainerCheckpoint(
            CheckpointWriter.Format, Identity, Options.Training.Seed, PrecisionName, Shape.ParameterCount, Step,
            firstOrder.Save(), set.Save(ParametersAt), polishing?.Save());
        var bytes = CheckpointWriter.Write(checkpoint);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Restores a checkpoint written by <see cref="Save"/> (or in an older format <see cref="CheckpointReader"/> reads) for the same problem and options.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="InvalidDataException">The file is not a checkpoint of this run.</exception>
    public void Load(string path)
    {
        var c = CheckpointReader.Read(File.ReadAllBytes(path), path);
        new CheckpointCompatibility(Identity, Options.Training.Seed, PrecisionName, Shape.ParameterCount, set.Count, firstOrder.Points.Length, stageForms.Count, polishing?.Points.Length).Check(c, path);
        Step = c.Step;
        firstOrder.Restore(c.Points);
        set.Restore(c.Members);
        if (c.Polish is { } polish)
        {
            EnterStage(polish.Stage);
            polishing!.Restore(polish, c.Members.Select(m => m.Parameters).ToList());
        }
    }

    private static string PrecisionName => typeof(T) == typeof(float) ? "f32" : "f64";

    /// <inheritdoc />
    void ITrainer.Run(ITrainingObserver? observer, Action? checkpoint, CancellationToken cancellation) =>
        Run(observer, checkpoint is null ? null : _ => checkpoint(), cancellation);

    /// <summary>Frees the backend's memory when this trainer owns it (a device's buffers are released now, not at exit).</summary>
    public void Dispose() => ownedBackend?.Dispose();
}
