using Pinn.Core.IO;

namespace Pinn.Plotting;

/// <summary>
/// Writes charts as SVG (OxyPlot's own exporter: vector, text searchable, deterministic bytes) and PNG (OxyPlot's
/// SkiaSharp exporter: for reports and slides). Files are written atomically.
/// </summary>
public static class ChartExporter
{
    /// <summary>Font family of SVG text: the viewer picks the first it has.</summary>
    public const string SvgFont = "Helvetica, Arial, DejaVu Sans, sans-serif";

    /// <summary>Font family of PNG text (shipped with most Linux distributions; Skia falls back to its default elsewhere).</summary>
    public const string PngFont = "DejaVu Sans";

    /// <summary>The SVG document of a chart.</summary>
    /// <param name="chart">The chart.</param>
    public static string ToSvg(Chart chart)
    {
        var exporter = new OxyPlot.SvgExporter { Width = chart.Width, Height = chart.Height };
        using var stream = new MemoryStream();
        exporter.Export(PlotModelFactory.Create(chart, SvgFont), stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()).TrimStart('\uFEFF'); // the exporter writes a byte-order mark
    }

    /// <summary>The PNG image of a chart (<see cref="Chart.Width"/> × <see cref="Chart.Height"/> pixels).</summary>
    /// <param name="chart">The chart.</param>
    public static byte[] ToPng(Chart chart)
    {
        var exporter = new OxyPlot.SkiaSharp.PngExporter { Width = chart.Width, Height = chart.Height };
        using var stream = new MemoryStream();
        exporter.Export(PlotModelFactory.Create(chart, PngFont), stream);
        return stream.ToArray();
    }

    /// <summary>Writes <c>name.svg</c> and <c>name.png</c> into <paramref name="directory"/>.</summary>
    /// <param name="chart">The chart.</param>
    /// <param name="directory">The folder (created when absent).</param>
    /// <param name="name">File name without extension.</param>
    /// <returns>The two paths.</returns>
    public static (string Svg, string Png) Write(Chart chart, string directory, string name)
    {
        Directory.CreateDirectory(directory);
        string svg = Path.Combine(directory, name + ".svg"), png = Path.Combine(directory, name + ".png");
        AtomicFile.WriteText(svg, ToSvg(chart));
        byte[] image = ToPng(chart);
        AtomicFile.Write(png, stream => stream.Write(image));
        return (svg, png);
    }
}
