using System.Globalization;
using System.Text.Json;

namespace Pinn.Cli.Tests.Commands;

public class ToolCommandTests
{
    [Fact]
    public void DeviceCheckRefusesTheCpuAndSaysWhenNoCudaDeviceIsThere()
    {
        var cpu = CliRunner.Run("device-check", "--device", "cpu");
        Assert.Equal(2, cpu.Exit);
        Assert.StartsWith("pinn: error: --device must be cuda or ilgpu-cpu, not 'cpu'", cpu.Error, StringComparison.Ordinal);
        if (!File.Exists("/dev/nvidiactl"))
        {
            var cuda = CliRunner.Run("device-check");
            Assert.Equal(2, cuda.Exit);
            Assert.StartsWith("pinn: error: no CUDA device", cuda.Error, StringComparison.Ordinal);
            Assert.Single(cuda.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    [Fact]
    public void ShootJsonListsTheBratuSolutions()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        var (exit, output, error) = CliRunner.Run("shoot", CliRunner.Problem("bratu-2d.json"), "--json", "--out", dir);
        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output);
        var solutions = doc.RootElement.GetProperty("solutions").EnumerateArray().ToList();
        Assert.Equal(2, solutions.Count);
        NumericAssert.Absolute(3.842189, solutions[0].GetProperty("u0").GetDouble(), 1e-6);
        NumericAssert.Absolute(0.316694, solutions[1].GetProperty("u0").GetDouble(), 1e-6);
        Assert.Equal("upper", solutions[0].GetProperty("name").GetString());
        Assert.True(solutions[0].TryGetProperty("uPrimeAt1", out _));
        using var profiles = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "shoot.json")));
        Assert.Equal(201, profiles.RootElement.GetProperty("solutions")[0].GetProperty("profile").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(dir, "shoot.svg")));
        Assert.True(File.Exists(Path.Combine(dir, "shoot.png")));
        var refused = CliRunner.Run("shoot", CliRunner.Problem("bratu-2d.json"), "--out", dir); // its own files: like batch, only with --force
        Assert.Equal(2, refused.Exit);
        Assert.Contains("already holds run files (shoot.json", refused.Error, StringComparison.Ordinal);
        var table = CliRunner.Run("shoot", CliRunner.Problem("bratu-2d.json"), "--min", "1", "--max", "10", "--out", dir, "--force");
        Assert.Contains("1 radial solution(s)", table.Output);
    }

    [Fact]
    public void ShootGrowsTheRangeOfAProblemOnlyFileToASolutionBeyondTheFirstScan()
    {
        // −∇²u + u²/10 = 0, u = 0: u ≡ 0 and the zero-data problem's second solution scaled by 10, u(0) = −85.341148,
        // outside the first scan's [−50, 50]: found at [−100, 100], then two doublings with nothing new.
        using var scratch = new ScratchDirectory();
        string config = Path.Combine(scratch.Path, "scaled.json");
        File.WriteAllText(config, """{ "problem": { "dimension": 2, "nonlinearity": "0.1*u^2", "source": "0", "boundary": "0" } }""");
        var (exit, output, error) = CliRunner.Run("shoot", config, "--out", Path.Combine(scratch.Path, "shoot"));
        Assert.True(exit == 0, error);
        Assert.Contains("pinn: shooting range: u(0) in [-400, 400] (grown from [-50, 50]", output, StringComparison.Ordinal);
        Assert.Contains("2 radial solution(s) with u(0) in [-400, 400]:", output, StringComparison.Ordinal);
        var u0 = output.Split('\n').Where(l => l.StartsWith("  shoot-", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).OrderBy(v => v).ToList();
        Assert.Equal(2, u0.Count);
        NumericAssert.Absolute(-85.341148, u0[0], 1e-5);
        NumericAssert.Absolute(0, u0[1], 1e-9);
    }

    [Fact]
    public void ShootSweepWritesTheDiagramAndPrintsTheFold()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        var (exit, output, error) = CliRunner.Run("shoot", CliRunner.Problem("bratu-2d.json"), "--sweep", "lambda=1:2.5:4", "--out", dir);
        Assert.True(exit == 0, error);
        Assert.Contains("solution count changes at lambda = 2.0000: 2 → 0", output);
        var rows = File.ReadAllLines(Path.Combine(dir, "sweep.csv"));
        Assert.Equal("lambda,u0,norm", rows[0]);
        Assert.Equal(5, rows.Length); // two solutions at λ = 1 and 1.5, none at 2 (the fold itself, to round-off) and 2.5
        Assert.True(File.Exists(Path.Combine(dir, "sweep.png")));
        var bad = CliRunner.Run("shoot", CliRunner.Problem("bratu-2d.json"), "--sweep", "lambda=1:1:3");
        Assert.StartsWith("pinn: error: --sweep:", bad.Error);
        var unknown = CliRunner.Run("shoot", CliRunner.Problem("bratu-2d.json"), "--sweep", "mu=1:2:3");
        Assert.Contains("parameters.mu", unknown.Error);
    }

    [Fact]
    public void DiscoverFindsBothSolutionsOfTheOneDimensionalBratuProblem()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        string config = Path.Combine(dir, "bratu-1d.json");
        File.WriteAllText(config, """
            {
              "problem": { "name": "bratu-1d", "catalog": "bratu", "dimension": 1, "parameters": { "lambda": 0.5 } },
              "network": { "width": 12, "depth": 1, "activation": "tanh" },
              "points": { "interior": 64, "boundary": 2, "validation": 200 },
              "loss": { "boundaryWeight": 10, "weightDecay": 0 },
              "optimizer": { "kind": "adam", "learningRate": 1e-2 },
              "training": { "steps": 300, "evaluateEvery": 300, "seed": 3, "precision": "f64", "threads": 1 },
              "ensemble": { "members": 2 },
              "polish": { "iterations": 80, "tolerance": 1e-12, "resampleEvery": 0 },
              "discovery": { "maximumMembers": 16, "patience": 8, "offsetStep": 1 },
              "shooting": { "minimum": -1, "maximum": 10 }
            }
            """);
        var (exit, output, error) = CliRunner.Run("discover", config, "--out", Path.Combine(dir, "run"));
        Assert.True(exit == 0, error);
        Assert.Contains("2 solution(s)", output);
        Assert.DoesNotContain("missed", output);
        Assert.True(File.Exists(Path.Combine(dir, "run", "solutions.json")));
        Assert.True(File.Exists(Path.Combine(dir, "run", "solutions.png")));
        var again = CliRunner.Run("discover", config, "--out", Path.Combine(dir, "run"));
        Assert.Equal(2, again.Exit);
        Assert.Contains("already holds run files (config.json", again.Error, StringComparison.Ordinal);
        Assert.Contains("solutions.json", again.Error, StringComparison.Ordinal);

        // The found solutions drawn on the λ-diagram, at the run's λ = 0.5.
        var sweep = CliRunner.Run("shoot", config, "--sweep", "lambda=0.3:0.7:3", "--overlay", Path.Combine(dir, "run"), "--out", Path.Combine(dir, "sweep"));
        Assert.True(sweep.Exit == 0, sweep.Error);
        Assert.Contains($"overlay {Path.Combine(dir, "run")}: lambda = 0.5, 2 solution(s) found by discover", sweep.Output);
        Assert.Contains("pinn discover: run", File.ReadAllText(Path.Combine(dir, "sweep", "sweep.svg")));
        Assert.Contains("use it with --sweep", CliRunner.Run("shoot", config, "--overlay", Path.Combine(dir, "run")).Error);
        Assert.Contains("is not a discovery run", CliRunner.Run("shoot", config, "--sweep", "lambda=0.3:0.7:3", "--overlay", dir).Error);
    }

    [Fact]
    public void TraceAcceptsNegativeStartsAndPrintsRoundTripJson()
    {
        var (exit, output, error) = CliRunner.Run("synthetic", "trace", "--function", "zakharov", "--start=-1,-1", "--optimizer", "bbi", "--lr", "0.001", "--no-bounces", "--steps", "5", "--json");
        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output);
        var f = doc.RootElement.GetProperty("F").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(6, f.Length);
        // Zakharov at (−1, −1): Σθ² = 2, S = −1.5: F = 2 + 2.25 + 5.0625.
        Assert.Equal(9.3125, f[0]);
        Assert.True(f[^1] < f[0]);
        Assert.Empty(doc.RootElement.GetProperty("bounces").EnumerateArray());
        var bounced = CliRunner.Run("synthetic", "trace", "--function", "ackley-repo", "--start=2.5,1.5", "--lr", "0.01", "--delta-e", "2", "--v0", "1e-4", "--t0", "20", "--t1", "100", "--nb", "4", "--steps", "100", "--json");
        using var b = JsonDocument.Parse(bounced.Output);
        Assert.Equal([21, 42, 63, 84], b.RootElement.GetProperty("bounces").EnumerateArray().Select(e => e.GetInt32()).ToArray());
    }

    [Fact]
    public void BenchJsonHasTheDocumentedFields()
    {
        var (exit, output, error) = CliRunner.Run("bench", "--scale", "small", "--steps", "3", "--json");
        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output.Trim());
        foreach (var field in new[] { "scale", "precision", "ensemble", "threads", "parameters", "medianMs", "minMs", "gflops", "gemmCeilingGflops", "ceilingPercent", "stepShapeGflops", "isa" })
        {
            Assert.True(doc.RootElement.TryGetProperty(field, out _), field);
        }

        Assert.Equal(2241, doc.RootElement.GetProperty("parameters").GetInt32());
        Assert.Equal(Pinn.Core.Compute.Cpu.CpuIsas.Name(Pinn.Core.Compute.Cpu.CpuIsas.Best), doc.RootElement.GetProperty("isa").GetString());

        // One member has no lanes: the products' own speed is not measured (null, not NaN).
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("productGflops").ValueKind);

        // The AVX2 path can be forced on any machine (on an AVX-512 one it runs the 6×16 micro-kernel with 256-bit vectors).
        var forced = CliRunner.Run("bench", "--scale", "small", "--steps", "3", "--json", "--isa", "avx2");
        Assert.True(forced.Exit == 0, forced.Error);
        using var f = JsonDocument.Parse(forced.Output.Trim());
        Assert.StartsWith(Pinn.Core.Compute.Cpu.CpuIsas.Name(Pinn.Core.Compute.Cpu.CpuIsa.Avx2), f.RootElement.GetProperty("isa").GetString(), StringComparison.Ordinal);
        Assert.True(f.RootElement.GetProperty("gemmCeilingGflops").GetDouble() > 1);
        Assert.Contains("--isa must be avx512 or avx2", CliRunner.Run("bench", "--isa", "sse").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchEnsembleReportsTheProductsOwnSpeedOnLanes()
    {
        var (exit, output, error) = CliRunner.Run("bench", "--scale", "small", "--steps", "5", "--ensemble", "2", "--threads", "2", "--json");
        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output.Trim());
        var r = doc.RootElement;
        double products = r.GetProperty("productGflops").GetDouble();
        double share = r.GetProperty("productTimePercent").GetDouble();
        NumericAssert.InRange(share, 1, 99.9, "percent of the lanes' time in products");
        NumericAssert.Relative(100 * products / r.GetProperty("gemmCeilingGflops").GetDouble(), r.GetProperty("productCeilingPercent").GetDouble(), 1e-9, what: "productCeilingPercent");

        // Products alone run faster than products spread over the whole step (which also holds the pointwise work);
        // the margin allows for the two being timed over different steps.
        Assert.True(products > 0.8 * r.GetProperty("gflops").GetDouble(), $"products alone {products} GFLOP/s against {r.GetProperty("gflops").GetDouble()} over the step");
    }

    [Fact]
    public void BenchOnTheCpuAcceleratorSkipsTheScalesItWouldTakeHoursFor()
    {
        // The device benchmark itself is tested in Pinn.Gpu.Tests at a tiny scale; a small step there takes ~30 s.
        var (exit, output, error) = CliRunner.Run("bench", "--device", "ilgpu-cpu", "--scale", "medium", "paper", "--ensemble", "2");
        Assert.True(exit == 0, error);
        var lines = output.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("medium skipped: ilgpu-cpu simulates every GPU thread", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("paper  skipped:", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void SyntheticTwoBasinPrintsTheRatio()
    {
        string dir = CliRunner.TempDirectory();
        var (exit, output, _) = CliRunner.Run("synthetic", "two-basin", "--runs", "40", "--out", dir);
        Assert.Equal(0, exit);
        Assert.Contains("prediction sqrt(det H2/det H1) = 1.92", output);
        // GDM is deterministic: from (10, −10) it always reaches the same basin (basin 1, c1 = (−2, −2)).
        Assert.Contains("GDM (lr 0.01, momentum 0.9): basin 1 after ", output);
        Assert.True(new FileInfo(Path.Combine(dir, "two-basin.svg")).Length > 1000);
        Assert.True(new FileInfo(Path.Combine(dir, "two-basin.png")).Length > 1000);
        Assert.Contains("BBI run", File.ReadAllText(Path.Combine(dir, "two-basin.svg")));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void HelpWorksForEveryVerb()
    {
        foreach (var verb in new[] { "solve", "batch", "resume", "discover", "plot", "shoot", "bench", "synthetic" })
        {
            var (exit, output, _) = CliRunner.Run(verb, "--help");
            Assert.Equal(0, exit);
            Assert.Contains("Usage", output);
        }
    }
}
