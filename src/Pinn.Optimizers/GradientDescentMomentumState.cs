using Pinn.Core.Optimization;

namespace Pinn.Optimizers;

/// <summary>Everything <see cref="GradientDescentMomentum{T}"/> needs to continue bit for bit, by name (stored in a checkpoint as an <see cref="OptimizerState"/>).</summary>
/// <param name="Steps">Steps taken.</param>
/// <param name="Buffer">The momentum buffer.</param>
public sealed record GradientDescentMomentumState(long Steps, double[] Buffer)
{
    /// <summary>The checkpoint form (its keys are the checkpoint format's).</summary>
    public OptimizerState ToState() => new() { Kind = GradientDescentMomentumOptions.KindName, Counters = { ["steps"] = Steps }, Vectors = { ["buffer"] = Buffer } };

    /// <summary>Reads the checkpoint form.</summary>
    /// <param name="state">A state written by <see cref="ToState"/>.</param>
    /// <exception cref="InvalidDataException">It is another optimizer's, or lacks a field.</exception>
    public static GradientDescentMomentumState From(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.ExpectKind(GradientDescentMomentumOptions.KindName);
        return new GradientDescentMomentumState(state.Counter("steps"), state.Vector("buffer"));
    }
}
