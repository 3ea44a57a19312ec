namespace Pinn.Core.Loss;

/// <summary>
/// Weights of the PINN loss V = mean R² + γ·mean (u − g)² + λ‖θ‖² (defaults are the paper's).
/// </summary>
/// <param name="BoundaryWeight">γ ≥ 0 (paper: 1e5).</param>
/// <param name="WeightDecay">λ ≥ 0 (paper: 2e-4, on all parameters, no ½).</param>
/// <param name="ResidualOnBoundary">Also average R² over the boundary points, as the reference code does.</param>
public sealed record LossOptions(double BoundaryWeight = 1e5, double WeightDecay = 2e-4, bool ResidualOnBoundary = false)
{
    /// <summary>Throws naming the field when a weight is negative or not finite.</summary>
    public LossOptions Validate()
    {
        if (!(BoundaryWeight >= 0) || !double.IsFinite(BoundaryWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(BoundaryWeight), BoundaryWeight, "BoundaryWeight (γ) must be a finite number ≥ 0.");
        }

        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay (λ) must be a finite number ≥ 0.");
        }

        return this;
    }
}
