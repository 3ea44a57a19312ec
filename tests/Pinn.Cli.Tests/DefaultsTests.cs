using System.Text.RegularExpressions;
using Pinn.Core.Loss;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Runs.Configuration;

namespace Pinn.Cli.Tests;

/// <summary>
/// One source of defaults: the options records, the JSON reader and the CLI's help agree (docs/problem-format.md's
/// tables against the reader: <c>RunConfigReaderTests.DocumentedDefaultsAreTheOptionRecordsDefaults</c>).
/// </summary>
public partial class DefaultsTests
{
    private const string OnlyAProblem = """{ "problem": { "catalog": "bratu", "dimension": 2, "parameters": { "lambda": 1 } } }""";

    [Fact]
    public void ARunFileWithOnlyAProblemRunsTheRecordsDefaultsWithPolishing()
    {
        var config = RunConfigReader.Read(OnlyAProblem, "only-a-problem");
        var records = new RunOptions(new NetworkOptions(), new PointOptions(), new LossOptions(), new BbiOptions(), new TrainingOptions(), new EnsembleOptions(), new GaussNewtonOptions());
        Assert.Equal(records, config.Options);
        Assert.Equal(RunPresets.Default, config.Options);
        Assert.IsType<GaussNewtonOptions>(config.Options.Polish);

        // The paper's settings by name; its absent polish section means none, and a default-preset file turns polishing off so.
        var paper = RunConfigReader.Read(OnlyAProblem.Replace("{ \"problem\"", "{ \"preset\": \"paper\", \"problem\"", StringComparison.Ordinal), "paper");
        Assert.Equal(RunPresets.Paper, paper.Options);
        Assert.Null(paper.Options.Polish);
        Assert.Equal((200, 2_000_000L, 8e-6), (paper.Options.Network.Width, paper.Options.Training.Steps, ((BbiOptions)paper.Options.Optimizer).TimeStep));
        var off = RunConfigReader.Read(OnlyAProblem.Replace("} } }", "} }, \"polish\": { \"kind\": \"none\" } }", StringComparison.Ordinal), "off");
        Assert.Null(off.Options.Polish);
        var unknown = Assert.Throws<Pinn.Core.Configuration.ConfigurationException>(() => RunConfigReader.Read(OnlyAProblem.Replace("{ \"problem\"", "{ \"preset\": \"fast\", \"problem\"", StringComparison.Ordinal), "x"));
        Assert.Contains("$.preset", unknown.Message, StringComparison.Ordinal);

        // Written and read back (a run directory's config.json) it is the same run, polishing off included.
        Assert.Equal(config.Options, RunConfigReader.Read(RunConfigWriter.Write(config), "again").Options);
        Assert.Equal(off.Options, RunConfigReader.Read(RunConfigWriter.Write(off), "again").Options);
    }

    [Fact]
    public void TheHelpShowsTheDefaultsOfTheOptionsItOverrides()
    {
        var (exit, output, _) = CliRunner.Run("batch", "--help");
        Assert.Equal(0, exit);
        string help = Whitespace().Replace(output, " ");
        var d = RunPresets.Default;
        foreach (string shown in new[] { $"default {d.Training.Steps}", $"default {d.Ensemble.Members}", $"default {d.Training.Seed}" })
        {
            Assert.Contains(shown, help, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
