using System.Text.Json.Serialization;
using Pinn.Core.Training;

namespace Pinn.Runs.Files;

/// <summary>The contents of solutions.json, written by a discovery run.</summary>
/// <param name="Problem">The problem statement.</param>
/// <param name="StopReason">Why the run stopped.</param>
/// <param name="Dimension">The problem's dimension.</param>
/// <param name="Network">The networks' shape (with each solution's parameters, enough to evaluate it again).</param>
/// <param name="Catalog">The shooting catalog it was checked against.</param>
/// <param name="FoundEntries">Catalog entries some solution matched.</param>
/// <param name="MissedEntries">Catalog entries none matched.</param>
/// <param name="Solutions">The solutions found.</param>
/// <param name="Members">Every member's outcome.</param>
public sealed record DiscoveryFile(
    string Problem,
    string StopReason,
    int Dimension,
    NetworkOptions Network,
    [property: JsonPropertyName("catalogue")] IReadOnlyList<CatalogSummary> Catalog,
    IReadOnlyList<string> FoundEntries,
    IReadOnlyList<string> MissedEntries,
    IReadOnlyList<FoundSolution> Solutions,
    IReadOnlyList<DiscoveryMember> Members);
