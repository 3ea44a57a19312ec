using System.Text.Json;
using Pinn.Core.Loss;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;
using Pinn.Runs.Files;
using Pinn.Shooting;

namespace Pinn.Runs.Tests;

/// <summary>The library-first batch solve: one call shoots, trains, polishes and classifies; its summary round-trips through the typed file.</summary>
public class BatchSolverTests
{
    internal static RunOptions Options(int members = 2, long steps = 300, long polish = 80) => new(
        new NetworkOptions(16, 2),
        new PointOptions(256, 48, 0, 400),
        new LossOptions(BoundaryWeight: 10, WeightDecay: 0),
        new AdamOptions(LearningRate: 3e-3),
        new TrainingOptions(Steps: steps, EvaluateEvery: 100, CheckpointEvery: 100, Seed: 9, Threads: 2),
        new EnsembleOptions(members),
        new GaussNewtonOptions(Iterations: polish, InteriorPoints: 448, BoundaryPoints: 64, ResampleEvery: 10));

    [Fact]
    public void OneCallShootsTrainsAndClassifiesEveryMember()
    {
        // sin²(r²) in the disk (k = 1): shooting finds the analytic solution; 300 Adam steps + ≤ 80 Gauss–Newton
        // iterations bring each member within 1e-2 of it (40 iterations leave 1.7e-2).
        var problem = ProblemCatalog.Sin2(2, 1);
        var result = BatchSolver.Solve(problem, Options(), new ShootingOptions(-5, 5));
        Assert.Contains(result.Catalog.Entries, e => e.Name == "analytic" && e.FromShooting);
        Assert.Equal(2, result.Members.Count);
        foreach (var m in result.Members)
        {
            Assert.Equal("analytic", m.Class);
            Assert.Equal(MemberState.Completed, m.State);
            Assert.True(m.ErrorToClass < 1e-2, $"member {m.Index}: distance {m.ErrorToClass:E3} to its class, rel {m.RelativeL2["analytic"]:E3}, loss {m.FinalLoss:E3} {m.PolishNote}");
            Assert.True(m.RelativeL2["analytic"] < 1e-2, $"member {m.Index}: relative L2 {m.RelativeL2["analytic"]:E3}");
            Assert.True(m.IsRadial);
        }

        Assert.Equal(2, result.ClassCounts["analytic"]);
        Assert.Equal(1, result.SolutionsFound);
        Assert.Equal(RadialSlices.DefaultPoints, result.Slices.X.Length);

        // The slice is the network on the x1 axis: at x1 = 0.5 it is within 1e-2·max|u| of sin²(0.25).
        int half = Array.IndexOf(result.Slices.X, 0.5);
        NumericAssert.Absolute(Math.Pow(Math.Sin(0.25), 2), result.Slices.Members[0][half], 1e-2, "u(0.5, 0)");
    }

    [Fact]
    public void ANonRadialProblemIsClassifiedAgainstTheDiskSolversCatalog()
    {
        // u* = 0.5 sin(2x1 + 1)(1 − r²) + 0.3x2 with N = u²: f and g depend on direction, so shooting refuses; the
        // disk solver's catalog holds u* (as "analytic") and a second solution, and the members are classified
        // against it within 1e-2.
        var problem = Manufactured.From(Pinn.Core.Symbolic.ExprParser.Parse("0.5*sin(2*x1 + 1)*(1 - r^2) + 0.3*x2"), Pinn.Core.Symbolic.ExprParser.Parse("u^2"), 2);
        var result = BatchSolver.Solve(problem, Options());
        Assert.Equal("analytic", result.Catalog.Entries[0].Name);
        Assert.NotNull(result.Catalog.Entries[0].Disk);
        Assert.Contains(result.Catalog.Entries, e => e.Name.StartsWith("disk-", StringComparison.Ordinal));
        foreach (var m in result.Members)
        {
            Assert.Equal("analytic", m.Class);
            Assert.False(m.IsRadial);
            Assert.True(m.ErrorToClass < 1e-2, $"member {m.Index}: distance {m.ErrorToClass:E3}");
        }
    }

