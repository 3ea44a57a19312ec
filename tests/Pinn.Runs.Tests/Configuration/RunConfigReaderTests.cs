using Pinn.Runs.Configuration;
using Pinn.Core.Configuration;
using Pinn.Core.Training;
using Pinn.Optimizers;

namespace Pinn.Runs.Tests.Configuration;

public class RunConfigReaderTests
{
    private const string Problem = "\"problem\": { \"catalog\": \"zero-data\", \"dimension\": 2 }";
    private const string Sin2 = "\"problem\": { \"catalog\": \"sin2\", \"dimension\": 2, \"parameters\": { \"k\": 5 } }";
    private const string Polish = "\"polish\": { \"iterations\": 7 }";

    [Fact]
    public void PolishingDrawsHaltonPointsUnlessTheFileOrAnOlderRunDirectorySaysRandom()
    {
        Assert.Equal(Pinn.Core.Geometry.PointSampling.Halton, Assert.IsType<GaussNewtonOptions>(RunConfigReader.Read("{" + Problem + "}", "t").Options.Polish).Sampling);
        var random = RunConfigReader.Read("{" + Problem + ", \"polish\": { \"sampling\": \"random\" } }", "t");
        Assert.Equal(Pinn.Core.Geometry.PointSampling.Random, Assert.IsType<GaussNewtonOptions>(random.Options.Polish).Sampling);

        // The writer writes the setting, so a run directory reads back what it ran; one written before the setting
        // existed (no "sampling") ran independent points and reads as random, with its old identity text.
        var dir = Directory.CreateTempSubdirectory("pinn-sampling-");
        try
        {
            string path = Path.Combine(dir.FullName, "config.json");
            File.WriteAllText(path, RunConfigWriter.Write(RunConfigReader.Read("{" + Problem + "}", "t")));
            Assert.Equal(Pinn.Core.Geometry.PointSampling.Halton, Assert.IsType<GaussNewtonOptions>(RunConfigReader.ReadRunDirectory(path).Options.Polish).Sampling);
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
            Assert.True(json["polish"]!.AsObject().Remove("sampling"));
            File.WriteAllText(path, json.ToJsonString());
            var old = Assert.IsType<GaussNewtonOptions>(RunConfigReader.ReadRunDirectory(path).Options.Polish);
            Assert.Equal(Pinn.Core.Geometry.PointSampling.Random, old.Sampling);
            Assert.DoesNotContain("Sampling", old.ToString(), StringComparison.Ordinal);
            Assert.Contains("Sampling = Halton", (old with { Sampling = Pinn.Core.Geometry.PointSampling.Halton }).ToString(), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void ThePaperPresetIsThePapersAndRoundTripsThroughTheWriter()
    {
        var config = RunConfigReader.Read("{ \"preset\": \"paper\", " + Problem + "}", "t");
        var o = config.Options;
        Assert.Equal((200, 3), (o.Network.Width, o.Network.Depth));
        Assert.Equal((10_000, 1_000), (o.Points.Interior, o.Points.Boundary));
        Assert.Equal((1e5, 2e-4), (o.Loss.BoundaryWeight, o.Loss.WeightDecay));
        var bbi = Assert.IsType<BbiOptions>(o.Optimizer);
        Assert.Equal((8e-6, 200L, 10L, 2000L), (bbi.TimeStep, bbi.FixedBouncePeriod, bbi.FixedBounceCount, bbi.ProgressBounceThreshold));
        Assert.Null(o.Polish);
        var again = RunConfigReader.Read(RunConfigWriter.Write(config), "t");
        Assert.Equal(config.Options with { Optimizer = again.Options.Optimizer }, again.Options);
        Assert.Equal(config.Options.Optimizer, again.Options.Optimizer);
        Assert.Equal(config.Problem.Source, again.Problem.Source);
    }

    [Theory]
    [InlineData("\"network\": { \"width\": 0 }", "$.network.width", "Width")]
    [InlineData("\"network\": { \"activation\": \"relu\" }", "$.network.activation", "unknown activation")]
    [InlineData("\"network\": { \"widht\": 10 }", "$.network.widht", "unknown key")]
    [InlineData("\"points\": { \"interior\": 0 }", "$.points.interior", "Interior")]
    [InlineData("\"points\": { \"resampleEvery\": -1 }", "$.points.resampleEvery", "ResampleEvery")]
    [InlineData("\"loss\": { \"boundaryWeight\": -5 }", "$.loss.boundaryWeight", "BoundaryWeight")]
    [InlineData("\"optimizer\": { \"kind\": \"sgd\" }", "$.optimizer.kind", "unknown optimizer")]
    [InlineData("\"optimizer\": { \"timeStep\": -1 }", "$.optimizer.timeStep", "TimeStep")]
    [InlineData("\"optimizer\": { \"t0\": 0 }", "$.optimizer.t0", "T0")]
    [InlineData("\"optimizer\": { \"t0\": 0 }", "$.optimizer.t0", "\"noBounces\": true disables bounces")]
    [InlineData("\"optimizer\": { \"nb\": -1 }", "$.optimizer.nb", "Nb")]
    [InlineData("\"optimizer\": { \"kind\": \"adam\", \"learningRate\": 0 }", "$.optimizer.learningRate", "LearningRate")]
    [InlineData("\"training\": { \"steps\": 0 }", "$.training.steps", "Steps")]
    [InlineData("\"training\": { \"precision\": \"f16\" }", "$.training.precision", "unknown precision")]
    [InlineData("\"training\": { \"device\": \"tpu\" }", "$.training.device", "use cpu, cuda or ilgpu-cpu")]
    [InlineData("\"training\": { \"device\": \"cuda\", \"precision\": \"f64\" }", "$.training.device", "trains in float32")]
    [InlineData("\"training\": { \"steps\": 1.5 }", "$.training.steps", "expected an integer")]
    [InlineData("\"ensemble\": { \"members\": 0 }", "$.ensemble.members", "Members")]
    [InlineData("\"polish\": { \"space\": \"diagonal\" }", "$.polish.space", "use auto (the smaller system), samples or parameters")]
    [InlineData("\"polish\": { \"sampling\": \"sobol\" }", "$.polish.sampling", "use halton (evenly spread points")]
    [InlineData("\"shooting\": { \"minimum\": 5, \"maximum\": 1 }", "$.shooting.minimum", "below Maximum")]
    [InlineData("\"output\": { \"dir\": \"x\" }", "$.output.dir", "unknown key")]
    [InlineData("\"extra\": 1", "$.extra", "unknown key")]
    [InlineData("\"output\": { \"directory\": \"\" }", "$.output.directory", "is empty")]
    [InlineData("\"output\": { \"directory\": \"   \" }", "$.output.directory", "is empty")]
    [InlineData("\"training\": { \"steps\": 10, \"steps\": 20 }", "$.training.steps", "appears twice")]
    [InlineData("\"ensemble\": { \"members\": 2 }, \"ensemble\": { \"members\": 3 }", "$.ensemble", "appears twice")]
    [InlineData("\"deflation\": { \"power\": 0 }", "$.deflation.power", "Power (p)")]
    [InlineData("\"deflation\": { \"points\": 5 }", "$.deflation.points", "Points")]
    [InlineData("\"discovery\": { \"patience\": 0 }", "$.discovery.patience", "Patience")]
    [InlineData("\"discovery\": { \"finalPasses\": -1 }", "$.discovery.finalPasses", "FinalPasses")]
    [InlineData("\"discovery\": { \"finalPasses\": 11 }", "$.discovery.finalPasses", "FinalPasses")]
    [InlineData("\"discovery\": { \"lossTolerance\": -1 }", "$.discovery.lossTolerance", "LossTolerance")]
    [InlineData("\"discovery\": { \"offsetStep\": \"wide\" }", "$.discovery.offsetStep", "a finite number or \"auto\"")]
    [InlineData("\"discovery\": { \"offsetStep\": -1 }", "$.discovery.offsetStep", "OffsetStep")]
    public void EveryErrorNamesItsJsonPath(string section, string path, string text)
    {
        var e = Assert.Throws<ConfigurationException>(() => RunConfigReader.Read("{" + Problem + ", " + section + "}", "t"));
        Assert.Equal(path, e.Path);
        Assert.Contains(text, e.Message);
    }

    [Theory]
    [InlineData("\"polish\": { \"kind\": \"none\" }, \"continuation\": { \"parameter\": \"k\", \"values\": [1] }", "$.continuation", "needs a polishing phase")]
    [InlineData(Polish + ", \"continuation\": { \"parameter\": \"q\", \"values\": [1] }", "$.continuation.parameter", "the problem has k")]
    [InlineData(Polish + ", \"continuation\": { \"values\": [1] }", "$.continuation.parameter", "is required")]
    [InlineData(Polish + ", \"continuation\": { \"parameter\": \"k\" }", "$.continuation.values", "is required")]
    [InlineData(Polish + ", \"continuation\": { \"parameter\": \"k\", \"values\": [] }", "$.continuation.values", "at least one")]
    [InlineData(Polish + ", \"continuation\": { \"parameter\": \"k\", \"values\": [1, \"2\"] }", "$.continuation.values[1]", "finite number")]
    [InlineData(Polish + ", \"continuation\": { \"parameter\": \"k\", \"values\": 3 }", "$.continuation.values", "array of numbers")]
    [InlineData(Polish + ", \"continuation\": { \"parameter\": \"k\", \"values\": [1], \"stageIterations\": -2 }", "$.continuation.stageIterations", "0 uses the polishing phase's iterations")]
    [InlineData(Polish + ", \"continuation\": { \"parameter\": \"k\", \"values\": [1], \"stageDamping\": -1 }", "$.continuation.stageDamping", "StageDamping")]
    public void ContinuationErrorsNameTheirJsonPath(string section, string path, string text)
    {
        var e = Assert.Throws<ConfigurationException>(() => RunConfigReader.Read("{" + Sin2 + ", " + section + "}", "t"));
        Assert.Equal(path, e.Path);
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public void DeflationAndDiscoveryRoundTripThroughTheWriter()
    {
        var config = RunConfigReader.Read("{" + Problem + ", \"deflation\": { \"power\": 3, \"shift\": 0.5, \"points\": 300 }, \"discovery\": { \"maximumMembers\": 7, \"patience\": 2, \"lossTolerance\": 1e-5, \"distanceThreshold\": 0.2, \"offsetStep\": 1.5, \"distanceFloor\": 0.01 } }", "t");
        Assert.Equal(new DeflationOptions(3, 0.5, 300), config.Options.Deflation);
        Assert.Equal(new DiscoveryOptions(7, 2, 1e-5, 0.2, 1.5, 0.01), config.Discovery);
        var again = RunConfigReader.Read(RunConfigWriter.Write(config), "t");
        Assert.Equal(config.Options.Deflation, again.Options.Deflation);
        Assert.Equal(config.Discovery, again.Discovery);
        Assert.Null(RunConfigReader.Read("{" + Problem + "}", "t").Options.Deflation);

        // The output step: absent or "auto" is chosen from the catalog when the discovery starts (null), and written as "auto".
        var chosen = RunConfigReader.Read("{" + Problem + ", \"discovery\": { \"offsetStep\": \"auto\" } }", "t");
        Assert.Null(chosen.Discovery!.OffsetStep);
        Assert.Null(RunConfigReader.Read("{" + Problem + ", \"discovery\": { \"patience\": 3 } }", "t").Discovery!.OffsetStep);
        string written = RunConfigWriter.Write(chosen);
        Assert.Contains("\"offsetStep\": \"auto\"", written, StringComparison.Ordinal);
        Assert.Equal(chosen.Discovery, RunConfigReader.Read(written, "t").Discovery);
    }

    [Fact]
    public void ContinuationRoundTripsThroughTheWriter()
    {
        var config = RunConfigReader.Read("{" + Sin2 + ", " + Polish + ", \"continuation\": { \"parameter\": \"k\", \"values\": [2, 3.5] } }", "t");
        var c = config.Options.Continuation!;
        Assert.Equal("k", c.Parameter);
        Assert.Equal([2, 3.5], c.Values);
        Assert.Equal(0, c.StageIterations);
        Assert.Equal(0, c.StageDamping);
        Assert.Equal(config.Options.Training.Steps + (3 * 7), config.Options.TotalSteps);
        var again = RunConfigReader.Read(RunConfigWriter.Write(config), "t").Options.Continuation!;
        Assert.Equal(c.Parameter, again.Parameter);
        Assert.Equal(c.Values, again.Values);

        var staged = RunConfigReader.Read("{" + Sin2 + ", " + Polish + ", \"continuation\": { \"parameter\": \"k\", \"values\": [2, 3.5], \"stageIterations\": 2, \"stageDamping\": 0.5 } }", "t");
        Assert.Equal(2, staged.Options.Continuation!.StageIterations);
        Assert.Equal(0.5, staged.Options.Continuation.StageDamping);
        Assert.Equal(staged.Options.Training.Steps + 2 + 2 + 7, staged.Options.TotalSteps);
        var stagedAgain = RunConfigReader.Read(RunConfigWriter.Write(staged), "t").Options.Continuation!;
        Assert.Equal((2L, 0.5), (stagedAgain.StageIterations, stagedAgain.StageDamping));
    }

    [Fact]
    public void DocumentedDefaultsAreTheOptionRecordsDefaults()
    {
        // docs/problem-format.md's tables (and the Adam/GDM lines) against what the reader fills in from the records.
        string docs = File.ReadAllText(Path.Combine(TestPaths.Root, "docs", "problem-format.md"));
        var documented = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        string? section = null;
        foreach (var line in docs.Split('\n'))
        {
            var heading = System.Text.RegularExpressions.Regex.Match(line, @"^##+ `([\w.]+)`");
            if (heading.Success)
            {
                section = heading.Groups[1].Value;
                documented[section] = new(StringComparer.Ordinal);
                continue;
            }

            var row = System.Text.RegularExpressions.Regex.Match(line, @"^\| `(\w+)` \| ([^|]+) \|");
            if (section is not null && row.Success)
            {
                documented[section][row.Groups[1].Value] = row.Groups[2].Value.Trim().Trim('`');
            }

            foreach (var kind in new[] { "adam", "gdm" })
            {
                if (line.StartsWith(kind == "adam" ? "Adam:" : "GDM", StringComparison.Ordinal))
                {
                    documented[kind] = System.Text.RegularExpressions.Regex.Matches(line, @"`(\w+)` \(([^)]+)\)").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
                }
            }
        }

        var written = System.Text.Json.Nodes.JsonNode.Parse(RunConfigWriter.Write(RunConfigReader.Read("{" + Problem + ", \"polish\": {}, \"deflation\": {}, \"discovery\": {} }", "t")))!;
        int compared = 0;
        void Compare(string docSection, System.Text.Json.Nodes.JsonNode json)
        {
            foreach (var (key, text) in documented[docSection])
            {
                if (text == "(required)" || key is "noBounces" or "kind")
                {
                    continue;
                }

                var value = json[key] ?? throw new Xunit.Sdk.XunitException($"{docSection}.{key} is documented but the writer does not write it");
                string actual = value.GetValueKind() == System.Text.Json.JsonValueKind.Number ? value.GetValue<double>().ToString("R", System.Globalization.CultureInfo.InvariantCulture) : value.ToString();
                string expected = double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double number) ? number.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : text;
                Assert.True(expected == actual, $"docs say {docSection}.{key} defaults to {text}; the options record gives {actual}");
                compared++;
            }
        }

        foreach (var name in new[] { "network", "points", "loss", "training", "ensemble", "shooting", "polish", "deflation", "discovery" })
        {
            Compare(name, written[name]!);
        }

        Compare("optimizer", written["optimizer"]!);
        Compare("shooting.disk", written["shooting"]!["disk"]!);
        foreach (var kind in new[] { "adam", "gdm" })
        {
            var other = System.Text.Json.Nodes.JsonNode.Parse(RunConfigWriter.Write(RunConfigReader.Read("{" + Problem + ", \"optimizer\": { \"kind\": \"" + kind + "\" } }", "t")))!;
            Compare(kind, other["optimizer"]!);
        }

        var continued = System.Text.Json.Nodes.JsonNode.Parse(RunConfigWriter.Write(RunConfigReader.Read("{" + Sin2 + ", " + Polish + ", \"continuation\": { \"parameter\": \"k\", \"values\": [1] } }", "t")))!;
        Compare("continuation", continued["continuation"]!);
        Assert.True(compared >= 58, $"{compared} defaults compared");
    }

    [Fact]
    public void ASeedOutsideTheRuleIsRefusedInJsonAsOnTheCommandLine()
    {
        var e = Assert.Throws<ConfigurationException>(() => RunConfigReader.Read("{" + Problem + ", \"training\": { \"seed\": -1 } }", "t"));
        Assert.Equal("$.training.seed: Seed must be a whole number from 0 to 9007199254740991, got -1.", e.Message);
        Assert.Contains("expected an integer", Assert.Throws<ConfigurationException>(() => RunConfigReader.Read("{" + Problem + ", \"training\": { \"seed\": 9007199254740992 } }", "t")).Message, StringComparison.Ordinal);
        Assert.Equal("Seed", Assert.Throws<OptionsValidationException>(() => new TrainingOptions(Seed: 9_007_199_254_740_992).Validate()).Property);
        Assert.Equal(9_007_199_254_740_991UL, RunConfigReader.Read("{" + Problem + ", \"training\": { \"seed\": 9007199254740991 } }", "t").Options.Training.Seed);
    }

    [Fact]
    public void ACatalogedProblemKeepsTheNameItIsGiven()
    {
        Assert.Equal("my-bratu", RunConfigReader.Read("{\"problem\": { \"name\": \"my-bratu\", \"catalog\": \"bratu\", \"dimension\": 2 }}", "t").Problem.Name);
        Assert.Equal(Pinn.Problems.ProblemCatalog.Create("bratu", 2, new Dictionary<string, double>()).Name, RunConfigReader.Read("{\"problem\": { \"catalog\": \"bratu\", \"dimension\": 2 }}", "t").Problem.Name);
    }

    [Fact]
    public async Task AFileThatIsNotValidUtf8OrNotARegularFileOrTooLargeIsRefused()
    {
        using var scratch = new ScratchDirectory();
        string path = Path.Combine(scratch.Path, "bad.json");
        File.WriteAllBytes(path, [.. "{ \"problem\": { \"name\": \"b"u8, 0xFF, .. "\", \"catalog\": \"bratu\" } }"u8]);
        Assert.Equal($"configuration file '{path}' is not valid UTF-8 (at byte 25): save it as UTF-8.", Assert.Throws<InvalidDataException>(() => RunConfigReader.ReadFile(path)).Message);
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "{ \"problem\": { \"name\": \"é\", \"catalog\": \"bratu\" } }"u8]);
        Assert.Equal("é", RunConfigReader.ReadFile(path).Problem.Name); // a byte-order mark is fine
        File.WriteAllText(path, "{" + new string(' ', RunConfigReader.MaximumBytes) + "}");
        Assert.Contains("is larger than 4 MiB", Assert.Throws<InvalidDataException>(() => RunConfigReader.ReadFile(path)).Message, StringComparison.Ordinal);
        if (File.Exists("/dev/zero"))
        {
            string message = await Task.Run(() => Assert.Throws<InvalidDataException>(() => RunConfigReader.ReadFile("/dev/zero")).Message).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("'/dev/zero' is not a regular file (it reads on without end, like a device or pipe): give a configuration file.", message);
        }
    }

    [Fact]
    public void ADirectoryGivenAsConfigIsNamedAsOneWithAFileInIt()
    {
        string problems = Path.Combine(TestPaths.Root, "problems");
        var e = Assert.Throws<FileNotFoundException>(() => RunConfigReader.ReadFile(problems));
        Assert.Equal($"'{problems}' is a directory, not a configuration file: give one of the JSON files in it, e.g. {Path.Combine(problems, "bratu-2d.json")}.", e.Message);
        Assert.Contains("does not exist", Assert.Throws<FileNotFoundException>(() => RunConfigReader.ReadFile(Path.Combine(problems, "nope.json"))).Message);
    }

    [Fact]
    public void EveryShippedConfigurationLoads()
    {
        var files = Directory.GetFiles(Path.Combine(TestPaths.Root, "problems"), "*.json");
        Assert.True(files.Length >= 5);
        foreach (var file in files)
        {
            var config = RunConfigReader.ReadFile(file);
            Assert.Equal(Path.GetFileNameWithoutExtension(file), config.Name);
        }
    }

    [Fact]
    public void AShootingRangeLeftOutIsGrownFromTheProblemAndAGivenOneIsKept()
    {
        var automatic = RunConfigReader.Read("{" + Problem + "}", "t").Shooting;
        Assert.True(automatic.GrowRange);
        Assert.Equal((-50.0, 50.0), (automatic.Minimum, automatic.Maximum));
        var given = RunConfigReader.Read("{" + Problem + ", \"shooting\": { \"minimum\": -3 } }", "t").Shooting;
        Assert.False(given.GrowRange);
        var config = RunConfigReader.Read("{" + Problem + "}", "t");
        Assert.Equal(config.Shooting, RunConfigReader.Read(RunConfigWriter.Write(config), "t").Shooting);
    }
}
