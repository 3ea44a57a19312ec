using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pinn.Runs.Configuration;

namespace Pinn.Cli.Tests;

/// <summary>
/// docs/problem-format.md's table of names: every JSON field of a run file, the C# property that holds it and the CLI
/// option that overrides it. Run files with a distinct value in every field are read, and every row's property must
/// hold the value its field was given; every option must exist; every field a run file can hold must have a row.
/// </summary>
public partial class NameTableTests
{
    private const string Sections = """
        "problem": { "catalog": "bratu", "dimension": 2, "parameters": { "lambda": 1 } },
        "network": { "width": 33, "depth": 3, "activation": "tanh" },
        "points": { "interior": 1001, "boundary": 129, "resampleEvery": 501, "validation": 1999 },
        "loss": { "boundaryWeight": 101.5, "weightDecay": 2.5e-4, "residualOnBoundary": true },
        "ensemble": { "members": 5, "sameInitialization": false },
        "polish": { "kind": "gauss-newton", "iterations": 61, "interiorPoints": 769, "boundaryPoints": 97, "resampleEvery": 6, "weightDecay": 1.5e-6,
                    "initialDamping": 2e-3, "minimumDamping": 2e-12, "maximumDamping": 2e8, "tolerance": 2e-12, "space": "parameters", "sampling": "random" },
        "continuation": { "parameter": "lambda", "values": [0.5, 0.75], "stageIterations": 7, "stageDamping": 0.03 },
        "shard": { "index": 1, "count": 3 },
        "deflation": { "power": 3, "shift": 1.5, "points": 513, "firstOrder": false },
        "discovery": { "maximumMembers": 13, "patience": 9, "lossTolerance": 0.02, "distanceThreshold": 0.11, "offsetStep": 2.5,
                       "distanceFloor": 0.06, "exploreEveryRound": true, "deflatedLearningRate": 2e-3, "finalPasses": 3 },
        "shooting": { "minimum": -21, "maximum": 22, "scanPoints": 402, "growRange": true,
                      "disk": { "radialPoints": 18, "angularPoints": 22, "tolerance": 2e-11, "maxIterations": 33, "deflationPower": 3, "deflationShift": 0.5, "nonRadialSearch": false } }
        """;

    /// <summary>One run file per optimizer kind (the optimizer's fields share JSON names across kinds).</summary>
    private static readonly string[] Probes =
    [
        "{" + Sections + """
        , "optimizer": { "kind": "bbi", "timeStep": 3.5e-3, "extraEnergy": 0.25, "energyShift": 0.125, "t0": 201, "t1": 1003, "nb": 6,
                         "conserveEnergy": false, "initialization": "global", "adaptiveShift": true, "lossScale": 2e4 },
          "training": { "steps": 4001, "evaluateEvery": 251, "checkpointEvery": 1001, "seed": 43, "precision": "f64", "threads": 1, "device": "cpu" } }
        """,
        "{" + Sections + """
        , "optimizer": { "kind": "adam", "learningRate": 1.5e-3, "beta1": 0.85, "beta2": 0.995, "epsilon": 2e-8, "weightDecay": 3e-5 },
          "training": { "steps": 4002, "evaluateEvery": 252, "checkpointEvery": 1002, "seed": 44, "precision": "f32", "threads": 2, "device": "ilgpu-cpu" } }
        """,
        "{" + Sections + """
        , "optimizer": { "kind": "gdm", "learningRate": 2.5e-3, "momentum": 0.8, "dampening": 0.05, "weightDecay": 4e-5 } }
        """,
    ];

