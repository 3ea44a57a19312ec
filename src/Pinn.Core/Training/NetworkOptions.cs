using Pinn.Core.Networks;

namespace Pinn.Core.Training;

/// <summary>The network section: width N, depth D, activation (defaults: N = 32, D = 2, sigmoid; the paper: N = 200, D = 3).</summary>
/// <param name="Width">N ≥ 1.</param>
/// <param name="Depth">D ≥ 0.</param>
/// <param name="Activation">σ.</param>
public sealed record NetworkOptions(int Width = 32, int Depth = 2, Activation Activation = Activation.Sigmoid)
{
    /// <summary>Throws naming the field when invalid.</summary>
    public NetworkOptions Validate()
    {
        new ResidualNetworkShape(1, Width, Depth, Activation).Validate();
        return this;
    }
}
