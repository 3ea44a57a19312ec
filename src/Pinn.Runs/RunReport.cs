using System.Globalization;
using System.Net;
using System.Text;
using Pinn.Core.IO;
using Pinn.Plotting;
using Pinn.Runs.Configuration;
using Pinn.Runs.Files;
using Pinn.Shooting;

namespace Pinn.Runs;

/// <summary>Draws the radial-slices, loss and error plots (SVG and PNG) and writes report.html from a run directory's saved files.</summary>
public static class RunReport
{
    /// <summary>
    /// <c>pinn plot</c>: checks that the directory is a finished run whose files are the ones it wrote (files.json),
    /// then redraws every plot and the report.
    /// </summary>
    /// <param name="dir">The run directory.</param>
    /// <returns>The run's summary.</returns>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist or is a file.</exception>
    /// <exception cref="FileNotFoundException">A file of a finished run is missing.</exception>
    /// <exception cref="InvalidDataException">A file is damaged, cut, or not this run's.</exception>
    public static RunSummary Redraw(RunDirectory dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        RunDirectory.CheckExisting(dir.Path);
        if (!File.Exists(dir.Summary))
        {
            throw new FileNotFoundException($"'{dir.Summary}' is missing: plots and the report need a finished run{(File.Exists(dir.Checkpoint) ? $" (this one can be continued: pinn resume {dir.Path})" : string.Empty)}.");
        }

        RunIntegrity.CheckFinished(dir);
        return Build(dir);
    }

