namespace Pinn.Core.Training;

/// <summary>Metrics of one member on the fixed validation set.</summary>
/// <param name="Step">The step.</param>
/// <param name="Member">Member index.</param>
/// <param name="TrainingLoss">The latest training loss.</param>
/// <param name="Loss">Validation loss V.</param>
/// <param name="Residual">Validation mean R².</param>
/// <param name="Boundary">Validation mean (u − g)².</param>
/// <param name="Regularization">λ‖θ‖².</param>
/// <param name="MeanAbsResidual">mean |R|.</param>
/// <param name="MaxAbsResidual">max |R|.</param>
/// <param name="BoundaryError">mean |u − g|.</param>
/// <param name="Bounces">Bounces so far.</param>
/// <param name="RelativeErrors">Relative L2 error ‖u − u*‖/‖u*‖ against each known solution on the interior validation points (the RMS error when u* ≡ 0).</param>
/// <param name="Damping">In the polishing phase, the Levenberg–Marquardt damping μ after this iteration; NaN before.</param>
/// <param name="StepNorm">In the polishing phase, ‖δθ‖ of this iteration's step (0 when rejected); NaN before.</param>
/// <param name="MeanSquareValue">Mean u² over the interior validation points (the solution's size).</param>
public sealed record MetricsRecord(long Step, int Member, double TrainingLoss, double Loss, double Residual, double Boundary, double Regularization, double MeanAbsResidual, double MaxAbsResidual, double BoundaryError, long Bounces, IReadOnlyDictionary<string, double> RelativeErrors, double Damping = double.NaN, double StepNorm = double.NaN, double MeanSquareValue = double.NaN);
