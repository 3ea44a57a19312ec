using CustomProblem;

namespace Pinn.Cli.Tests;

public class CustomProblemExampleTests
{
    [Fact]
    public void TheCSharpExampleShootsSolvesClassifiesAndPlots()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        var log = new StringWriter();
        var result = CubicProblemExample.Run(dir, 300, log, polishIterations: 3);
        Assert.Contains(result.Catalog.Entries, e => e.Name == "analytic" && e.FromShooting);
        Assert.Equal(3, result.Members.Count);
        Assert.Equal(3, result.ClassCounts.Values.Sum());
        Assert.True(File.Exists(Path.Combine(dir, "radial-slices.png")));
        Assert.True(File.Exists(Path.Combine(dir, "radial-slices.svg")));
        Assert.Contains("member 2", log.ToString());
    }

    [Fact]
    public void TheCSharpExampleDiscoversItsAnalyticSolution()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        var log = new StringWriter();
        var result = CubicProblemExample.Discover(dir, 1500, log, polishIterations: 60, maximumMembers: 3);
        Assert.True(result.Solutions.Count(s => s.MatchedEntry == "analytic") == 1, log.ToString());
        var analytic = result.Solutions.Single(s => s.MatchedEntry == "analytic");
        Assert.True(analytic.Distances["analytic"] < 1e-3, log.ToString());
        Assert.True(File.Exists(Path.Combine(dir, "solutions.json")));
        Assert.Contains("found ", log.ToString());
    }
}