    [Fact]
    public void EveryRowsPropertyHoldsItsFieldsValueAndEveryFieldHasARow()
    {
        var rows = Rows();
        Assert.True(rows.Count >= 60, $"the table has {rows.Count} rows");
        var problems = new List<string>();
        var checkedRows = new HashSet<Row>();
        var writtenFields = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string probe in Probes)
        {
            var config = RunConfigReader.Read(probe, "names");
            var given = JsonNode.Parse(probe, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
            var o = config.Options;
            var records = new object?[] { o.Network, o.Points, o.Loss, o.Optimizer, o.Training, o.Ensemble, o.Polish, o.Continuation, o.Shard, o.Deflation, config.Discovery, config.Shooting, config.Shooting.Disk }
                .Where(r => r is not null).ToDictionary(r => r!.GetType().Name, r => r!, StringComparer.Ordinal);
            foreach (var row in rows.Where(r => records.ContainsKey(r.Type) && At(given, r.Field) is not null))
            {
                checkedRows.Add(row);
                var property = records[row.Type].GetType().GetProperty(row.Property);
                if (property is null)
                {
                    problems.Add($"{row.Type} has no property {row.Property} (row {row.Field})");
                    continue;
                }

                string expected = Normal(At(given, row.Field)), actual = Normal(property.GetValue(records[row.Type]));
                if (expected != actual)
                {
                    problems.Add($"{row.Field} = {expected} but {row.Type}.{row.Property} = {actual}");
                }
            }

            Leaves(JsonNode.Parse(RunConfigWriter.Write(config))!, string.Empty, writtenFields);
        }

        problems.AddRange(rows.Where(r => !checkedRows.Contains(r)).Select(r => $"row {r.Field} ({r.Type}.{r.Property}) is in no probe's records"));
        var documented = rows.Select(r => r.Field).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(writtenFields.Where(f => !f.StartsWith("problem.", StringComparison.Ordinal) && !f.EndsWith(".kind", StringComparison.Ordinal) && !documented.Contains(f))
            .Select(f => $"a run file can hold {f}, but the table has no row for it"));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void EveryOptionInTheTableIsAnOptionOfPinn()
    {
        var root = PinnCommand.Build(TextWriter.Null, CancellationToken.None);
        var options = CliReferenceTests.Walk(root).SelectMany(v => v.Command.Options).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var named = Rows().Where(r => r.Option is not null).ToList();
        Assert.NotEmpty(named);
        Assert.All(named, r => Assert.True(options.Contains(r.Option!), $"{r.Field}: pinn has no option {r.Option}"));
    }

    private sealed record Row(string Field, string Type, string Property, string? Option);

    private static List<Row> Rows()
    {
        var lines = File.ReadAllLines(Path.Combine(CliRunner.Root, "docs", "problem-format.md"));
        int start = Array.FindIndex(lines, l => l.StartsWith("## Names in JSON, C# and on the command line", StringComparison.Ordinal));
        Assert.True(start >= 0, "docs/problem-format.md has no section 'Names in JSON, C# and on the command line'");
        return lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Select(l => RowPattern().Match(l)).Where(m => m.Success)
            .Select(m => new Row(m.Groups["field"].Value, m.Groups["type"].Value, m.Groups["property"].Value, m.Groups["option"].Success ? m.Groups["option"].Value : null))
            .ToList();
    }

    private static JsonNode? At(JsonNode node, string path)
    {
        JsonNode? current = node;
        foreach (string key in path.Split('.'))
        {
            current = current is JsonObject o && o.TryGetPropertyValue(key, out var next) ? next : null;
        }

        return current;
    }

    private static void Leaves(JsonNode node, string path, ISet<string> into)
    {
        if (node is JsonObject o)
        {
            foreach (var (key, value) in o)
            {
                if (value is not null)
                {
                    Leaves(value, path.Length == 0 ? key : $"{path}.{key}", into);
                }
            }
        }
        else
        {
            into.Add(path);
        }
    }

    /// <summary>A value as text that JSON and C# share: numbers as round-trip doubles, enum names and strings in lower case without '-'.</summary>
    private static string Normal(object? value) => value switch
    {
        JsonArray a => string.Join(',', a.Select(Normal)),
        JsonValue v when v.TryGetValue(out double d) => Normal(d),
        JsonValue v when v.TryGetValue(out bool b) => Normal(b),
        JsonValue v => Normal(v.GetValue<string>()),
        string s => s.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant(),
        bool b => b ? "true" : "false",
        Enum e => Normal(e.ToString()),
        IEnumerable list => string.Join(',', list.Cast<object>().Select(Normal)),
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^\| `(?<field>[a-zA-Z0-9.]+)`[^|]*\| `(?<type>\w+)\.(?<property>\w+)` \| (?:`(?<option>--[a-z-]+)`|—) \|$")]
    private static partial Regex RowPattern();
}
