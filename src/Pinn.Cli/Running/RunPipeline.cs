using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pinn.Cli.Configuration;
using Pinn.Core.IO;
using Pinn.Core.Training;
using Pinn.Shooting;

namespace Pinn.Cli.Running;

/// <summary>
/// A run from start to report: resolve the run directory, save the resolved config, build and save the solution
/// catalogue, train (with progress, metrics, checkpoints and Ctrl-C handling), classify every member, write
/// summary.json, slices.csv, the plots and report.html, and print the class counts.
/// </summary>
internal static class RunPipeline
{
    /// <summary>Exit code of a run interrupted by Ctrl-C (after its checkpoint was written).</summary>
    public const int Interrupted = 130;

    public static int Start(RunConfig config, string? outDirectory, TextWriter output, CancellationToken cancellation)
    {
        var dir = new RunDirectory(outDirectory ?? config.OutputDirectory ?? RunDirectory.Default(config.Name));
        if (File.Exists(dir.Checkpoint))
        {
            throw new ArgumentException($"the run directory '{dir.Path}' already holds a run: continue it with 'pinn resume {dir.Path}' or choose another --out.");
        }

        Directory.CreateDirectory(dir.Path);
        AtomicFile.WriteText(dir.Config, RunConfigWriter.Write(config));
        output.WriteLine($"pinn: {config.Problem}");
        output.WriteLine($"pinn: run directory {dir.Path}");
        var (catalog, note) = CatalogStore.Build(config.Problem, config.Shooting);
        CatalogStore.Save(dir.Catalog, catalog, config.Problem.Dimension);
        output.WriteLine($"pinn: catalogue: {note}: {string.Join(", ", catalog.Entries.Select(e => e.U0 is double u0 ? string.Create(CultureInfo.InvariantCulture, $"{e.Name} (u(0) = {u0:G10})") : e.Name))}");
        var log = new MetricsLog(dir, config.Problem.KnownSolutions.Keys);
        log.Create();
        return config.Options.Training.Precision == Precision.F32
            ? Train<float>(config, dir, log, resume: false, output, cancellation)
            : Train<double>(config, dir, log, resume: false, output, cancellation);
    }

    public static int Resume(string directory, long? steps, TextWriter output, CancellationToken cancellation)
    {
        var dir = new RunDirectory(directory);
        if (!File.Exists(dir.Config) || !File.Exists(dir.Checkpoint))
        {
            throw new FileNotFoundException($"'{directory}' is not a resumable run directory: it needs config.json and checkpoint.bin (written by pinn solve/batch).");
        }

        var config = RunConfigReader.ReadFile(dir.Config);
        if (steps is long s)
        {
            config = config with { Options = config.Options with { Training = config.Options.Training with { Steps = s } } };
            AtomicFile.WriteText(dir.Config, RunConfigWriter.Write(config));
        }

        var log = new MetricsLog(dir, config.Problem.KnownSolutions.Keys);
        return config.Options.Training.Precision == Precision.F32
            ? Train<float>(config, dir, log, resume: true, output, cancellation)
            : Train<double>(config, dir, log, resume: true, output, cancellation);
    }

    private static int Train<T>(RunConfig config, RunDirectory dir, MetricsLog log, bool resume, TextWriter output, CancellationToken cancellation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using var trainer = new Trainer<T>(config.TrainingProblem, config.Options);
        if (resume)
        {
            trainer.Load(dir.Checkpoint);
            log.TruncateAfter(trainer.Step);
            output.WriteLine($"pinn: resuming {dir.Path} at step {trainer.Step}");
        }

        var o = config.Options;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pinn: {o.Ensemble.Members} member(s) × {o.Training.Steps} steps, {o.Optimizer.Kind}{Polish(o)}, N = {o.Network.Width}, D = {o.Network.Depth}, {o.Points.Interior} + {o.Points.Boundary} points, {trainer.BackendName}"));
        var reporter = new ProgressReporter(output, log, trainer.Step);
        reporter.Run(observer => trainer.Run(observer, t => t.Save(dir.Checkpoint), cancellation));
        if (cancellation.IsCancellationRequested && trainer.Step < o.TotalSteps)
        {
            trainer.Save(dir.Checkpoint);
            output.WriteLine($"pinn: interrupted at step {trainer.Step}; checkpoint saved. Continue with: pinn resume {dir.Path}");
            return Interrupted;
        }

        Finish(config, dir, trainer, output);
        return 0;
    }

