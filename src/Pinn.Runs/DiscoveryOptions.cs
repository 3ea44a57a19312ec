using System.Globalization;
using Pinn.Core.Configuration;
using Pinn.Shooting;

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
/// solutions that lie beyond one (a repelled member otherwise tends to run away from every solution). 0 disables it;
/// null (the default) chooses it from the problem's catalog when the discovery starts (<see cref="ChooseOffsetStep"/>).
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
/// <param name="FinalPasses">
/// Once the rounds stop, every found solution is polished again, undeflated, in up to this many passes of the polishing
/// phase (another only while a pass at least halves its data loss); 0 turns it off. A solution kept from a round has
/// had only that round's polish, so without it the first round's solutions end less accurate than those found while
/// deflated (which get one undeflated pass): Bratu d = 3 lower 1.2e-5 – 1.7e-5 against 2.0e-6 – 7.0e-6 with 2 passes.
/// </param>
public sealed record DiscoveryOptions(int MaximumMembers = 12, int Patience = 8, double LossTolerance = 1e-2, double DistanceThreshold = 0.1, double? OffsetStep = null, double DistanceFloor = 0.05, bool ExploreEveryRound = false, double DeflatedLearningRate = 1e-3, int FinalPasses = 2)
{
    /// <summary>The most final polishing passes a discovery accepts (<see cref="FinalPasses"/>).</summary>
    public const int MaximumFinalPasses = 10;

    /// <summary>
    /// The step chosen when <see cref="OffsetStep"/> is not given, and its floor: the step every shipped problem with
    /// cataloged u(0) at most 4 apart was measured with.
    /// </summary>
    public const double SmallestChosenOffsetStep = 2;

    /// <summary>The output shift of member <paramref name="member"/> of a round: 0, +s, −s, +2s, −2s, … (s = <see cref="SmallestChosenOffsetStep"/> while <see cref="OffsetStep"/> is unchosen).</summary>
    /// <param name="member">The member's index in its round.</param>
    public double Offset(int member) => member == 0 ? 0 : (member % 2 == 1 ? 1 : -1) * ((member + 1) / 2) * (OffsetStep ?? SmallestChosenOffsetStep);

    /// <summary>
    /// The sizes |u(0)| whose cataloged solutions choose the step: the <see cref="NearestSizes"/> smallest. A catalog of a
    /// family without end (−∇²u = u³: 0, ±3.57, ±12.3, ±24.0, ±38.1 in [−50, 50]) would otherwise set the step by its
    /// largest solutions (38.1) and start no member near the smaller ones; every shipped and measured catalog has at most
    /// three sizes, so this changes none of them.
    /// </summary>
    public const int NearestSizes = 3;

    /// <summary>
    /// The output step for a problem whose known solutions have the centre values <paramref name="centreValues"/>: half
    /// their spread (max − min), so that the members shifted by ±s start half-way towards solutions above and below the
    /// first one found, and at least <see cref="SmallestChosenOffsetStep"/>. Only the values of the
    /// <see cref="NearestSizes"/> smallest sizes |u(0)| count (±a is one size). Non-finite and missing values are ignored;
    /// fewer than two values give the floor.
    /// </summary>
    /// <param name="centreValues">u(0) of the cataloged solutions.</param>
    public static double ChooseOffsetStep(IEnumerable<double?> centreValues)
    {
        ArgumentNullException.ThrowIfNull(centreValues);
        return StepFor(Nearest(Finite(centreValues)));
    }

    /// <summary>
    /// These settings with <see cref="OffsetStep"/> chosen from <paramref name="catalog"/> (<see cref="ChooseOffsetStep"/>)
    /// when it is not given, and the line that says which step a run uses and why.
    /// </summary>
    /// <param name="catalog">The problem's solution catalog.</param>
    public (DiscoveryOptions Settings, string Note) WithOffsetStepFrom(SolutionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (OffsetStep is { } given)
        {
            return (this, given == 0
                ? "output shifts: none (discovery.offsetStep = 0)"
                : string.Create(CultureInfo.InvariantCulture, $"output shifts: 0, ±{given:G4}, ±{2 * given:G4}, … (discovery.offsetStep)"));
        }

        var all = Finite(catalog.Entries.Select(e => e.U0));
        var finite = Nearest(all);
        double step = StepFor(finite);
        string which = finite.Count < all.Count
            ? string.Create(CultureInfo.InvariantCulture, $"the cataloged u(0) of the {NearestSizes} smallest sizes |u(0)| ({finite.Count} of {all.Count})")
            : "the cataloged u(0)";
        string why = finite.Count < 2
            ? "fewer than two cataloged u(0): the floor"
            : string.Create(CultureInfo.InvariantCulture, $"half the spread of {which}, {finite.Min():G4} … {finite.Max():G4}, at least {SmallestChosenOffsetStep:G4}");
        return (this with { OffsetStep = step }, string.Create(CultureInfo.InvariantCulture, $"output shifts: 0, ±{step:G4}, ±{2 * step:G4}, … (chosen: {why}; set discovery.offsetStep to override)"));
    }

    private static List<double> Finite(IEnumerable<double?> values) => values.Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).ToList();

    /// <summary>Half the spread of <paramref name="nearest"/> (<see cref="Nearest"/>'s values), at least the floor.</summary>
    private static double StepFor(List<double> nearest) =>
        nearest.Count < 2 ? SmallestChosenOffsetStep : Math.Max(SmallestChosenOffsetStep, (nearest.Max() - nearest.Min()) / 2);

    /// <summary>
    /// The values whose size |u(0)| is among the <see cref="NearestSizes"/> smallest. Sizes closer than 1e-4 of the largest
    /// (at least 1e-4) are one: a non-radial solution's u(0) of 1e-7 is the trivial solution's size.
    /// </summary>
    private static List<double> Nearest(List<double> finite)
    {
        if (finite.Count == 0)
        {
            return finite;
        }

        double tolerance = 1e-4 * Math.Max(1, finite.Max(Math.Abs));
        var sizes = new List<double>();
        foreach (double size in finite.Select(Math.Abs).Order())
        {
            if (sizes.Count == 0 || size - sizes[^1] > tolerance)
            {
                sizes.Add(size);
            }
        }

        return sizes.Count <= NearestSizes
            ? finite
            : finite.Where(v => Math.Abs(v) <= sizes[NearestSizes - 1] + tolerance).ToList();
    }

    /// <summary>Throws naming the field when invalid (NaN fails every check).</summary>
    public DiscoveryOptions Validate()
    {
        Guard.AtLeast(MaximumMembers, 1, nameof(MaximumMembers));
        Guard.AtLeast(Patience, 1, nameof(Patience));
        Guard.Positive(LossTolerance, nameof(LossTolerance));
        Guard.Positive(DistanceThreshold, nameof(DistanceThreshold));
        if (OffsetStep is { } step)
        {
            Guard.NonNegative(step, nameof(OffsetStep));
        }

        Guard.NonNegative(DistanceFloor, nameof(DistanceFloor));
        Guard.NonNegative(DeflatedLearningRate, nameof(DeflatedLearningRate));
        if (FinalPasses is < 0 or > MaximumFinalPasses)
        {
            throw new OptionsValidationException(nameof(FinalPasses), string.Create(CultureInfo.InvariantCulture, $"FinalPasses must be from 0 (no final polish) to {MaximumFinalPasses}, got {FinalPasses}."));
        }

        return this;
    }
}