    /// <summary>Redraws every plot and the report of a finished run (its files as they are; see <see cref="Redraw"/>).</summary>
    /// <param name="dir">The run directory.</param>
    /// <returns>The run's summary.</returns>
    /// <exception cref="FileNotFoundException">A file of a finished run is missing.</exception>
    /// <exception cref="InvalidDataException">A file is damaged.</exception>
    public static RunSummary Build(RunDirectory dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        foreach (var required in new[] { dir.Summary, dir.Slices, dir.Catalog, dir.Metrics })
        {
            if (!File.Exists(required))
            {
                throw new FileNotFoundException($"'{required}' is missing: plots and the report need a finished run (summary.json, slices.csv, catalog.json, metrics.csv).");
            }
        }

        var summary = RunFile.Read(dir.Summary, RunFilesJsonContext.Default.RunSummary);
        var catalog = SolutionCatalogFile.Load(dir.Catalog);
        var slices = RadialSlices.Read(dir.Slices);
        var classes = slices.MemberIndices.Select(m => summary.Members.FirstOrDefault(s => s.Index == m)?.Class ?? Classification.Unclassified).ToList();
        ChartExporter.Write(RunCharts.RadialSlices(catalog, slices, classes), dir.Path, RunDirectory.RadialSlicesPlot);
        var maps = WriteMaps(dir, summary, catalog);
        var metrics = CsvTable.Read(dir.Metrics);
        bool hasErrors = WriteLossAndError(dir, metrics, slices.MemberIndices);
        bool hasTiming = WriteErrorAgainstTime(dir, metrics, summary);

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Pinn report</title><style>body{font-family:Helvetica,Arial,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}</style></head><body>\n");
        html.Append("<h1>Pinn report</h1>\n<p>").Append(WebUtility.HtmlEncode(summary.Problem)).Append("</p>\n");
        html.Append("<p>Classes: ").Append(WebUtility.HtmlEncode(string.Join(" · ", summary.ClassCounts.Select(p => $"{p.Key} {p.Value}/{summary.Members.Count}")))).Append("</p>\n");
        html.Append("<table><tr><th>member</th><th>class</th><th>final loss</th><th>radial spread</th><th>distances</th><th>relative L2</th><th>error estimate</th><th>bounces</th><th>stop reason</th></tr>\n");
        foreach (var m in summary.Members)
        {
            html.Append("<tr><td>").Append(m.Index).Append("</td><td>").Append(WebUtility.HtmlEncode(m.Class))
                .Append("</td><td>").Append(Round(m.FinalLoss)).Append("</td><td>").Append(Round(m.RadialSpread))
                .Append("</td><td>").Append(WebUtility.HtmlEncode(Pairs(m.Distances))).Append("</td><td>").Append(WebUtility.HtmlEncode(Pairs(m.RelativeL2)))
                .Append("</td><td>").Append(double.IsFinite(m.ErrorEstimate) ? Round(m.ErrorEstimate) : "n/a").Append("</td><td>").Append(m.Bounces).Append("</td><td>").Append(WebUtility.HtmlEncode(m.StopReason)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
        Figure(html, "Radial slices", RunDirectory.RadialSlicesPlot);
        Figure(html, "Loss", RunDirectory.LossPlot);
        if (hasErrors)
        {
            Figure(html, "Error", RunDirectory.ErrorPlot);
        }

        if (hasTiming)
        {
            Figure(html, "Error and error estimate against wall time", RunDirectory.ErrorTimePlot);
        }

        foreach (var (title, name) in maps)
        {
            Figure(html, WebUtility.HtmlEncode(title), name);
        }

        html.Append("</body></html>\n");
        AtomicFile.WriteText(dir.Report, html.ToString());
        return summary;
    }

    /// <summary>
    /// In d = 2: a colour map and four directional slices of every non-radial member (its network from the
    /// checkpoint, with its class's catalog entry dashed), and a colour map of every non-radial catalog entry.
    /// </summary>
    /// <returns>Each figure's title and file name, in report order.</returns>
    private static List<(string Title, string Name)> WriteMaps(RunDirectory dir, RunSummary summary, SolutionCatalog catalog)
    {
        var figures = new List<(string, string)>();
        if (!File.Exists(dir.Config) || !File.Exists(dir.Checkpoint) || RunConfigReader.ReadRunDirectory(dir.Config).Problem.Dimension != 2)
        {
            return figures;
        }

        var grid = RunCharts.MapGrid();
        var entries = catalog.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        foreach (var m in summary.Members.Where(m => m.Class != BatchResult.Diverged && catalog.IsNonRadial(m.Class, m.IsRadial)))
        {
            TrainedNetwork network;
            try
            {
                network = TrainedNetwork.FromRun(dir.Path, m.Index);
            }
            catch (ArgumentException)
            {
                continue; // a member of another shard
            }

            string name = string.Create(CultureInfo.InvariantCulture, $"map-member-{m.Index}");
            string title = string.Create(CultureInfo.InvariantCulture, $"member {m.Index} ({m.Class}): u(x1, x2)");
            ChartExporter.Write(RunCharts.SolutionMap(title, network.Values(grid)), dir.Path, name);
            figures.Add((title, name));
            var reference = entries.TryGetValue(m.Class, out var entry) ? DiscoveryResult.Aligned(catalog, entry, x => network.Values([x])[0]) : null;
            string slicesName = string.Create(CultureInfo.InvariantCulture, $"slices-member-{m.Index}");
            string slicesTitle = string.Create(CultureInfo.InvariantCulture, $"member {m.Index} ({m.Class}) along four directions{(reference is null ? string.Empty : $", {m.Class} dashed")}");
            ChartExporter.Write(RunCharts.DirectionalSlices(slicesTitle, x => network.Values([x])[0], reference), dir.Path, slicesName);
            figures.Add((slicesTitle, slicesName));
        }

        foreach (var e in catalog.Entries.Where(e => !e.IsRadial))
        {
            string name = $"map-{e.Name}";
            string title = $"catalog entry {e.Name}: u(x1, x2)";
            ChartExporter.Write(RunCharts.SolutionMap(title, grid.Select(e.Evaluate).ToArray()), dir.Path, name);
            figures.Add((title, name));
        }

        return figures;
    }

    /// <summary>A number as the report shows it: 4 significant digits.</summary>
    /// <param name="value">The number.</param>
    public static string Round(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Loss against step (log scale, one line per member, bounces marked) and, when known solutions exist, the error.</summary>
    private static bool WriteLossAndError(RunDirectory dir, CsvTable metrics, IReadOnlyList<int> members)
    {
        int stepColumn = metrics.Column("step"), memberColumn = metrics.Column("member"), lossColumn = metrics.Column("training_loss");
        var errorColumns = Enumerable.Range(0, metrics.Header.Length).Where(i => metrics.Header[i].StartsWith("rel_l2_", StringComparison.Ordinal)).ToArray();
        var bounces = new List<(double Step, int Member)>();
        if (File.Exists(dir.Bounces))
        {
            var table = CsvTable.Read(dir.Bounces);
            int step = table.Column("step"), member = table.Column("member");
            bounces.AddRange(table.Rows.Select(r => (table.Number(r, step), (int)table.Number(r, member))));
        }

        var lossSeries = new List<Series>();
        var errorSeries = new List<Series>();
        foreach (int m in members)
        {
            var rows = metrics.Rows.Where(r => metrics.Number(r, memberColumn) == m).ToArray();
            var steps = rows.Select(r => metrics.Number(r, stepColumn)).ToArray();
            var losses = rows.Select(r => metrics.Number(r, lossColumn)).ToArray();
            string color = Chart.Palette[m % Chart.Palette.Count];
            if (errorColumns.Length > 0)
            {
                errorSeries.Add(new Series($"member {m}", steps, rows.Select(r => errorColumns.Min(c => metrics.Number(r, c))).ToArray(), Color: color));
            }

            lossSeries.Add(new Series($"member {m}", steps, losses, Color: color));
            var marks = bounces.Where(b => b.Member == m)
                .Select(b => (b.Step, Loss: Array.FindLastIndex(steps, s => s <= b.Step) is int i and >= 0 ? losses[i] : losses.FirstOrDefault(double.NaN)))
                .Where(b => double.IsFinite(b.Loss) && b.Loss > 0).ToArray();
            if (marks.Length > 0)
            {
                lossSeries.Add(new Series(string.Empty, marks.Select(b => b.Step).ToArray(), marks.Select(b => b.Loss).ToArray(), SeriesKind.Scatter, color));
            }
        }

        ChartExporter.Write(new Chart("Training loss (dots: bounces)", new Axis("step"), new Axis("loss", AxisScale.Log), lossSeries), dir.Path, RunDirectory.LossPlot);
        if (errorSeries.Count > 0)
        {
            ChartExporter.Write(new Chart("Relative L2 error to the nearest known exact solution", new Axis("step"), new Axis("relative L2 error", AxisScale.Log), errorSeries), dir.Path, RunDirectory.ErrorPlot);
        }

        return errorSeries.Count > 0;
    }

    /// <summary>
    /// Each member's error to its class, where that is a known solution with a column in metrics.csv, against the wall
    /// time of timing.csv (lines), and its final error estimate at the run's end (dots: the estimate needs no known
    /// solution). False, and nothing drawn, when the run has no timing.csv or nothing to plot.
    /// </summary>
    private static bool WriteErrorAgainstTime(RunDirectory dir, CsvTable metrics, RunSummary summary)
    {
        var seconds = new Dictionary<double, double>();
        foreach (var (step, elapsed) in MetricsLog.ReadTiming(dir.Timing) ?? [])
        {
            seconds[step] = elapsed;
        }

        if (seconds.Count == 0)
        {
            return false;
        }

        int stepColumn = metrics.Column("step"), memberColumn = metrics.Column("member");
        double end = seconds.Values.Max();
        var series = new List<Series>();
        foreach (var m in summary.Members)
        {
            string color = Chart.Palette[m.Index % Chart.Palette.Count];
            // The error to the member's own class when that is a known solution (metrics.csv has a column for it).
            int own = Array.IndexOf(metrics.Header, "rel_l2_" + m.Class);
            if (own >= 0)
            {
                var points = metrics.Rows.Where(r => metrics.Number(r, memberColumn) == m.Index && seconds.ContainsKey(metrics.Number(r, stepColumn)))
                    .Select(r => (T: seconds[metrics.Number(r, stepColumn)], E: metrics.Number(r, own)))
                    .Where(p => double.IsFinite(p.E) && p.E > 0).ToArray();
                if (points.Length > 0)
                {
                    series.Add(new Series($"member {m.Index}", points.Select(p => p.T).ToArray(), points.Select(p => p.E).ToArray(), Color: color));
                }
            }

            if (double.IsFinite(m.ErrorEstimate) && m.ErrorEstimate > 0)
            {
                series.Add(new Series(own >= 0 ? string.Empty : $"member {m.Index} ({m.Class}): estimate", [end], [m.ErrorEstimate], SeriesKind.Scatter, color));
            }
        }

        if (series.Count == 0)
        {
            return false;
        }

        ChartExporter.Write(new Chart("Error to the class (lines), final estimate (dots)", new Axis("wall time (s)"), new Axis("relative L2 error", AxisScale.Log), series), dir.Path, RunDirectory.ErrorTimePlot);
        return true;
    }

    private static string Pairs(IReadOnlyDictionary<string, double> values) => string.Join(", ", values.Select(p => $"{p.Key} {Round(p.Value)}"));

    /// <summary>A plot in the report: the PNG shown, the SVG linked (both beside report.html).</summary>
    private static void Figure(StringBuilder html, string title, string name) =>
        html.Append("<h2>").Append(title).Append("</h2>\n<p><img src=\"").Append(name).Append(".png\" alt=\"").Append(title).Append("\" width=\"800\"><br><a href=\"")
            .Append(name).Append(".svg\">").Append(name).Append(".svg</a> (vector)</p>\n");
}