    private static string Polish(RunOptions o) => o.Polish is not { } p
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $", then ≤ {p.Iterations} {p.Kind} iterations{Stages(o)} on {(p.InteriorPoints > 0 ? p.InteriorPoints : o.Points.Interior)} + {(p.BoundaryPoints > 0 ? p.BoundaryPoints : o.Points.Boundary)} points (f64)");

    private static string Stages(RunOptions o) => o.Continuation is not { } c
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $" per stage of a continuation in {c.Parameter} through {string.Join(", ", c.Values)} to the problem's own value");

    private static void Finish<T>(RunConfig config, RunDirectory dir, Trainer<T> trainer, TextWriter output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var catalog = CatalogStore.Load(dir.Catalog);
        var options = new ClassifierOptions();
        int d = config.Problem.Dimension;
        var samples = SolutionClassifier.SamplePoints(d, options);
        var finalMetrics = trainer.Evaluate().ToDictionary(r => r.Member);
        var members = new JsonArray();
        var counts = catalog.Entries.ToDictionary(e => e.Name, _ => 0, StringComparer.Ordinal);
        counts[Classification.Unclassified] = 0;
        var slicePoints = Enumerable.Range(0, 401).Select(i => { var x = new double[d]; x[0] = -1 + (i / 200.0); return x; }).ToArray();
        var slices = new List<double[]>();
        double threshold = double.NaN;
        foreach (var m in trainer.Members)
        {
            var c = SolutionClassifier.Classify(samples, trainer.EvaluateMember(m.Index, samples), catalog, options);
            threshold = c.Threshold;
            counts[c.Class] = counts.GetValueOrDefault(c.Class) + 1;
            slices.Add(trainer.EvaluateMember(m.Index, slicePoints));
            var errors = finalMetrics.TryGetValue(m.Index, out var r) ? r.RelativeErrors : new Dictionary<string, double>();
            members.Add(new JsonObject
            {
                ["index"] = m.Index,
                ["class"] = c.Class,
                ["finalLoss"] = Number(m.LastLoss),
                ["bestLoss"] = Number(m.BestLoss),
                ["distances"] = new JsonObject(c.Distances.Select(kv => KeyValuePair.Create(kv.Key, Number(kv.Value)))),
                ["errorToClass"] = Number(c.Distances.GetValueOrDefault(c.Class, double.NaN)),
                ["radialSpread"] = Number(c.RadialSpread),
                ["isRadial"] = c.IsRadial,
                ["relativeL2"] = new JsonObject(errors.Select(kv => KeyValuePair.Create(kv.Key, Number(kv.Value)))),
                ["bounces"] = m.Bounces,
                ["stopReason"] = m.StopReason,
                ["polishNote"] = m.PolishNote,
            });
        }

        var summary = new JsonObject
        {
            ["problem"] = config.Problem.ToString(),
            ["steps"] = trainer.Step,
            ["members"] = members,
            ["classCounts"] = new JsonObject(counts.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["catalogue"] = new JsonArray(catalog.Entries.Select(e => (JsonNode?)new JsonObject { ["name"] = e.Name, ["u0"] = e.U0 }).ToArray()),
            ["classificationThreshold"] = Number(threshold),
        };
        AtomicFile.WriteText(dir.Summary, summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        var csv = new System.Text.StringBuilder("x1" + string.Concat(trainer.Members.Select(m => $",member_{m.Index}")) + "\n");
        for (int i = 0; i < slicePoints.Length; i++)
        {
            csv.Append(slicePoints[i][0].ToString("R", CultureInfo.InvariantCulture));
            foreach (var s in slices)
            {
                csv.Append(',').Append(s[i].ToString("R", CultureInfo.InvariantCulture));
            }

            csv.Append('\n');
        }

        AtomicFile.WriteText(dir.Slices, csv.ToString());
        ReportBuilder.Build(dir);
        PrintSummary(dir, output);
    }

    /// <summary>Prints the class counts and where the report is, from summary.json.</summary>
    public static void PrintSummary(RunDirectory dir, TextWriter output)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.Summary));
        var root = doc.RootElement;
        int total = root.GetProperty("members").GetArrayLength();
        var counts = root.GetProperty("classCounts").EnumerateObject().Select(p => $"{p.Name} {p.Value.GetInt32()}/{total}");
        output.WriteLine($"pinn: classes: {string.Join(" · ", counts)}");
        foreach (var m in root.GetProperty("members").EnumerateArray())
        {
            var rel = m.GetProperty("relativeL2").EnumerateObject().Select(p => p.Value.ValueKind == JsonValueKind.Number ? string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Value.GetDouble():G3}") : $"{p.Name} n/a");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  member {m.GetProperty("index").GetInt32(),2}: {m.GetProperty("class").GetString(),-12} final loss {Text(m.GetProperty("finalLoss"))}, error to its class {ErrorToClass(m)}, relative L2 error: {string.Join(", ", rel)}; {m.GetProperty("stopReason").GetString()}"));
        }

        output.WriteLine($"pinn: report {dir.Report} (plots {RunDirectory.RadialSlicesPlot}, {RunDirectory.LossPlot}, {RunDirectory.ErrorPlot} as .png and .svg; summary {dir.Summary})");
    }

    /// <summary>The relative RMS distance to the shooting profile of the member's class (n/a when unclassified or from an older run).</summary>
    private static string ErrorToClass(JsonElement member) =>
        member.TryGetProperty("errorToClass", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble().ToString("G3", CultureInfo.InvariantCulture) : "n/a";

    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble().ToString("G4", CultureInfo.InvariantCulture) : e.ToString();

    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : JsonValue.Create(v.ToString(CultureInfo.InvariantCulture));
}
