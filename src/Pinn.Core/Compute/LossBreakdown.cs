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
    double Total, double Residual, double Boundary, double Regularization, double MeanAbsResidual, double MaxAbsResidual, double MeanAbsBoundaryError);
