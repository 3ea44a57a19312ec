using System.Globalization;
using System.Xml.Linq;
using Pinn.Core.Plotting;

namespace Pinn.Core.Tests.Plotting;

public class SvgRendererTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void ChartIsWellFormedWithSeriesAxesAndLegend()
    {
        var x = Enumerable.Range(0, 101).Select(i => -1 + (i / 50.0)).ToArray();
        var chart = new Chart("slices <&>", new Axis("x1"), new Axis("u"), [
            new Series("analytic", x, x.Select(v => Math.Pow(Math.Sin(20 * v * v), 2)).ToArray(), Dashed: true),
            new Series("member 0", x, x.Select(v => -10 * (1 - (v * v))).ToArray()),
            new Series("points", [0.0, 0.5], [1.0, double.NaN], SeriesKind.Scatter),
        ]);
        string svg = SvgRenderer.Render(chart);
        var doc = XDocument.Parse(svg); // throws when not well-formed
        var series = doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "series").ToList();
        Assert.Equal(["analytic", "member 0", "points"], series.Select(g => (string)g.Attribute("data-name")!).ToArray());
        Assert.Equal("101", (string)series[0].Attribute("data-points")!);
        Assert.Contains("stroke-dasharray", series[0].ToString());
        Assert.Single(series[2].Elements(Svg + "circle")); // the NaN point is skipped
        var xAxis = doc.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "x-axis");
        var yAxis = doc.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "y-axis");
        Assert.Equal(-1, double.Parse((string)xAxis.Attribute("data-min")!, CultureInfo.InvariantCulture));
        Assert.Equal(1, double.Parse((string)xAxis.Attribute("data-max")!, CultureInfo.InvariantCulture));
        double yMin = double.Parse((string)yAxis.Attribute("data-min")!, CultureInfo.InvariantCulture);
        double yMax = double.Parse((string)yAxis.Attribute("data-max")!, CultureInfo.InvariantCulture);
        Assert.True(yMin <= -10 && yMin > -15 && yMax >= 1 && yMax < 5, $"y range [{yMin}, {yMax}]");
        Assert.Contains("slices &lt;&amp;&gt;", svg);
        Assert.Equal(svg, SvgRenderer.Render(chart)); // deterministic
    }

    [Fact]
    public void LogAxisUsesDecadesAndSkipsNonPositiveValues()
    {
        var chart = new Chart("loss", new Axis("step"), new Axis("loss", AxisScale.Log), [new Series("m", [0.0, 1, 2, 3], [1e6, 1e3, 0, 2.5])]);
        var doc = XDocument.Parse(SvgRenderer.Render(chart));
        var yAxis = doc.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "y-axis");
        Assert.Equal(1, double.Parse((string)yAxis.Attribute("data-min")!, CultureInfo.InvariantCulture));
        Assert.Equal(1e6, double.Parse((string)yAxis.Attribute("data-max")!, CultureInfo.InvariantCulture));
        Assert.Contains(yAxis.Elements(Svg + "text"), t => t.Value == "1e3");
        var path = doc.Descendants(Svg + "path").Single();
        Assert.Equal(2, path.Attribute("d")!.Value.Split('M').Length - 1); // the 0 breaks the line into two pieces
    }

    [Fact]
    public void TicksAreNiceNumbers()
    {
        var (lo, hi, ticks) = AxisTicks.Linear(-0.93, 7.2);
        Assert.Equal(-2, lo);
        Assert.Equal(8, hi);
        Assert.Equal([-2.0, 0, 2, 4, 6, 8], ticks);
    }
}
