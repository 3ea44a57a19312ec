using System.Buffers.Binary;
using System.Xml.Linq;

namespace Pinn.Plotting.Tests;

public class ChartExporterTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static Chart Slices()
    {
        var x = Enumerable.Range(0, 101).Select(i => -1 + (i / 50.0)).ToArray();
        return new Chart("slices <&>", new Axis("x1"), new Axis("u"), [
            new Series("analytic", x, x.Select(v => Math.Pow(Math.Sin(20 * v * v), 2)).ToArray(), Dashed: true),
            new Series("member 0", x, x.Select(v => -10 * (1 - (v * v))).ToArray()),
            new Series("points", [0.0, 0.5], [1.0, double.NaN], SeriesKind.Scatter),
        ], Width: 640, Height: 400);
    }

    [Fact]
    public void SvgIsWellFormedDeterministicAndHoldsTitlesAndLegend()
    {
        string svg = ChartExporter.ToSvg(Slices());
        var doc = XDocument.Parse(svg); // throws when not well-formed
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("slices <&>", texts); // escaped in the file, the title when read back
        Assert.Contains("x1", texts);
        Assert.Contains("u", texts);
        Assert.Contains("analytic", texts);
        Assert.Contains("member 0", texts);
        Assert.Contains("points", texts);
        Assert.Equal("640", (string?)doc.Root!.Attribute("width"));
        Assert.Equal("400", (string?)doc.Root!.Attribute("height"));
        Assert.Equal(svg, ChartExporter.ToSvg(Slices()));

        // The reference curve is dashed, the member solid.
        var strokes = doc.Descendants(Svg + "polyline").Select(p => (string?)p.Attribute("style") ?? string.Empty).ToList();
        Assert.Contains(strokes, s => s.Contains("stroke:rgb(0,114,178)", StringComparison.Ordinal) && s.Contains("dasharray", StringComparison.Ordinal));
        Assert.Contains(strokes, s => s.Contains("stroke:rgb(213,94,0)", StringComparison.Ordinal) && !s.Contains("dasharray", StringComparison.Ordinal));
    }

    [Fact]
    public void LinearAxesFitTheDataAndFixedRangesAreKept()
    {
        var model = PlotModelFactory.Create(Slices(), ChartExporter.SvgFont);
        ((OxyPlot.IPlotModel)model).Update(true);
        var x = model.Axes.Single(a => a.Position == OxyPlot.Axes.AxisPosition.Bottom);
        var y = model.Axes.Single(a => a.Position == OxyPlot.Axes.AxisPosition.Left);
        Assert.InRange(x.ActualMinimum, -1.1, -1);
        Assert.InRange(x.ActualMaximum, 1, 1.1);
        Assert.InRange(y.ActualMinimum, -11, -10);
        Assert.InRange(y.ActualMaximum, 1, 2);

        var fixedRange = PlotModelFactory.Create(Slices() with { YAxis = new Axis("u", Minimum: -2, Maximum: 3) }, ChartExporter.SvgFont);
        ((OxyPlot.IPlotModel)fixedRange).Update(true);
        var fy = fixedRange.Axes.Single(a => a.Position == OxyPlot.Axes.AxisPosition.Left);
        Assert.Equal((-2.0, 3.0), (fy.ActualMinimum, fy.ActualMaximum));
    }

    [Fact]
    public void LogAxisBreaksLinesAtValuesItCannotShow()
    {
        var chart = new Chart("loss", new Axis("step"), new Axis("loss", AxisScale.Log), [new Series("m", [0.0, 1, 2, 3, 4], [1e6, 1e3, 0, 2.5, double.NaN])]);
        var model = PlotModelFactory.Create(chart, ChartExporter.SvgFont);
        Assert.IsType<OxyPlot.Axes.LogarithmicAxis>(model.Axes.Single(a => a.Position == OxyPlot.Axes.AxisPosition.Left));
        var line = Assert.IsType<OxyPlot.Series.LineSeries>(model.Series.Single());
        Assert.Equal([true, true, false, true, false], line.Points.Select(p => p.IsDefined()).ToArray());
        var doc = XDocument.Parse(ChartExporter.ToSvg(chart));
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "1E3" || t.Value == "1E4" || t.Value == "1E5");
    }

    [Fact]
    public void PngIsAnImageOfTheChartsSize()
    {
        byte[] png = ChartExporter.ToPng(Slices());
        Assert.True(png.Length > 2000, $"{png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(400, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public void PngIsNotBlank()
    {
        // Decoded with SkiaSharp: the frame, the curves and the text leave many non-white pixels of several colours.
        using var bitmap = SkiaSharp.SKBitmap.Decode(ChartExporter.ToPng(Slices()));
        Assert.Equal((640, 400), (bitmap.Width, bitmap.Height));
        int dark = 0;
        var colours = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 2)
        {
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red < 200 || c.Green < 200 || c.Blue < 200)
                {
                    dark++;
                    colours.Add((uint)c);
                }
            }
        }

        Assert.True(dark > 500, $"{dark} drawn pixels of {bitmap.Width * bitmap.Height / 4} sampled");
        Assert.True(colours.Count > 3, $"{colours.Count} colours");
    }

    [Fact]
    public void WriteLeavesBothFiles()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"pinn-plot-{Guid.NewGuid():N}");
        try
        {
            var (svg, png) = ChartExporter.Write(Slices(), dir, "slices");
            Assert.Equal(Path.Combine(dir, "slices.svg"), svg);
            Assert.Equal(ChartExporter.ToSvg(Slices()), File.ReadAllText(svg));
            Assert.Equal(0x89, File.ReadAllBytes(png)[0]);
            Assert.Equal(2, Directory.GetFiles(dir).Length); // no temporary files left behind
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void AHeatMapColoursTheDiskWithAColourBarAndLeavesTheOutsideBlank()
    {
        // u = x1 on the unit disk (NaN outside): blue on the left, red on the right, white outside, a colour bar titled u.
        const int N = 81;
        var values = new double[N, N];
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++)
            {
                double x = -1 + (2.0 * i / (N - 1)), y = -1 + (2.0 * j / (N - 1));
                values[i, j] = (x * x) + (y * y) <= 1 ? x : double.NaN;
            }
        }

        var chart = new Chart("u = x1", new Axis("x1"), new Axis("x2"), [], Width: 560, Height: 500, Map: new HeatMap(values, -1, 1, -1, 1, "u"));
        var model = PlotModelFactory.Create(chart, ChartExporter.PngFont);
        using var stream = new MemoryStream();
        new OxyPlot.SkiaSharp.PngExporter { Width = chart.Width, Height = chart.Height }.Export(model, stream);
        using var bitmap = SkiaSharp.SKBitmap.Decode(stream.ToArray());
        Assert.Equal((560, 500), (bitmap.Width, bitmap.Height));
        var xAxis = model.Axes.Single(a => a.Position == OxyPlot.Axes.AxisPosition.Bottom);
        var yAxis = model.Axes.Single(a => a.Position == OxyPlot.Axes.AxisPosition.Left);
        SkiaSharp.SKColor At(double x, double y) => bitmap.GetPixel((int)xAxis.Transform(x), (int)yAxis.Transform(y));
        var left = At(-0.8, 0.05);
        var right = At(0.8, 0.05);
        var outside = At(0.95, 0.95);
        Assert.True(left.Blue > 150 && left.Red < 100, $"left {left}");
        Assert.True(right.Red > 150 && right.Blue < 100, $"right {right}");
        Assert.True(outside.Red > 240 && outside.Green > 240 && outside.Blue > 240, $"outside {outside}");
        var colorAxis = Assert.Single(model.Axes.OfType<OxyPlot.Axes.LinearColorAxis>());
        Assert.Equal("u", colorAxis.Title);
        Assert.Equal((-1.0, 1.0), (colorAxis.Minimum, colorAxis.Maximum));

        // The SVG carries the map as an embedded image.
        var svg = XDocument.Parse(ChartExporter.ToSvg(chart));
        Assert.NotEmpty(svg.Descendants(Svg + "image"));
    }
}
