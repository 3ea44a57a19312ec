using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Configuration;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Randomness;

namespace Pinn.Optimizers;

/// <summary>Adam, PyTorch semantics (L2 weight decay added to the gradient, not AdamW).</summary>
/// <param name="LearningRate">lr &gt; 0.</param>
/// <param name="Beta1">β₁ in [0, 1).</param>
/// <param name="Beta2">β₂ in [0, 1).</param>
/// <param name="Epsilon">ε &gt; 0.</param>
/// <param name="WeightDecay">≥ 0.</param>
public sealed record AdamOptions(double LearningRate = 1e-3, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, double WeightDecay = 0) : IOptimizerOptions
{
    /// <inheritdoc />
    public string Kind => KindName;

    /// <summary>The kind's name in configurations and checkpoints.</summary>
    public const string KindName = "adam";

    /// <summary>Throws naming the field when a setting is invalid.</summary>
    public AdamOptions Validate()
    {
        Guard.Positive(LearningRate, nameof(LearningRate));
        Guard.UnitInterval(Beta1, nameof(Beta1));
        Guard.UnitInterval(Beta2, nameof(Beta2));
        Guard.Positive(Epsilon, nameof(Epsilon));
        Guard.NonNegative(WeightDecay, nameof(WeightDecay));
        return this;
    }

    /// <inheritdoc />
    public IOptimizer<T> Create<T>(IComputeBackend<T> backend, IReadOnlyList<ParameterBlock> blocks, IRandomSource random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => new Adam<T>(backend, blocks[^1].Offset + blocks[^1].Length, this);
}
