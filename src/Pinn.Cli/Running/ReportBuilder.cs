using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Pinn.Core.IO;
using Pinn.Plotting;
using Pinn.Shooting;

namespace Pinn.Cli.Running;

/// <summary>Draws the radial-slices, loss and error plots (SVG and PNG) and writes report.html from a run directory's saved files.</summary>
internal static class ReportBuilder
{
    public static void Build(RunDirectory dir)
    {
        foreach (var required in new[] { dir.Summary, dir.Slices, dir.Catalog, dir.Metrics })
        {
            if (!File.Exists(required))
            {
                throw new FileNotFoundException($"'{required}' is missing: 'pinn plot' needs a finished run (summary.json, slices.csv, catalog.json, metrics.csv).");
            }
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(dir.Summary));
        var catalog = CatalogStore.Load(dir.Catalog);
        var classOf = summary.RootElement.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("index").GetInt32(), m => m.GetProperty("class").GetString()!);
        var colors = new Dictionary<string, string>(StringComparer.Ordinal);
        int c = 0;
        foreach (var e in catalog.Entries)
        {
            colors[e.Name] = Chart.Palette[c++ % Chart.Palette.Count];
        }

        colors[Classification.Unclassified] = "#7F7F7F";

        // Radial slices: learned u along x1 for each member (coloured by class), catalogued solutions dashed.
        var rows = File.ReadAllLines(dir.Slices).Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var x = rows.Select(r => r[0]).ToArray();
        var series = new List<Series>();
        foreach (var e in catalog.Entries)
        {
            series.Add(new Series($"{e.Name} (reference)", x, x.Select(v => e.Evaluate([Math.Abs(v)])).ToArray(), Color: colors[e.Name], Dashed: true, Width: 2.5));
        }

        int members = rows.Length == 0 ? 0 : rows[0].Length - 1;
        for (int m = 0; m < members; m++)
        {
            string cls = classOf.GetValueOrDefault(m, Classification.Unclassified);
            series.Add(new Series($"member {m}: {cls}", x, rows.Select(r => r[m + 1]).ToArray(), Color: colors.GetValueOrDefault(cls, "#7F7F7F"), Width: 1.2));
        }

        var slices = new Chart("Radial slices: learned u along the x1 axis", new Axis("x1"), new Axis("u"), series);
        ChartExporter.Write(slices, dir.Path, RunDirectory.RadialSlicesPlot);

        // Loss against step, log scale, one line per member, bounces marked. Columns are found by name.
        var lines = File.ReadAllLines(dir.Metrics);
        var header = lines.Length > 0 ? lines[0].Split(',') : [];
        int Column(string name) => Array.IndexOf(header, name) is int i and >= 0 ? i : throw new InvalidDataException($"'{dir.Metrics}' has no column '{name}': it is not a metrics file of this version of pinn.");
        int stepColumn = Column("step"), memberColumn = Column("member"), lossColumn = Column("training_loss");
        var errorColumns = Enumerable.Range(0, header.Length).Where(i => header[i].StartsWith("rel_l2_", StringComparison.Ordinal)).ToArray();
        var metrics = lines.Skip(1).Select(l => l.Split(',')).Where(p => p.Length == header.Length).ToArray();
        double Value(string[] row, int column) => double.Parse(row[column], CultureInfo.InvariantCulture);
        var lossSeries = new List<Series>();
        var errorSeries = new List<Series>();
        var bounces = File.Exists(dir.Bounces) ? File.ReadAllLines(dir.Bounces).Skip(1).Select(l => l.Split(',')).Where(p => p.Length == 2).Select(p => (Step: long.Parse(p[0], CultureInfo.InvariantCulture), Member: int.Parse(p[1], CultureInfo.InvariantCulture))).ToList() : [];
        for (int m = 0; m < members; m++)
        {
            var rowsOfMember = metrics.Where(p => p[memberColumn] == m.ToString(CultureInfo.InvariantCulture)).ToArray();
            var mine = rowsOfMember.Select(p => (Step: Value(p, stepColumn), Loss: Value(p, lossColumn))).ToArray();
            string color = Chart.Palette[m % Chart.Palette.Count];
            if (errorColumns.Length > 0)
            {
                errorSeries.Add(new Series($"member {m}", mine.Select(p => p.Step).ToArray(), rowsOfMember.Select(p => errorColumns.Min(c => Value(p, c))).ToArray(), Color: color));
            }

            lossSeries.Add(new Series($"member {m}", mine.Select(p => p.Step).ToArray(), mine.Select(p => p.Loss).ToArray(), Color: color));
            var marks = bounces.Where(b => b.Member == m).Select(b => (Step: (double)b.Step, Loss: mine.LastOrDefault(p => p.Step <= b.Step, mine.FirstOrDefault()).Loss)).Where(b => double.IsFinite(b.Loss) && b.Loss > 0).ToArray();
            if (marks.Length > 0)
            {
                lossSeries.Add(new Series(string.Empty, marks.Select(b => b.Step).ToArray(), marks.Select(b => b.Loss).ToArray(), SeriesKind.Scatter, color));
            }
        }

