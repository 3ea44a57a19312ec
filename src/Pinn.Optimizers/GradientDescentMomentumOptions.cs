using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Configuration;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Randomness;

namespace Pinn.Optimizers;

/// <summary>Gradient descent with momentum, PyTorch SGD semantics.</summary>
/// <param name="LearningRate">lr &gt; 0.</param>
/// <param name="Momentum">μ in [0, 1).</param>
/// <param name="Dampening">τ in [0, 1].</param>
/// <param name="WeightDecay">L2 coefficient added to the gradient, ≥ 0.</param>
public sealed record GradientDescentMomentumOptions(double LearningRate = 1e-3, double Momentum = 0.9, double Dampening = 0, double WeightDecay = 0) : IOptimizerOptions
{
    /// <inheritdoc />
    public string Kind => KindName;

    /// <summary>The kind's name in configurations and checkpoints.</summary>
    public const string KindName = "gdm";

    /// <summary>Throws naming the field when a setting is invalid.</summary>
    public GradientDescentMomentumOptions Validate()
    {
        Guard.Positive(LearningRate, nameof(LearningRate));
        Guard.UnitInterval(Momentum, nameof(Momentum));
        if (!(Dampening >= 0 && Dampening <= 1))
        {
            throw new OptionsValidationException(nameof(Dampening), "Dampening must be in [0, 1].");
        }

        Guard.NonNegative(WeightDecay, nameof(WeightDecay));
        return this;
    }

    /// <inheritdoc />
    public IOptimizer<T> Create<T>(IComputeBackend<T> backend, IReadOnlyList<ParameterBlock> blocks, IRandomSource random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => new GradientDescentMomentum<T>(backend, blocks[^1].Offset + blocks[^1].Length, this);
}
