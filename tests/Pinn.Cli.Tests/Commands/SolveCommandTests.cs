using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json;
using System.Xml.Linq;
using Pinn.Runs.Configuration;
using Pinn.Core.Training;
using Pinn.Optimizers;

namespace Pinn.Cli.Tests.Commands;

public class SolveCommandTests
{
    [Fact]
    public void BatchWritesEveryFileAndClassifiesEveryMember()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        var (exit, output, error) = CliRunner.Run("batch", CliRunner.Problem("zero-data-2d.json"), "--steps", "60", "--ensemble", "2", "--out", dir);
        Assert.True(exit == 0, error);
        foreach (var file in new[] { "config.json", "metrics.csv", "bounces.csv", "checkpoint.bin", "summary.json", "catalog.json", "slices.csv", "radial-slices.svg", "radial-slices.png", "loss.svg", "loss.png", "error.svg", "error.png", "report.html" })
        {
            Assert.True(File.Exists(Path.Combine(dir, file)), $"{file} missing");
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        var members = summary.RootElement.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(2, members.Count);
        foreach (var m in members)
        {
            Assert.False(string.IsNullOrEmpty(m.GetProperty("class").GetString()));
            Assert.Equal("completed", m.GetProperty("stopReason").GetString());
            Assert.True(m.GetProperty("distances").EnumerateObject().Count() >= 2);
            Assert.True(m.GetProperty("finalLoss").GetDouble() > 0);
            Assert.Equal(JsonValueKind.Number, m.GetProperty("radialSpread").ValueKind);
            Assert.True(m.GetProperty("errorEstimate").GetDouble() is > 0 and < 10, "the error estimate from fresh points");
        }

        var counts = summary.RootElement.GetProperty("classCounts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(2, counts.Values.Sum());
        Assert.Contains("trivial", counts.Keys);
        Assert.Contains("classes: ", output);
        // Plots as SVG (series titles in the legend) and PNG; the report shows the PNGs and links the SVGs.
        var legend = XDocument.Load(Path.Combine(dir, "radial-slices.svg")).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        Assert.Contains(legend, n => n.StartsWith("trivial", StringComparison.Ordinal));
        Assert.Contains(legend, n => n.StartsWith("member 1", StringComparison.Ordinal));
        Assert.Contains("x1", legend);
        var lossTexts = XDocument.Load(Path.Combine(dir, "loss.svg")).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        Assert.Contains("member 0", lossTexts);
        Assert.Contains("member 1", lossTexts);
        string report = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("<th>error estimate</th>", report);
        foreach (var plotName in new[] { "radial-slices", "loss", "error" })
        {
            byte[] png = File.ReadAllBytes(Path.Combine(dir, plotName + ".png"));
            Assert.Equal(0x89, png[0]);
            Assert.Contains($"<img src=\"{plotName}.png\"", report);
            Assert.Contains($"<a href=\"{plotName}.svg\">", report);
        }

        // The report renders in a real browser: a headless Chromium screenshot is not blank.
        ReportScreenshot.AssertRendered(Path.Combine(dir, "report.html"), output: null);

        // pinn plot redraws from the files.
        File.Delete(Path.Combine(dir, "loss.svg"));
        File.Delete(Path.Combine(dir, "loss.png"));
        var plot = CliRunner.Run("plot", dir);
        Assert.Equal(0, plot.Exit);
        Assert.True(File.Exists(Path.Combine(dir, "loss.svg")));
        Assert.True(File.Exists(Path.Combine(dir, "loss.png")));

        // A finished run directory is not overwritten.
        var again = CliRunner.Run("batch", CliRunner.Problem("zero-data-2d.json"), "--steps", "5", "--out", dir);
        Assert.Equal(2, again.Exit);
        Assert.Contains("pinn resume", again.Error);
    }

    [Fact]
    public void ALargeFirstLossScalesTheTimeStepAndSaysSoUnlessTheFileGivesOne()
    {
        // u* ≈ 120: the first loss is ~10⁷, above optimizer.lossScale (10⁴), so BBI steps with 3e-3·√(10⁴/V₀).
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        string Config(string optimizer) => $$"""
            {
              "problem": { "name": "large", "dimension": 2, "nonlinearity": "u^2", "manufactured": "100*(1 - r^2)*cos(3*r) + 20" },
              "network": { "width": 8, "depth": 1 },
              "points": { "interior": 64, "boundary": 16, "validation": 50 },
              {{optimizer}}
              "training": { "steps": 3, "evaluateEvery": 3, "seed": 1 },
              "ensemble": { "members": 1 },
              "polish": { "kind": "none" },
              "shooting": { "minimum": 110, "maximum": 130 }
            }
            """;
        File.WriteAllText(Path.Combine(dir, "scaled.json"), Config(string.Empty));
        var (exit, output, error) = CliRunner.Run("batch", Path.Combine(dir, "scaled.json"), "--out", Path.Combine(dir, "scaled"));
        Assert.True(exit == 0, error);
        var note = Regex.Match(output, @"pinn: the first loss (?<v0>\S+) exceeds optimizer\.lossScale 1E\+04: BBI steps with Δt = (?<dt>\S+) instead of 0\.003");
        Assert.True(note.Success, output);
        double v0 = double.Parse(note.Groups["v0"].Value, CultureInfo.InvariantCulture), dt = double.Parse(note.Groups["dt"].Value, CultureInfo.InvariantCulture);
        Assert.InRange(v0, 1e6, 1e9);
        NumericAssert.Relative(3e-3 * Math.Sqrt(1e4 / v0), dt, 1e-2); // both printed to 3 digits

        File.WriteAllText(Path.Combine(dir, "given.json"), Config("\"optimizer\": { \"timeStep\": 1e-4 },"));
        var given = CliRunner.Run("batch", Path.Combine(dir, "given.json"), "--out", Path.Combine(dir, "given"));
        Assert.True(given.Exit == 0, given.Error);
        Assert.DoesNotContain("exceeds optimizer.lossScale", given.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ARunWhoseMembersAllDivergeSaysSoAndFails()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        string config = Path.Combine(dir, "diverge.json");
        File.WriteAllText(config, """
            {
              "problem": { "name": "diverge", "catalog": "zero-data", "dimension": 2 },
              "network": { "width": 8, "depth": 1 },
              "points": { "interior": 64, "boundary": 16, "validation": 50 },
              "optimizer": { "kind": "adam", "learningRate": 1e30 },
              "training": { "steps": 20, "evaluateEvery": 10, "seed": 1 },
              "ensemble": { "members": 2 },
              "polish": { "kind": "none" },
              "shooting": { "minimum": -20, "maximum": 20 }
            }
            """);
        var (exit, output, error) = CliRunner.Run("batch", config, "--out", Path.Combine(dir, "run"));
        Assert.True(exit == 3, $"exit {exit}: {error}");
        Assert.Contains("diverged 2/2", output);
        Assert.Contains("no member finished", output);
        Assert.True(File.Exists(Path.Combine(dir, "run", "radial-slices.png")));
        var forced = CliRunner.Run("batch", config, "--out", Path.Combine(dir, "run"), "--steps", "5");
        Assert.Contains("--force", forced.Error);
    }

    [Fact]
    public void AnEnergyShiftAboveTheLossStopsEveryMemberWithTheReasonAndAProblemWithoutClosedFormsSaysSo()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        string config = Path.Combine(dir, "frozen.json");
        File.WriteAllText(config, """
            {
              "problem": { "name": "no-closed-form", "dimension": 2, "nonlinearity": "u^2", "source": "1", "boundary": "0" },
              "network": { "width": 8, "depth": 1 },
              "points": { "interior": 64, "boundary": 16, "validation": 50 },
              "optimizer": { "kind": "bbi", "timeStep": 1e-3, "energyShift": 1e6 },
              "training": { "steps": 50, "evaluateEvery": 10, "seed": 1 },
              "ensemble": { "members": 2 },
              "polish": { "kind": "none" },
              "shooting": { "minimum": -5, "maximum": 5 }
            }
            """);
        var (exit, output, error) = CliRunner.Run("batch", config, "--out", Path.Combine(dir, "run"));
        // Before: the loss stayed where it started for all 50 steps, 0 bounces, and both members "completed" (exit 0).
        Assert.True(exit == 3, $"exit {exit}: {error}");
        Assert.Contains("BBI cannot move: at step 1 the loss", output, StringComparison.Ordinal);
        Assert.Contains("no closed-form solution to compare", output, StringComparison.Ordinal);
        Assert.DoesNotContain("relative L2 error: ;", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheGpuKernelsTrainABatchOnIlgpusCpuAcceleratorAndAnAbsentCudaIsOneLine()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        string config = Path.Combine(dir, "tiny.json");
        File.WriteAllText(config, """
            {
              "problem": { "name": "tiny", "catalog": "sin2", "dimension": 2, "parameters": { "k": 2 } },
              "network": { "width": 8, "depth": 1 },
              "points": { "interior": 48, "boundary": 12, "validation": 40 },
              "optimizer": { "kind": "adam", "learningRate": 1e-2 },
              "training": { "steps": 6, "evaluateEvery": 3, "seed": 1 },
              "ensemble": { "members": 2 },
              "polish": { "kind": "none" },
              "shooting": { "minimum": -20, "maximum": 20 }
            }
            """);
        var (exit, output, error) = CliRunner.Run("batch", config, "--device", "ilgpu-cpu", "--out", Path.Combine(dir, "gpu"));
        Assert.True(exit == 0, $"exit {exit}: {error}");
        Assert.Contains("ilgpu-cpu", output, StringComparison.Ordinal); // the backend's name in the run line
        Assert.Contains("completed", output, StringComparison.Ordinal);
        var cuda = CliRunner.Run("batch", config, "--device", "cuda", "--out", Path.Combine(dir, "cuda"));
        if (cuda.Exit != 0)
        {
            // No NVIDIA GPU here (CI never has one): one line that says what to use.
            Assert.Equal(2, cuda.Exit);
            Assert.StartsWith("pinn: error: no CUDA device:", cuda.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(dir, "cuda")) && Directory.EnumerateFileSystemEntries(Path.Combine(dir, "cuda")).Any(), "an absent GPU must leave no run files");
        }

        Assert.Contains("use cpu, cuda or ilgpu-cpu", CliRunner.Run("batch", config, "--device", "tpu").Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "solve", "problems/bratu-2d.json", "--steps", "abc" }, "pinn: error: Cannot parse argument 'abc' for option '--steps' as a whole number.", "pinn solve --help")]
    [InlineData(new[] { "shoot", "problems/bratu-2d.json", "--min", "x" }, "pinn: error: Cannot parse argument 'x' for option '--min' as a number (e.g. 0.5 or 1e-3).", "pinn shoot --help")]
    [InlineData(new[] { "frobnicate" }, "pinn: error: Unrecognized command or argument 'frobnicate'.", "pinn --help")]
    public void AnUnparsableOptionIsOneLineThatNamesItAndWhatItExpects(string[] args, string line, string help)
    {
        var (exit, output, error) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(line, lines[0]);
        Assert.Equal($"pinn: see '{help}' for the options.", lines[^1]);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ResumeContinuesExactlyLikeAnUninterruptedRun()
    {
        string full = CliRunner.TempDirectory(), split = CliRunner.TempDirectory();
        // The first-order phase alone (a finished run extended by more first-order steps; the polishing phase's
        // resume is covered by the trainer's tests).
        string problem = Path.Combine(CliRunner.TempDirectory(), "bratu-first-order.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(CliRunner.Problem("bratu-2d.json")))!.AsObject();
        json["polish"] = new System.Text.Json.Nodes.JsonObject { ["kind"] = "none" };
        File.WriteAllText(problem, json.ToJsonString());
        try
        {
            Assert.Equal(0, CliRunner.Run("batch", problem, "--steps", "50", "--ensemble", "2", "--out", full).Exit);
            Assert.Equal(0, CliRunner.Run("batch", problem, "--steps", "20", "--ensemble", "2", "--out", split).Exit);
            var resumed = CliRunner.Run("resume", split, "--steps", "50");
            Assert.True(resumed.Exit == 0, resumed.Error);
            Assert.Contains("resuming", resumed.Output);
            Assert.Equal(File.ReadAllText(Path.Combine(full, "slices.csv")), File.ReadAllText(Path.Combine(split, "slices.csv")));
            var config = RunConfigReader.ReadFile(Path.Combine(full, "config.json"));
            var a = new Trainer<float>(config.TrainingProblem, config.Options);
            a.Load(Path.Combine(full, "checkpoint.bin"));
            var b = new Trainer<float>(config.TrainingProblem, config.Options);
            b.Load(Path.Combine(split, "checkpoint.bin"));
            Assert.Equal(a.Parameters(1), b.Parameters(1));
            // The split run also logged metrics when it ended at step 20; everything else is identical.
            Assert.Equal(File.ReadAllLines(Path.Combine(full, "metrics.csv")), File.ReadAllLines(Path.Combine(split, "metrics.csv")).Where(l => !l.StartsWith("20,", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(full, true);
            Directory.Delete(split, true);
            Directory.Delete(Path.GetDirectoryName(problem)!, true);
        }
    }

    [Fact]
    public void EveryShippedConfigurationRunsAFewSteps()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(CliRunner.Root, "problems"), "*.json"))
        {
            var config = RunConfigReader.ReadFile(file);
            var o = config.Options with
            {
                Training = config.Options.Training with { Steps = 2, EvaluateEvery = 1 },
                Ensemble = config.Options.Ensemble with { Members = 1 },
                Shard = null,
                Continuation = config.Options.Continuation is { } c ? c with { Values = c.Values.Take(1).ToArray(), StageIterations = 0 } : null,
                Polish = config.Options.Polish is GaussNewtonOptions g ? g with { Iterations = 2 } : null,
            };
            var trainer = new Trainer<float>(config.TrainingProblem, o);
            trainer.Run(null, null, CancellationToken.None);
            Assert.Equal(o.TotalSteps, trainer.Step);
            Assert.True(double.IsFinite(trainer.Members[0].LastLoss), file);
        }
    }

    [Theory]
    [InlineData(new[] { "solve", "problems/none.json" }, "does not exist")]
    [InlineData(new[] { "batch", "@zero", "--ensemble", "0" }, "--ensemble")]
    [InlineData(new[] { "solve", "@zero", "--device", "cuda" }, "--device")]
    [InlineData(new[] { "resume", "/nonexistent/run" }, "does not exist")]
    [InlineData(new[] { "plot", "/nonexistent/run" }, "does not exist")]
    [InlineData(new[] { "bench", "--device", "tpu" }, "--device must be cpu, cuda or ilgpu-cpu")]
    [InlineData(new[] { "bench", "--device", "ilgpu-cpu", "--precision", "f64" }, "--precision f64, --isa, --profile and --gauss-newton are for --device cpu")]
    [InlineData(new[] { "synthetic", "trace", "--function", "rosenbrock" }, "Unknown function")]
    public void UserErrorsAreOneLineWithoutStackTrace(string[] args, string text)
    {
        args = args.Select(a => a == "@zero" ? CliRunner.Problem("zero-data-2d.json") : a).ToArray();
        var (exit, _, error) = CliRunner.Run(args);
        Assert.NotEqual(0, exit);
        Assert.Contains(text, error);
        Assert.StartsWith("pinn: error: ", error);
        Assert.DoesNotContain("   at ", error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
