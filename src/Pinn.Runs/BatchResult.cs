using Pinn.Plotting;
using Pinn.Runs.Files;
using Pinn.Shooting;

namespace Pinn.Runs;

/// <summary>What a batch solve found: every member classified against the catalog, with its slice along x1.</summary>
/// <param name="Problem">The problem statement, with parameter values.</param>
/// <param name="Steps">Steps done (first-order steps, then polishing iterations).</param>
/// <param name="Catalog">The catalog the members were classified against.</param>
/// <param name="Members">Every member, in order.</param>
/// <param name="ClassificationThreshold">The largest distance at which a member counts as its nearest entry.</param>
/// <param name="Slices">Every member's u along the x1 axis.</param>
/// <param name="Dimension">The problem's dimension.</param>
public sealed record BatchResult(string Problem, long Steps, SolutionCatalog Catalog, IReadOnlyList<MemberResult> Members, double ClassificationThreshold, RadialSlices Slices, int Dimension)
{
    /// <summary>The class of a member that stopped with a non-finite loss (it is left out of the radial-slice plot).</summary>
    public const string Diverged = "diverged";

    /// <summary>Members per class: every catalog entry, "unclassified" and "diverged", zeros included, in catalog order.</summary>
    public IReadOnlyDictionary<string, int> ClassCounts => CountClasses(Catalog.Entries.Select(e => e.Name), Members);

    /// <summary>Members per class: every entry named, "unclassified" and "diverged", zeros included, in that order.</summary>
    /// <param name="entries">The catalog's entry names, in catalog order.</param>
    /// <param name="members">The members.</param>
    public static IReadOnlyDictionary<string, int> CountClasses(IEnumerable<string> entries, IEnumerable<MemberResult> members)
    {
        var counts = entries.ToDictionary(e => e, _ => 0, StringComparer.Ordinal);
        counts[Classification.Unclassified] = 0;
        counts[Diverged] = 0;
        foreach (var m in members)
        {
            counts[m.Class] = counts.GetValueOrDefault(m.Class) + 1;
        }

        return counts;
    }

    /// <summary>How many different catalog entries the members landed on.</summary>
    public int SolutionsFound => Members.Select(m => m.Class).Where(c => c is not Classification.Unclassified and not Diverged).Distinct(StringComparer.Ordinal).Count();

    /// <summary>The contents of summary.json.</summary>
    public RunSummary ToSummary() => new(Problem, Steps, Members, ClassCounts, Catalog.Entries.Select(e => new CatalogSummary(e.Name, e.U0)).ToList(), ClassificationThreshold);

    /// <summary>Draws the radial slices against the catalog as SVG and PNG in <paramref name="directory"/>.</summary>
    /// <param name="directory">Where the files go (created if needed).</param>
    /// <returns>The SVG and PNG paths.</returns>
    public (string Svg, string Png) PlotRadialSlices(string directory) =>
        ChartExporter.Write(RunCharts.RadialSlices(Catalog, Slices, Members.Select(m => m.Class).ToList(), Dimension), directory, RunDirectory.RadialSlicesPlot);
}
