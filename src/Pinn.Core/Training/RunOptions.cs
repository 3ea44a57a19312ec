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
/// Optional deflation settings: once known solutions are given (<see cref="ITrainer.Deflate"/>), both phases minimise
/// M²·(data loss) + penalty instead of the plain loss (see <see cref="DeflationOptions"/>).
/// </param>
/// <param name="Shard">Optional: train only this shard's members of the ensemble (see <see cref="ShardOptions"/>).</param>
public sealed record RunOptions(NetworkOptions Network, PointOptions Points, LossOptions Loss, IOptimizerOptions Optimizer, TrainingOptions Training, EnsembleOptions Ensemble, IPolisherOptions? Polish = null, ContinuationOptions? Continuation = null, DeflationOptions? Deflation = null, ShardOptions? Shard = null)
{
    /// <summary>The first member this run trains and how many (the whole ensemble unless <see cref="Shard"/> is set).</summary>
    public (int First, int Count) TrainedMembers => Shard?.MembersOf(Ensemble.Members) ?? (0, Ensemble.Members);

    /// <summary>Polishing stages: one, or one per continuation value plus the problem's own.</summary>
    public int PolishStages => Polish is null ? 0 : Continuation?.Stages ?? 1;

    /// <summary>Steps of the whole run: first-order steps, then one per polishing iteration of every stage.</summary>
    public long TotalSteps => Training.Steps + PolishStageEnd(PolishStages - 1);

    /// <summary>Polishing iterations of the stages before the last (the last runs <see cref="IPolisherOptions.Iterations"/>).</summary>
    private long IterationsPerStage => Polish is null ? 0 : Continuation?.IterationsPerStage(Polish.Iterations) ?? Polish.Iterations;

    /// <summary>The polishing stage that polishing iteration <paramref name="iteration"/> (from 0) belongs to.</summary>
    /// <param name="iteration">Iterations since the polishing phase began.</param>
    public int PolishStageAt(long iteration) => PolishStages <= 1 ? 0 : (int)Math.Min(iteration / IterationsPerStage, PolishStages - 1);

    /// <summary>Polishing iterations from the start of the phase to the end of stage <paramref name="stage"/> (0 for stage −1).</summary>
    /// <param name="stage">A stage, from −1 (before the first) to <see cref="PolishStages"/> − 1.</param>
    public long PolishStageEnd(int stage) => stage < 0 ? 0 : stage == PolishStages - 1 ? (stage * IterationsPerStage) + Polish!.Iterations : (stage + 1) * IterationsPerStage;

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
        if (Shard is { } shard)
        {
            shard.Validate();
            if (shard.Count > Ensemble.Members)
            {
                throw new OptionsValidationException(nameof(Shard), $"{shard.Count} shards need at least {shard.Count} members (the ensemble has {Ensemble.Members}): every shard trains one or more.");
            }
        }
        if (Continuation is not null && Polish is null)
        {
            throw new OptionsValidationException(nameof(Continuation), "Continuation needs a polishing phase: its stages are polishing stages (set Polish).");
        }

        return this;
    }
}
