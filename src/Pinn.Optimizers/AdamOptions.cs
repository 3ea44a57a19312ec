using System.Numerics;
using Pinn.Core.Compute;
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
    public string Kind => "adam";

    /// <summary>Throws naming the field when a setting is invalid.</summary>
    public AdamOptions Validate()
    {
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be a finite number > 0.");
        }

        if (!(Beta1 >= 0 && Beta1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "Beta1 must be in [0, 1).");
        }

        if (!(Beta2 >= 0 && Beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "Beta2 must be in [0, 1).");
        }

        if (!(Epsilon > 0) || !double.IsFinite(Epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Epsilon must be a finite number > 0.");
        }

        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must be a finite number ≥ 0.");
        }

        return this;
    }

    /// <inheritdoc />
    public IOptimizer<T> Create<T>(IComputeBackend<T> backend, IReadOnlyList<ParameterBlock> blocks, IRandomSource random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => new Adam<T>(backend, blocks[^1].Offset + blocks[^1].Length, this);
}
