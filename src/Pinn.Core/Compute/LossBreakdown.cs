namespace Pinn.Core.Compute;

/// <summary>The parts of the PINN loss at one evaluation, all in double.</summary>
/// <param name="Total">V = residual + γ·boundary + λ‖θ‖².</param>
/// <param name="Residual">mean R² over the residual points.</param>
/// <param name="Boundary">mean (u − g)² over the boundary points (unweighted).</param>
/// <param name="Regularization">λ‖θ‖².</param>
/// <param name="MeanAbsResidual">mean |R|.</param>
/// <param name="MaxAbsResidual">max |R|.</param>
/// <param name="MeanAbsBoundaryError">mean |u − g|.</param>
public readonly record struct LossBreakdown(
    double Total, double Residual, double Boundary, double Regularization, double MeanAbsResidual, double MaxAbsResidual, double MeanAbsBoundaryError)
{
    /// <summary>
    /// The parts of this chunk of a batch and another together: every mean is over the whole batch, so the parts add;
    /// max |R| is the larger of the two (NaN when either is).
    /// </summary>
    /// <param name="other">The other chunk's parts.</param>
    public LossBreakdown Plus(LossBreakdown other) => new(
        Total + other.Total,
        Residual + other.Residual,
        Boundary + other.Boundary,
        Regularization + other.Regularization,
        MeanAbsResidual + other.MeanAbsResidual,
        Math.Max(MaxAbsResidual, other.MaxAbsResidual),
        MeanAbsBoundaryError + other.MeanAbsBoundaryError);

    /// <summary>These parts with the weight penalty λ‖θ‖² added to the total.</summary>
    /// <param name="penalty">λ‖θ‖².</param>
    public LossBreakdown WithPenalty(double penalty) => this with { Total = Total + penalty, Regularization = penalty };
}
