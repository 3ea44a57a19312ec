using Pinn.Core.Optimization;

namespace Pinn.Optimizers;

/// <summary>Everything <see cref="Adam{T}"/> needs to continue bit for bit, by name (stored in a checkpoint as an <see cref="OptimizerState"/>).</summary>
/// <param name="Steps">Steps taken (the bias corrections' t).</param>
/// <param name="FirstMoment">m.</param>
/// <param name="SecondMoment">v.</param>
public sealed record AdamState(long Steps, double[] FirstMoment, double[] SecondMoment)
{
    /// <summary>The checkpoint form (its keys are the checkpoint format's).</summary>
    public OptimizerState ToState() => new() { Kind = AdamOptions.KindName, Counters = { ["steps"] = Steps }, Vectors = { ["m"] = FirstMoment, ["v"] = SecondMoment } };

    /// <summary>Reads the checkpoint form.</summary>
    /// <param name="state">A state written by <see cref="ToState"/>.</param>
    /// <exception cref="InvalidDataException">It is another optimizer's, or lacks a field.</exception>
    public static AdamState From(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.ExpectKind(AdamOptions.KindName);
        return new AdamState(state.Counter("steps"), state.Vector("m"), state.Vector("v"));
    }
}
