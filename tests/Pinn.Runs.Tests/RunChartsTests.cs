namespace Pinn.Runs.Tests;

/// <summary>The charts of non-radial solutions: the colour map covers the disk only; the directional slices follow u along each diameter.</summary>
public class RunChartsTests
{
    [Fact]
    public void TheSolutionMapHoldsTheValuesInsideTheDiskAndNothingOutside()
    {
        var grid = RunCharts.MapGrid();
        Assert.Equal(RunCharts.MapPoints * RunCharts.MapPoints, grid.Count);
        Assert.All(grid, x => Assert.True((x[0] * x[0]) + (x[1] * x[1]) <= 1 + 1e-12, "every point is in the closed disk"));
        var chart = RunCharts.SolutionMap("u = x1", grid.Select(x => x[0]).ToArray());
        var map = chart.Map!;
        int last = RunCharts.MapPoints - 1, middle = last / 2;
        Assert.True(double.IsNaN(map.Values[0, 0]), "the corner (−1, −1) is outside");
        Assert.True(double.IsNaN(map.Values[last, last]), "the corner (1, 1) is outside");
        Assert.Equal(0, map.Values[middle, middle], 12);
        Assert.Equal(1, map.Values[last, middle], 12);
        Assert.Equal(-0.5, map.Values[last / 4, middle], 12);
        Assert.Throws<ArgumentException>(() => RunCharts.SolutionMap("short", [1.0, 2.0]));
    }

    [Fact]
    public void DirectionalSlicesFollowTheFunctionAlongEachDiameterWithItsReferenceDashed()
    {
        static double U(double[] x) => x[0] + (2 * x[1]);
        var chart = RunCharts.DirectionalSlices("t", U, x => 0.5 * U(x));
        Assert.Equal(2 * RunCharts.SliceAngles.Count, chart.Series.Count);
        var at90 = chart.Series.Single(s => s.Name == "u at 90°");
        int half = at90.X.Count - 1 - ((at90.X.Count - 1) / 4); // s = 0.5
        Assert.Equal(0.5, at90.X[half], 12);
        Assert.Equal(1.0, at90.Y[half], 12); // u(0, 0.5) = 1
        Assert.True(chart.Series.Single(s => s.Name == "reference at 90°").Dashed);
        Assert.Equal(0.5, chart.Series.Single(s => s.Name == "reference at 90°").Y[half], 12);
    }
}
