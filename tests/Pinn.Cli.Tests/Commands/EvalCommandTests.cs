using Pinn.Runs;
using Pinn.Runs.Configuration;

namespace Pinn.Cli.Tests.Commands;

/// <summary><c>pinn eval</c>: a member's values as CSV, and its refusals.</summary>
public class EvalCommandTests
{
    private const string Tiny = """
        { "problem": { "catalog": "bratu", "dimension": 2, "parameters": { "lambda": 1 } },
          "network": { "width": 8, "depth": 1 }, "points": { "interior": 64, "boundary": 16 },
          "training": { "steps": 20, "evaluateEvery": 10, "threads": 1 }, "ensemble": { "members": 2 },
          "polish": { "iterations": 2 }, "shooting": { "minimum": -1, "maximum": 5 } }
        """;

    [Fact]
    public void WritesTheMembersValuesAtTheGridAndRefusesAmbiguousRequests()
    {
        string root = CliRunner.TempDirectory();
        string dir = Path.Combine(root, "run");
        using (var run = BatchRun.Start(RunConfigReader.Read(Tiny, "tiny"), dir))
        {
            Assert.NotNull(run.Train());
        }

        string csv = Path.Combine(root, "u.csv");
        var (exit, output, error) = CliRunner.Run("eval", dir, "--member", "1", "--grid", "5", "--out", csv);
        Assert.True(exit == 0, output + error);
        Assert.Contains("member 1", output, StringComparison.Ordinal);
        var lines = File.ReadAllLines(csv);
        Assert.Equal(14, lines.Length); // the header and the 13 lattice points in the disk
        Assert.StartsWith("x1,x2,u,laplacian_u,residual,u_", lines[0], StringComparison.Ordinal);

        (exit, _, error) = CliRunner.Run("eval", dir, "--member", "0", "--solution", "found-1", "--grid", "5");
        Assert.Equal(2, exit);
        Assert.Contains("not both", error, StringComparison.Ordinal);
        (exit, _, error) = CliRunner.Run("eval", dir);
        Assert.Equal(2, exit);
        Assert.Contains("--grid N or --points FILE.csv", error, StringComparison.Ordinal);
        (exit, _, error) = CliRunner.Run("eval", dir, "--member", "9", "--grid", "5");
        Assert.Equal(2, exit);
        Assert.Contains("has no member 9", error, StringComparison.Ordinal);
    }
}
