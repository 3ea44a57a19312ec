namespace Pinn.Core.Loss;

/// <summary>
/// Weights of the PINN loss V = mean R² + γ·mean (u − g)² + λ‖θ‖² (defaults: γ = 100, λ = 0; the paper: 1e5 and 2e-4).
/// </summary>
/// <param name="BoundaryWeight">γ ≥ 0 (paper: 1e5).</param>
/// <param name="WeightDecay">λ ≥ 0 (paper: 2e-4, on all parameters, no ½).</param>
/// <param name="ResidualOnBoundary">Also average R² over the boundary points, as the reference code does.</param>
public sealed record LossOptions(double BoundaryWeight = 100, double WeightDecay = 0, bool ResidualOnBoundary = false)
{
    /// <summary>Throws naming the field when a weight is negative or not finite.</summary>
    public LossOptions Validate()
    {
        Configuration.Guard.NonNegative(BoundaryWeight, nameof(BoundaryWeight), "BoundaryWeight (γ)");
        Configuration.Guard.NonNegative(WeightDecay, nameof(WeightDecay), "WeightDecay (λ)");
        return this;
    }
}