    [Fact]
    public void ANonlinearityDependingOnThePointIsTrainedAndShotAlike()
    {
        // −∇²u + r²u³ + x1·u·0.2 = f with u* = 0.6cos(r²) + 0.2x2: N uses r and x1, so f, g and N are evaluated at each
        // point in the loss (first-order phase and Gauss–Newton alike) and the catalog comes from the disk solver.
        var problem = Manufactured.From(Pinn.Core.Symbolic.ExprParser.Parse("0.6*cos(r^2) + 0.2*x2"), Pinn.Core.Symbolic.ExprParser.Parse("r^2*u^3 + 0.2*x1*u"), 2);
        var result = BatchSolver.Solve(problem, Options());
        Assert.Equal("analytic", result.Catalog.Entries[0].Name);
        foreach (var m in result.Members)
        {
            Assert.Equal("analytic", m.Class);
            Assert.True(m.RelativeL2["analytic"] < 1e-2, $"member {m.Index}: relative L2 {m.RelativeL2["analytic"]:E3}");
        }
    }

    [Fact]
    public void TheCatalogNoteSaysWhatWasUsedForEachKindOfProblem()
    {
        var cubic = new NonlinearPoisson(2, Pinn.Core.Symbolic.ExprParser.Parse("-u^3"), 0.0, 0.0, name: "cubic");
        var (catalog, note) = BatchSolver.CatalogFor(cubic, new ShootingOptions(-10, 10));
        Assert.Contains("shooting found 3 radial solution(s)", note, StringComparison.Ordinal);
        Assert.Matches(@"the disk solver found [1-9]\d* non-radial solution\(s\)", note);
        Assert.Contains(catalog.Entries, e => !e.IsRadial && e.Name == "disk-1");
        Assert.Equal(new SolutionSymmetry(true, true), catalog.Symmetry);

        var (_, off) = BatchSolver.CatalogFor(cubic, new ShootingOptions(-10, 10, Disk: new Pinn.Shooting.Disk.DiskSolverOptions(NonRadialSearch: false)));
        Assert.DoesNotContain("disk solver", off, StringComparison.Ordinal);

        var tilted = new NonlinearPoisson(3, Pinn.Core.Symbolic.ExprParser.Parse("u^3"), Pinn.Core.Symbolic.ExprParser.Parse("x1"), 0.0);
        var (none, why) = BatchSolver.CatalogFor(tilted, new ShootingOptions(-10, 10));
        Assert.Empty(none.Entries);
        Assert.Contains("no reference solver without radial symmetry in d = 3", why, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSummaryRoundTripsThroughItsTypedFile()
    {
        var summary = new RunSummary(
            "−∇²u + u² = f; k = 5",
            340,
            [
                new MemberResult(0, "analytic", MemberState.Completed, "completed", null, 1.5e-6, 1.2e-6, 3, new Dictionary<string, double> { ["analytic"] = 1e-3, ["shoot-2"] = 1.9 }, 1e-3, 0.01, true, new Dictionary<string, double> { ["analytic"] = 1.1e-3 }),
                new MemberResult(1, Classification.Unclassified, MemberState.Stopped, "loss became NaN at step 7", "converged", double.NaN, double.PositiveInfinity, 0, new Dictionary<string, double>(), double.NaN, double.NaN, false, new Dictionary<string, double> { ["analytic"] = double.NaN }),
            ],
            new Dictionary<string, int> { ["analytic"] = 1, [Classification.Unclassified] = 1 },
            [new CatalogSummary("analytic", 0), new CatalogSummary("shoot-2", null)],
            0.25);
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        string path = Path.Combine(dir, "summary.json");
        RunFile.Write(path, summary, RunFilesJsonContext.Default.RunSummary);
        var again = RunFile.Read(path, RunFilesJsonContext.Default.RunSummary);
        Assert.Equal(JsonSerializer.Serialize(summary, RunFilesJsonContext.Default.RunSummary), JsonSerializer.Serialize(again, RunFilesJsonContext.Default.RunSummary));
        Assert.Equal(MemberState.Stopped, again.Members[1].State);
        Assert.True(double.IsNaN(again.Members[1].FinalLoss));
        Assert.Equal(double.PositiveInfinity, again.Members[1].BestLoss);
        Assert.Contains("\"state\": \"Stopped\"", File.ReadAllText(path));

        // Damaged files are one InvalidDataException naming the file, never a stack of JSON internals.
        File.WriteAllText(path, File.ReadAllText(path)[..200]);
        Assert.Contains("summary.json", Assert.Throws<InvalidDataException>(() => RunFile.Read(path, RunFilesJsonContext.Default.RunSummary)).Message);
        File.WriteAllText(path, "{\"problem\": \"p\", \"steps\": 1}");
        Assert.Throws<InvalidDataException>(() => RunFile.Read(path, RunFilesJsonContext.Default.RunSummary));
    }
}
