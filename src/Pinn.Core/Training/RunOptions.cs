using Pinn.Core.Configuration;
using Pinn.Core.Loss;
using Pinn.Core.Optimization;

namespace Pinn.Core.Training;

/// <summary>Everything a run needs besides the problem: one validated record.</summary>
/// <param name="Network">The network.</param>
/// <param name="Points">Collocation points.</param>
/// <param name="Loss">Loss weights.</param>
/// <param name="Optimizer">The optimizer (its own validated options).</param>
/// <param name="Training">Steps, seed, precision, device.</param>
/// <param name="Ensemble">Members.</param>
/// <param name="Polish">An optional second phase after the first-order steps: Gauss–Newton polishing of every member.</param>
/// <param name="Continuation">Optional continuation in a problem parameter: the polishing phase runs in stages (requires <paramref name="Polish"/>).</param>
/// <param name="Deflation">
/// Optional deflation settings: once known solutions are given (<see cref="Trainer{T}.Deflate(Func{double[], double})"/>), both phases minimise
/// M²·(data loss) + penalty instead of the plain loss (see <see cref="DeflationOptions"/>).
/// </param>
public sealed record RunOptions(NetworkOptions Network, PointOptions Points, LossOptions Loss, IOptimizerOptions Optimizer, TrainingOptions Training, EnsembleOptions Ensemble, IPolisherOptions? Polish = null, ContinuationOptions? Continuation = null, DeflationOptions? Deflation = null)
{
    /// <summary>Polishing stages: one, or one per continuation value plus the problem's own.</summary>
    public int PolishStages => Polish is null ? 0 : Continuation?.Stages ?? 1;

    /// <summary>Steps of the whole run: first-order steps, then one per polishing iteration of every stage.</summary>
    public long TotalSteps => Training.Steps + (Polish?.Iterations ?? 0) * PolishStages;

    /// <summary>Validates every section.</summary>
    public RunOptions Validate()
    {
        Network.Validate();
        Points.Validate();
        Loss.Validate();
        Training.Validate();
        Ensemble.Validate();
        Continuation?.Validate();
        Deflation?.Validate();
        if (Continuation is not null && Polish is null)
        {
            throw new OptionsValidationException(nameof(Continuation), "Continuation needs a polishing phase: its stages are polishing stages (set Polish).");
        }

        return this;
    }
}
