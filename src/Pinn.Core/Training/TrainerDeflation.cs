namespace Pinn.Core.Training;

/// <summary>Deflation against a known solution given as a function.</summary>
public static class TrainerDeflation
{
    /// <summary>
    /// Adds a known solution u_j(x) to deflate against, in both phases and for every member: from then on each member
    /// minimises M²·(data loss) + penalty (<see cref="Optimization.DeflationFactor"/>). Before the first step.
    /// </summary>
    /// <param name="trainer">A run with <see cref="RunOptions.Deflation"/> set.</param>
    /// <param name="solution">The known solution (e.g. a catalog entry, or a network found earlier).</param>
    public static void Deflate(this ITrainer trainer, Func<double[], double> solution)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(solution);
        trainer.Deflate(trainer.DeflationPoints.Select(solution).ToArray());
    }
}
