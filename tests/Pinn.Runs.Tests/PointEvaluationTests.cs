using System.Globalization;
using Pinn.Problems;
using Pinn.Runs.Configuration;
using Pinn.Shooting;

namespace Pinn.Runs.Tests;

/// <summary>A trained member taken out of its run and evaluated at chosen points (pinn eval's library side).</summary>
public class PointEvaluationTests
{
    [Fact]
    public void TheGridIsTheLatticeInTheBall()
    {
        // {−1, −½, 0, ½, 1}² in the disk: the origin, 4 at distance ½, 4 at 1, 4 at √½ — not the 8 beyond 1.
        var grid = PointEvaluation.Grid(2, 5);
        Assert.Equal(13, grid.Count);
        Assert.All(grid, x => Assert.True((x[0] * x[0]) + (x[1] * x[1]) <= 1 + 1e-12));
        Assert.Equal(3, PointEvaluation.Grid(1, 3).Count);
        Assert.Contains("--points", Assert.Throws<ArgumentException>(() => PointEvaluation.Grid(4, 5)).Message, StringComparison.Ordinal);
        Assert.Contains("--grid 1", Assert.Throws<ArgumentException>(() => PointEvaluation.Grid(2, 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMemberEvaluatesAsItsRunSawItAndTheCsvHoldsItsResidualAndTheSolutions()
    {
        using var scratch = new ScratchDirectory();
        var config = new RunConfig("sin2-eval", ProblemCatalog.Sin2(2, 1), BatchSolverTests.Options(steps: 100, polish: 3) with { Training = BatchSolverTests.Options().Training with { Steps = 100, Precision = Pinn.Core.Training.Precision.F64 } }, new ShootingOptions(-5, 5), null);
        string dir = Path.Combine(scratch.Path, "run");
        BatchResult? result;
        using (var run = BatchRun.Start(config, dir))
        {
            result = run.Train();
        }

        // The member's network reproduces its slice along x1 (written by the run from its own evaluation).
        var network = TrainedNetwork.Load(dir, member: 1);
        Assert.Equal("member 1", network.Name);
        var slices = RadialSlices.Read(new RunDirectory(dir).Slices);
        var axis = slices.X.Select(x => new[] { x, 0.0 }).ToList();
        NumericAssert.NormRelative(slices.Members[1], network.Values(axis), 1e-12, "u along x1 against slices.csv");
        Assert.Throws<ArgumentException>(() => TrainedNetwork.Load(dir, member: 7));
        Assert.Throws<ArgumentException>(() => TrainedNetwork.Load(dir, solution: "found-1"));

        // The CSV: coordinates, u, ∇²u, R = −∇²u + u² − f, and the analytic solution sin²(r²) beside them.
        string csv = Path.Combine(scratch.Path, "eval.csv");
        var points = PointEvaluation.Grid(2, 9);
        Assert.Equal(points.Count, PointEvaluation.Write(csv, network, points, PointEvaluation.CatalogOf(network)));
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        Assert.Equal(["x1", "x2", "u", "laplacian_u", "residual"], header[..5]);
        int analytic = Array.IndexOf(header, "u_analytic");
        Assert.True(analytic > 0, lines[0]);
        var f = Pinn.Core.Symbolic.ExprCompiler.Compile(config.Problem.Source, 2, config.Problem.Parameters);
        foreach (var row in lines.Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()))
        {
            double r2 = (row[0] * row[0]) + (row[1] * row[1]);
            NumericAssert.Absolute(Math.Pow(Math.Sin(r2), 2), row[analytic], 1e-14, what: "u_analytic = sin²(r²)");
            NumericAssert.Absolute(-row[3] + (row[2] * row[2]) - f.Evaluate([row[0], row[1]]), row[4], 1e-12, what: "residual");
        }
    }
}
