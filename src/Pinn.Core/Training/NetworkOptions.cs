using Pinn.Core.Networks;

namespace Pinn.Core.Training;

/// <summary>The network section: width N, depth D, activation (defaults: N = 16, D = 2, sigmoid — 609 parameters in d = 2, fewer than the default polishing rows, so Gauss–Newton works in parameter space and converges further, see docs/performance.md; the paper: N = 200, D = 3).</summary>
/// <param name="Width">N ≥ 1.</param>
/// <param name="Depth">D ≥ 0.</param>
/// <param name="Activation">σ.</param>
public sealed record NetworkOptions(int Width = 16, int Depth = 2, Activation Activation = Activation.Sigmoid)
{
    /// <summary>Throws naming the field when invalid.</summary>
    public NetworkOptions Validate()
    {
        new ResidualNetworkShape(1, Width, Depth, Activation).Validate();
        return this;
    }
}
