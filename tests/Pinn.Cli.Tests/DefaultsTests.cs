using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pinn.Core.Loss;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Runs.Configuration;

namespace Pinn.Cli.Tests;

/// <summary>One source of defaults: the options records, the JSON reader, the CLI's help and docs/problem-format.md agree.</summary>
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
    public void TheDocsTablesShowTheDefaultsTheReaderResolves()
    {
        var written = JsonNode.Parse(RunConfigWriter.Write(RunConfigReader.Read(OnlyAProblem, "only-a-problem")))!;
        var docs = File.ReadAllLines(Path.Combine(CliRunner.Root, "docs", "problem-format.md"));
        var problems = new List<string>();
        foreach (string section in new[] { "network", "points", "loss", "optimizer", "training", "ensemble", "polish" })
        {
            int compared = 0;
            foreach (var (key, documented) in Table(docs, section))
            {
                if (written[section]?[key] is not JsonNode value)
                {
                    continue; // a documented switch the writer does not spell out (e.g. noBounces)
                }

                string actual = value.ToJsonString().Trim('"');
                bool same = double.TryParse(documented, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
                    ? d == a
                    : documented == actual;
                if (!same)
                {
                    problems.Add($"{section}.{key}: docs/problem-format.md says {documented}, a run file with only a problem gets {actual}");
                }

                compared++;
            }

            if (compared < 2)
            {
                problems.Add($"{section}: only {compared} of its defaults found in the docs' table");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
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

    /// <summary>The (key, default) rows of the first table under the heading <c>## `section`</c>.</summary>
    private static IEnumerable<(string Key, string Default)> Table(string[] lines, string section)
    {
        int start = Array.FindIndex(lines, l => l.StartsWith($"## `{section}`", StringComparison.Ordinal));
        Assert.True(start >= 0, $"docs/problem-format.md has no section ## `{section}`");
        for (int i = start + 1; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            var m = Row().Match(lines[i]);
            if (m.Success)
            {
                yield return (m.Groups[1].Value, m.Groups[2].Value.Trim().Trim('`'));
            }
        }
    }

    [GeneratedRegex(@"^\| `([A-Za-z0-9]+)` \| ([^|]+) \|")]
    private static partial Regex Row();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
