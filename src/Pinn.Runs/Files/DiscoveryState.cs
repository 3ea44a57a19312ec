namespace Pinn.Runs.Files;

/// <summary>
/// <c>discovery-state.json</c>: where a sharded discovery stands between its rounds — the next round, the members
/// classified so far, the solutions found (with their θ, which later rounds are deflated against) — written atomically
/// by each round's merge.
/// </summary>
/// <param name="Round">The next round to train (from 0).</param>
/// <param name="Members">Members classified so far.</param>
/// <param name="SinceNew">Members in a row that found nothing new.</param>
/// <param name="Found">The solutions found so far.</param>
/// <param name="Outcomes">Every classified member's outcome.</param>
/// <param name="StopReason">Why the discovery ended, or null while it goes on.</param>
/// <param name="OffsetStep">
/// The output step the rounds use (<see cref="DiscoveryOptions.OffsetStep"/>, given or chosen from the catalog by the first
/// merge), so that the shards of later rounds need not compute the catalog again; null before the first merge.
/// </param>
public sealed record DiscoveryState(int Round, int Members, int SinceNew, IReadOnlyList<FoundSolution> Found, IReadOnlyList<DiscoveryMember> Outcomes, string? StopReason, double? OffsetStep = null)
{
    /// <summary>The file name in the discovery's directory.</summary>
    public const string FileName = "discovery-state.json";

    /// <summary>A discovery before its first round.</summary>
    public static DiscoveryState Start { get; } = new(0, 0, 0, [], [], null);
}
