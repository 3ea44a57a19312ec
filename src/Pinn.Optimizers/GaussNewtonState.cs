using Pinn.Core.Optimization;

namespace Pinn.Optimizers;

/// <summary>Everything <see cref="GaussNewton"/> needs to continue bit for bit, by name (stored in a checkpoint as an <see cref="OptimizerState"/>).</summary>
/// <param name="Damping">μ, the Levenberg–Marquardt damping (in units of <paramref name="Scale"/>).</param>
/// <param name="Scale">The damping's unit: the mean diagonal of the first Gram matrix.</param>
/// <param name="Growth">ν, the factor of the next rejection.</param>
/// <param name="Iterations">Iterations done.</param>
/// <param name="Finished">Whether the polisher has stopped (converged or out of damping).</param>
public sealed record GaussNewtonState(double Damping, double Scale, double Growth, long Iterations, bool Finished)
{
    /// <summary>The checkpoint form (its keys are the checkpoint format's).</summary>
    public OptimizerState ToState() => new()
    {
        Kind = GaussNewtonOptions.KindName,
        Scalars = { ["damping"] = Damping, ["scale"] = Scale, ["growth"] = Growth },
        Counters = { ["iterations"] = Iterations, ["finished"] = Finished ? 1 : 0 },
    };

    /// <summary>Reads the checkpoint form.</summary>
    /// <param name="state">A state written by <see cref="ToState"/>.</param>
    /// <exception cref="InvalidDataException">It is another optimizer's, or lacks a field.</exception>
    public static GaussNewtonState From(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.ExpectKind(GaussNewtonOptions.KindName);
        return new GaussNewtonState(state.Scalar("damping"), state.Scalar("scale"), state.Scalar("growth"), state.Counter("iterations"), state.Counter("finished") != 0);
    }
}
