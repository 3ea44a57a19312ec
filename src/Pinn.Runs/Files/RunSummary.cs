using System.Text.Json.Serialization;
using Pinn.Runs;

namespace Pinn.Runs.Files;

/// <summary>The contents of summary.json: what a finished run found.</summary>
/// <param name="Problem">The problem statement, with parameter values.</param>
/// <param name="Steps">Steps done (first-order steps, then polishing iterations).</param>
/// <param name="Members">Every member.</param>
/// <param name="ClassCounts">Members per class (every catalog entry and "unclassified", zeros included).</param>
/// <param name="Catalog">The catalog the members were classified against.</param>
/// <param name="ClassificationThreshold">The largest distance at which a member still counts as its nearest entry.</param>
public sealed record RunSummary(
    string Problem,
    long Steps,
    IReadOnlyList<MemberResult> Members,
    IReadOnlyDictionary<string, int> ClassCounts,
    [property: JsonPropertyName("catalogue")] IReadOnlyList<CatalogSummary> Catalog,
    double ClassificationThreshold);
