using Pinn.Core.Optimization;

namespace Pinn.Optimizers;

/// <summary>Everything <see cref="Bbi{T}"/> needs to continue bit for bit, by name (stored in a checkpoint as an <see cref="OptimizerState"/>).</summary>
/// <param name="Energy">E, the conserved energy.</param>
/// <param name="InitialV">V at the first step (the bounce criterion's reference).</param>
/// <param name="MinimumV">The lowest V seen.</param>
/// <param name="Shift">ΔV, the energy shift.</param>
/// <param name="Iteration">Steps taken.</param>
/// <param name="FixedCounter">Steps since the last fixed-period bounce.</param>
/// <param name="ProgressCounter">Steps without progress.</param>
/// <param name="FixedBounces">Fixed-period bounces done.</param>
/// <param name="MomentumInitialized">Whether π has been set from the first gradient.</param>
/// <param name="Momentum">π.</param>
/// <param name="Random">The bounce directions' generator state, when the optimizer owns a <c>Xoshiro256</c>.</param>
public sealed record BbiState(
    double Energy,
    double InitialV,
    double MinimumV,
    double Shift,
    long Iteration,
    long FixedCounter,
    long ProgressCounter,
    long FixedBounces,
    bool MomentumInitialized,
    double[] Momentum,
    ulong[]? Random)
{
    /// <summary>The checkpoint form (its keys are the checkpoint format's).</summary>
    public OptimizerState ToState() => new()
    {
        Kind = BbiOptions.KindName,
        Scalars = { ["energy"] = Energy, ["initialV"] = InitialV, ["minimumV"] = MinimumV, ["shift"] = Shift },
        Counters =
        {
            ["iteration"] = Iteration, ["fixedCounter"] = FixedCounter, ["progressCounter"] = ProgressCounter,
            ["fixedBounces"] = FixedBounces, ["momentumInitialized"] = MomentumInitialized ? 1 : 0,
        },
        Vectors = { ["momentum"] = Momentum },
        Random = Random,
    };

    /// <summary>Reads the checkpoint form.</summary>
    /// <param name="state">A state written by <see cref="ToState"/>.</param>
    /// <exception cref="InvalidDataException">It is another optimizer's, or lacks a field.</exception>
    public static BbiState From(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.ExpectKind(BbiOptions.KindName);
        return new BbiState(
            state.Scalar("energy"), state.Scalar("initialV"), state.Scalar("minimumV"), state.Scalar("shift"),
            state.Counter("iteration"), state.Counter("fixedCounter"), state.Counter("progressCounter"), state.Counter("fixedBounces"),
            state.Counter("momentumInitialized") != 0, state.Vector("momentum"), state.Random);
    }
}
