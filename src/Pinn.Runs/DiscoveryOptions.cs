using Pinn.Core.Configuration;

namespace Pinn.Runs;

/// <summary>
/// Settings of a discovery run (<see cref="SolutionDiscovery"/>): members are trained round after round, each deflated
/// against every solution found before it; a converged member far from all of them is a new solution.
/// </summary>
/// <param name="MaximumMembers">Stop after this many members (≥ 1).</param>
/// <param name="Patience">Stop after this many consecutive members that found nothing new (≥ 1).</param>
/// <param name="LossTolerance">
/// A member has converged when its data loss (mean R² + γ·mean B² on the validation points, undeflated, without the
/// weight penalty) is at most this times max(1, mean f², mean u²) (f over the ball, u over the validation points):
/// the residual's terms grow with the source and the solution, so every problem is held to the same relative standard.
/// </param>
/// <param name="DistanceThreshold">
/// A converged member is new when its distance RMS(u − u_j)/max(RMS(u_j), <paramref name="DistanceFloor"/>) to every
/// solution u_j found so far exceeds this.
/// </param>
/// <param name="OffsetStep">
/// The members of each round start from networks whose output is shifted by 0, +s, −s, +2s, −2s, … (s this step): deflation repels from the solutions found, and starting on both sides of them lets members reach
/// solutions that lie beyond one (a repelled member otherwise tends to run away from every solution). 0 disables it.
/// </param>
/// <param name="DistanceFloor">The smallest denominator of that distance, so that two approximations of u ≡ 0 count as the same solution.</param>
/// <param name="ExploreEveryRound">
/// Run the first-order phase (BBI's exploration) in every round. Off by default: once solutions are known, rounds 2,
/// 4, … skip it and runs deflated Gauss–Newton straight from the (shifted) starting networks, Farrell's
/// deflated Newton from fresh initial guesses. The two find different things: exploring carries members far (Bratu's
/// upper solution in d = 2 was found that way) but often back into a known basin, where the deflated iteration can end
/// in a spurious minimum of M²·D; deflated Newton from a fresh start found the upper solution in d = 1.
/// </param>
/// <param name="DeflatedLearningRate">
/// Rounds that explore with known solutions (their first-order phase minimises the deflated loss) use Adam at this
/// learning rate instead of the configured optimizer when that is BBI; 0 keeps BBI. BBI's frictionless step grows with
/// the loss and does not damp the deflation term 2M·D·∇M: on Bratu and the main job's problem 2 – 4 of 4 BBI members
/// of such a round overflowed within 11 steps, while Adam members, measured with the same settings, never did and found
/// Bratu's upper solution in 3 of 3 seeds (BBI: 2 of 3).
/// </param>
public sealed record DiscoveryOptions(int MaximumMembers = 12, int Patience = 8, double LossTolerance = 1e-2, double DistanceThreshold = 0.1, double OffsetStep = 2, double DistanceFloor = 0.05, bool ExploreEveryRound = false, double DeflatedLearningRate = 1e-3)
{
    /// <summary>The output shift of member <paramref name="member"/> of a round: 0, +s, −s, +2s, −2s, …</summary>
    /// <param name="member">The member's index in its round.</param>
    public double Offset(int member) => member == 0 ? 0 : (member % 2 == 1 ? 1 : -1) * ((member + 1) / 2) * OffsetStep;

    /// <summary>Throws naming the field when invalid (NaN fails every check).</summary>
    public DiscoveryOptions Validate()
    {
        Guard.AtLeast(MaximumMembers, 1, nameof(MaximumMembers));
        Guard.AtLeast(Patience, 1, nameof(Patience));
        Guard.Positive(LossTolerance, nameof(LossTolerance));
        Guard.Positive(DistanceThreshold, nameof(DistanceThreshold));
        Guard.NonNegative(OffsetStep, nameof(OffsetStep));
        Guard.NonNegative(DistanceFloor, nameof(DistanceFloor));
        Guard.NonNegative(DeflatedLearningRate, nameof(DeflatedLearningRate));
        return this;
    }
}
