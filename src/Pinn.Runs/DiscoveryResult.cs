using Pinn.Core.Training;
using Pinn.Plotting;
using Pinn.Runs.Files;
using Pinn.Shooting;

namespace Pinn.Runs;

/// <summary>What a discovery run found.</summary>
/// <param name="Problem">The problem statement.</param>
/// <param name="Catalog">The shooting catalog it is checked against.</param>
/// <param name="Solutions">The solutions found, in order.</param>
/// <param name="Members">Every member's outcome.</param>
/// <param name="StopReason">Why the run stopped.</param>
/// <param name="Slices">Each found solution's u along x1 (same order as <paramref name="Solutions"/>).</param>
/// <param name="Dimension">The problem's dimension.</param>
/// <param name="Network">The networks' shape.</param>
public sealed record DiscoveryResult(string Problem, SolutionCatalog Catalog, IReadOnlyList<FoundSolution> Solutions, IReadOnlyList<DiscoveryMember> Members, string StopReason, RadialSlices Slices, int Dimension, NetworkOptions Network)
{
    /// <summary>File name of the solutions file in a discovery directory.</summary>
    public const string SolutionsFile = "solutions.json";

    /// <summary>The contents of solutions.json.</summary>
    public DiscoveryFile ToFile() => new(Problem, StopReason, Dimension, Network, Catalog.Entries.Select(e => new CatalogSummary(e.Name, e.U0)).ToList(), FoundEntries, MissedEntries, Solutions, Members);

    /// <summary>
    /// Writes solutions.json, the slices (solutions-slices.csv) and the plot (solutions.svg, .png) into
    /// <paramref name="directory"/>; in d = 2 also a colour map (map-NAME) and four directional slices (slices-NAME)
    /// of every non-radial solution found.
    /// </summary>
    /// <param name="directory">The directory (created if needed).</param>
    /// <returns>The paths of solutions.json and the PNG plot.</returns>
    public (string Json, string Png) Save(string directory)
    {
        Directory.CreateDirectory(directory);
        string json = Path.Combine(directory, SolutionsFile);
        RunFile.Write(json, ToFile(), RunFilesJsonContext.Default.DiscoveryFile);
        Slices.Write(Path.Combine(directory, "solutions-slices.csv"));
        var (_, png) = PlotSolutions(directory);
        PlotNonRadial(directory);
        return (json, png);
    }

    /// <summary>
    /// Whether a found solution is non-radial: its catalog entry says so when it matched one (u ≡ 0 has a large
    /// relative spread of nothing), else its own spread.
    /// </summary>
    /// <param name="solution">A found solution.</param>
    public bool IsNonRadial(FoundSolution solution)
    {
        ArgumentNullException.ThrowIfNull(solution);
        return Catalog.IsNonRadial(solution.MatchedEntry, solution.IsRadial);
    }

    /// <summary>A catalog entry turned by the catalog's symmetries onto the image nearest to <paramref name="u"/> (for drawing them together).</summary>
    /// <param name="catalog">The catalog (its symmetries).</param>
    /// <param name="entry">The entry.</param>
    /// <param name="u">The function to match.</param>
    internal static Func<double[], double> Aligned(SolutionCatalog catalog, CatalogEntry entry, Func<double[], double> u)
    {
        if (entry.IsRadial || !catalog.Symmetry.Any)
        {
            return entry.Evaluate;
        }

        var points = SolutionClassifier.SamplePoints(2, new ClassifierOptions(RadialPoints: 21));
        var (_, angle, sign) = catalog.Symmetry.Align(points, points.Select(u).ToArray(), entry.Evaluate, 0.01);
        return SolutionSymmetry.Image(entry.Evaluate, angle, sign);
    }

    /// <summary>The colour map and directional slices of every non-radial solution (d = 2; nothing otherwise).</summary>
    /// <param name="directory">Where the files go.</param>
    /// <returns>The PNG paths written.</returns>
    public IReadOnlyList<string> PlotNonRadial(string directory)
    {
        var written = new List<string>();
        if (Dimension != 2)
        {
            return written;
        }

        var shape = new Pinn.Core.Networks.ResidualNetworkShape(Dimension, Network.Width, Network.Depth, Network.Activation);
        var grid = RunCharts.MapGrid();
        foreach (var s in Solutions.Where(IsNonRadial))
        {
            var theta = s.Parameters;
            string what = s.MatchedEntry ?? "not cataloged";
            written.Add(ChartExporter.Write(RunCharts.SolutionMap($"{s.Name} ({what}): u(x1, x2)", Pinn.Core.Networks.NetworkEvaluation.Values(shape, theta, grid)), directory, $"map-{s.Name}").Png);
            var reference = s.MatchedEntry is { } name ? Aligned(Catalog, Catalog.Entries.First(e => e.Name == name), x => Pinn.Core.Networks.NetworkEvaluation.Values(shape, theta, [x])[0]) : null;
            written.Add(ChartExporter.Write(RunCharts.DirectionalSlices($"{s.Name} ({what}) along four directions", x => Pinn.Core.Networks.NetworkEvaluation.Values(shape, theta, [x])[0], reference), directory, $"slices-{s.Name}").Png);
        }

        return written;
    }

    /// <summary>Catalog entries some found solution matched.</summary>
    public IReadOnlyList<string> FoundEntries => Catalog.Entries.Select(e => e.Name).Where(n => Solutions.Any(s => s.MatchedEntry == n)).ToList();

    /// <summary>Catalog entries no found solution matched.</summary>
    public IReadOnlyList<string> MissedEntries => Catalog.Entries.Select(e => e.Name).Where(n => Solutions.All(s => s.MatchedEntry != n)).ToList();

    /// <summary>Draws the found solutions' slices against the catalog (SVG and PNG).</summary>
    /// <param name="directory">Where the files go.</param>
    /// <returns>The SVG and PNG paths.</returns>
    public (string Svg, string Png) PlotSolutions(string directory) =>
        ChartExporter.Write(
            RunCharts.RadialSlices(Catalog, Slices, Solutions.Select(s => s.MatchedEntry ?? Classification.Unclassified).ToList(), Dimension, "Solutions found by deflation against the shooting catalog", Solutions.Select(s => s.Name).ToList()),
            directory,
            "solutions");
}
