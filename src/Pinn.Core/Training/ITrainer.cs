using Pinn.Core.Networks;

namespace Pinn.Core.Training;

/// <summary>
/// A trainer whatever its precision (<see cref="Trainer{T}"/> in float32 or float64): what runs, checkpoints, metrics,
/// classification and discovery need of it. Obtain one for a run's options with <c>Pinn.Runs.RunSession.Start</c>, which
/// chooses the precision and the device.
/// </summary>
public interface ITrainer : IDisposable
{
    /// <summary>The problem.</summary>
    TrainingProblem Problem { get; }

    /// <summary>The options.</summary>
    RunOptions Options { get; }

    /// <summary>The network shape.</summary>
    ResidualNetworkShape Shape { get; }

    /// <summary>Steps done: first-order steps, then polishing iterations (see <see cref="RunOptions.TotalSteps"/>).</summary>
    long Step { get; }

    /// <summary>Whether the run is in (or past the start of) its polishing phase.</summary>
    bool Polishing { get; }

    /// <summary>The polishing stage the run is in (0 without continuation).</summary>
    int Stage { get; }

    /// <summary>Every member's status.</summary>
    IReadOnlyList<MemberStatus> Members { get; }

    /// <summary>A description of the compute backend.</summary>
    string BackendName { get; }

    /// <summary>Which run this is (<see cref="Checkpoints.RunIdentity"/>).</summary>
    string Identity { get; }

    /// <summary>The fixed interior points the deflation norm is taken over (empty without deflation).</summary>
    IReadOnlyList<double[]> DeflationPoints { get; }

    /// <summary>How many known solutions deflate this run.</summary>
    int DeflatedSolutions { get; }

    /// <summary>
    /// Trains until <see cref="RunOptions.TotalSteps"/> or cancellation: the first-order steps, then the polishing phase
    /// if there is one. Metrics every EvaluateEvery first-order steps and after every polishing iteration go to the
    /// observer; <paramref name="checkpoint"/> is called every CheckpointEvery first-order steps, after every polishing
    /// iteration and at the end.
    /// </summary>
    /// <param name="observer">Progress sink (may be null).</param>
    /// <param name="checkpoint">Called when a checkpoint is due (may be null).</param>
    /// <param name="cancellation">Stops after the current step.</param>
    void Run(ITrainingObserver? observer, Action? checkpoint, CancellationToken cancellation);

    /// <summary>Validation metrics of every member that has not stopped.</summary>
    IReadOnlyList<MetricsRecord> Evaluate();

    /// <summary>u of a member at arbitrary points.</summary>
    /// <param name="member">Member index in the whole ensemble.</param>
    /// <param name="points">Points of dimension d.</param>
    double[] EvaluateMember(int member, IReadOnlyList<double[]> points);

    /// <summary>A member's parameters as doubles.</summary>
    /// <param name="member">Member index in the whole ensemble.</param>
    double[] Parameters(int member);

    /// <summary>Starts a member from given parameters (before the first step).</summary>
    /// <param name="member">Member index in the whole ensemble.</param>
    /// <param name="parameters">θ.</param>
    void WarmStart(int member, ReadOnlySpan<double> parameters);

    /// <summary>Adds a known solution to deflate against, by its values at <see cref="DeflationPoints"/>.</summary>
    /// <param name="valuesAtDeflationPoints">u_j at each deflation point.</param>
    void Deflate(double[] valuesAtDeflationPoints);

    /// <summary>Writes the checkpoint atomically.</summary>
    /// <param name="path">The file.</param>
    void Save(string path);

    /// <summary>Restores a checkpoint of this run.</summary>
    /// <param name="path">The file.</param>
    void Load(string path);
}