        var loss = new Chart("Training loss (dots: bounces)", new Axis("step"), new Axis("loss", AxisScale.Log), lossSeries);
        ChartExporter.Write(loss, dir.Path, RunDirectory.LossPlot);
        if (errorSeries.Count > 0)
        {
            var error = new Chart("Relative L2 error to the nearest known exact solution", new Axis("step"), new Axis("relative L2 error", AxisScale.Log), errorSeries);
            ChartExporter.Write(error, dir.Path, RunDirectory.ErrorPlot);
        }

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Pinn report</title><style>body{font-family:Helvetica,Arial,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}</style></head><body>\n");
        html.Append("<h1>Pinn report</h1>\n<p>").Append(WebUtility.HtmlEncode(summary.RootElement.GetProperty("problem").GetString())).Append("</p>\n");
        html.Append("<p>Classes: ").Append(WebUtility.HtmlEncode(string.Join(" · ", summary.RootElement.GetProperty("classCounts").EnumerateObject().Select(p => $"{p.Name} {p.Value.GetInt32()}/{members}")))).Append("</p>\n");
        html.Append("<table><tr><th>member</th><th>class</th><th>final loss</th><th>radial spread</th><th>distances</th><th>relative L2</th><th>bounces</th><th>stop reason</th></tr>\n");
        foreach (var m in summary.RootElement.GetProperty("members").EnumerateArray())
        {
            string D(JsonElement obj) => string.Join(", ", obj.EnumerateObject().Select(p => $"{p.Name} {(p.Value.ValueKind == JsonValueKind.Number ? Round(p.Value.GetDouble()) : p.Value.ToString())}"));
            html.Append("<tr><td>").Append(m.GetProperty("index").GetInt32()).Append("</td><td>").Append(WebUtility.HtmlEncode(m.GetProperty("class").GetString()))
                .Append("</td><td>").Append(WebUtility.HtmlEncode(Round(m.GetProperty("finalLoss")))).Append("</td><td>").Append(WebUtility.HtmlEncode(Round(m.GetProperty("radialSpread"))))
                .Append("</td><td>").Append(WebUtility.HtmlEncode(D(m.GetProperty("distances")))).Append("</td><td>").Append(WebUtility.HtmlEncode(D(m.GetProperty("relativeL2"))))
                .Append("</td><td>").Append(m.GetProperty("bounces").GetInt64()).Append("</td><td>").Append(WebUtility.HtmlEncode(m.GetProperty("stopReason").GetString())).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
        Figure(html, "Radial slices", RunDirectory.RadialSlicesPlot);
        Figure(html, "Loss", RunDirectory.LossPlot);
        if (errorSeries.Count > 0)
        {
            Figure(html, "Error", RunDirectory.ErrorPlot);
        }

        html.Append("</body></html>\n");
        AtomicFile.WriteText(dir.Report, html.ToString());
    }

    /// <summary>A plot in the report: the PNG shown, the SVG linked (both beside report.html).</summary>
    private static void Figure(StringBuilder html, string title, string name) =>
        html.Append("<h2>").Append(title).Append("</h2>\n<p><img src=\"").Append(name).Append(".png\" alt=\"").Append(title).Append("\" width=\"800\"><br><a href=\"")
            .Append(name).Append(".svg\">").Append(name).Append(".svg</a> (vector)</p>\n");

    /// <summary>A number as the report shows it: 4 significant digits.</summary>
    private static string Round(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>A JSON value as the report shows it: numbers to 4 significant digits, anything else as written.</summary>
    private static string Round(JsonElement value) => value.ValueKind == JsonValueKind.Number ? Round(value.GetDouble()) : value.ToString();
}
