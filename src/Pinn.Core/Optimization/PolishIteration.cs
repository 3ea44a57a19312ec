namespace Pinn.Core.Optimization;

/// <summary>What one polishing iteration did.</summary>
/// <param name="LossBefore">V at the start of the iteration (on the phase's points).</param>
/// <param name="Loss">V after it (equal to <paramref name="LossBefore"/> when no step was accepted).</param>
/// <param name="Damping">The damping μ the accepted (or last tried) step used.</param>
/// <param name="StepNorm">‖δθ‖ of the accepted step (0 when none).</param>
/// <param name="Factorizations">Linear systems factored (one per damping tried).</param>
/// <param name="Accepted">Whether θ moved.</param>
/// <param name="StopReason">Why the polisher stopped at this iteration, or null.</param>
public sealed record PolishIteration(double LossBefore, double Loss, double Damping, double StepNorm, int Factorizations, bool Accepted, string? StopReason);
