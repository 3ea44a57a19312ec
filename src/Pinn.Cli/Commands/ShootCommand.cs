using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pinn.Core.Configuration;
using Pinn.Core.Training;
using Pinn.Cli.Running;
using Pinn.Runs;
using Pinn.Runs.Configuration;
using Pinn.Core.IO;
using Pinn.Plotting;
using Pinn.Problems;
using Pinn.Shooting;

namespace Pinn.Cli.Commands;

/// <summary><c>pinn shoot</c>: every radial solution of a configuration's problem, by shooting.</summary>
internal static class ShootCommand
{
    public static Command Create(TextWriter output)
    {
        var config = new Argument<string>("config") { Description = "Run configuration (JSON) whose problem is shot." };
        var min = new Option<double?>("--min") { Description = "Smallest u(0) scanned (default: the config's shooting.minimum; with neither bound given, [-50, 50] grown until no new root appears)." };
        var max = new Option<double?>("--max") { Description = "Largest u(0) scanned (default: the config's shooting.maximum; see --min)." };
        var outDir = new Option<string?>("--out") { Description = "Directory for shoot.json, shoot.svg and shoot.png (default runs/<config-name>-shoot-<timestamp>; --sweep: runs/<config-name>-sweep-<timestamp>)." };
        var json = new Option<bool>("--json") { Description = "Print {\"solutions\": [...]} to standard output instead of the table." };
        var sweep = new Option<string?>("--sweep") { Description = "Bifurcation diagram: NAME=FROM:TO:COUNT sweeps a problem parameter (e.g. lambda=0.1:3.5:69), writing sweep.csv and sweep.svg/.png and printing where the solution count changes." };
        var overlay = new Option<string[]>("--overlay") { Description = "With --sweep: discovery run directories (pinn discover --out) whose solutions are drawn on the diagram at their run's parameter value (repeatable).", AllowMultipleArgumentsPerToken = true };
        var shard = new Option<string?>("--shard") { Description = "With --sweep: sweep only shard I/N of the values (I from 0, e.g. 0/4: one task of a Slurm array); put the shards together with pinn merge." };
        var force = new Option<bool>("--force") { Description = "Overwrite the run files already in the --out directory instead of refusing." };
        var command = new Command("shoot", "Find every radial solution by shooting, print them, and write their profiles (JSON, SVG, PNG); or sweep a parameter.") { config, min, max, outDir, json, sweep, overlay, shard, force };
        command.SetAction(parse =>
        {
            var c = RunConfigReader.ReadFile(parse.GetValue(config)!);
            ShootingOptions options;
            try
            {
                options = (c.Shooting with
                {
                    Minimum = parse.GetValue(min) ?? c.Shooting.Minimum,
                    Maximum = parse.GetValue(max) ?? c.Shooting.Maximum,
                    GrowRange = c.Shooting.GrowRange && parse.GetValue(min) is null && parse.GetValue(max) is null,
                }).Validate();
            }
            catch (OptionsValidationException e) when (e.Property is nameof(ShootingOptions.Minimum) or nameof(ShootingOptions.Maximum))
            {
                throw new ArgumentException($"--min/--max: the range [{RangeEnd(parse.GetValue(min), c.Shooting.Minimum)}, {RangeEnd(parse.GetValue(max), c.Shooting.Maximum)}] of u(0) is empty or not finite: give --min below --max (e.g. --min -5 --max 5).");
            }

            var overlays = parse.GetValue(overlay) ?? [];
            if (parse.GetValue(sweep) is string spec)
            {
                return Sweep(c with { Shooting = options with { GrowRange = false } }, spec, parse.GetValue(shard), overlays, parse.GetValue(outDir) ?? RunDirectory.Default(c.Name + "-sweep"), parse.GetValue(force), output);
            }

            if (overlays.Length > 0 || parse.GetValue(shard) is not null)
            {
                throw new ArgumentException($"{(overlays.Length > 0 ? "--overlay draws discovery runs on a bifurcation diagram" : "--shard splits the values of a sweep")}: use it with --sweep NAME=FROM:TO:COUNT.");
            }

            try
            {
                _ = new RadialProblem(c.Problem);
            }
            catch (ProblemDefinitionException e) when (c.Problem.Dimension == 2)
            {
                throw new ProblemDefinitionException(e.Field, $"{e.Message.Replace($"{e.Field}: ", string.Empty, StringComparison.Ordinal)} In d = 2, pinn batch and pinn discover build this problem's catalog with the disk solver instead (docs/non-radial.md).");
            }

            string dir = parse.GetValue(outDir) ?? RunDirectory.Default(c.Name + "-shoot");
            using var runLock = RunDirectory.Claim(dir, parse.GetValue(force)); // before the scan's work
            ShootingScan scan;
            var scanned = options;
            if (options.GrowRange)
            {
                var grown = GrowingScan.Run(c.Problem, options);
                scan = grown.Scan;
                scanned = grown.Range;
                if (!parse.GetValue(json))
                {
                    output.WriteLine($"pinn: shooting range: {grown.Describe(options)}");
                }
            }
            else
            {
                scan = RadialShooting.Scan(c.Problem, options, new ShootingProgress(output, parse.GetValue(json)));
            }

            var roots = scan.Solutions;
            var catalog = SolutionCatalog.Build(c.Problem, roots);
            var shot = catalog.Entries.Where(e => e.FromShooting).ToList();
            var grid = Enumerable.Range(0, 201).Select(i => i / 200.0).ToArray();
            SolutionCatalogFile.SaveShot(Path.Combine(dir, "shoot.json"), catalog, roots, grid);
            var chart = new Chart($"Radial solutions of {c.Problem.Name}", new Axis("r"), new Axis("u(r)"), roots.Zip(shot).Select(p => new Series(string.Create(CultureInfo.InvariantCulture, $"{p.Second.Name}: u(0) = {p.First.U0:G6}"), grid, grid.Select(p.First.At).ToArray())).ToList());
            var (svg, png) = ChartExporter.Write(chart, dir, "shoot");
            if (parse.GetValue(json))
            {
                var brief = new JsonObject { ["solutions"] = new JsonArray(shot.Zip(roots).Select(p => (JsonNode?)new JsonObject { ["u0"] = p.Second.U0, ["uPrimeAt1"] = p.Second.UPrimeAt1, ["name"] = p.First.Name }).ToArray()) };
                if (scan.Warning is not null)
                {
                    brief["warning"] = scan.Warning;
                }

                output.WriteLine(brief.ToJsonString());
                return 0;
            }

            output.WriteLine($"{c.Problem}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{roots.Count} radial solution(s) with u(0) in [{scanned.Minimum}, {scanned.Maximum}]:"));
            output.WriteLine($"  {"name",-12} {"u(0)",22} {"u'(1)",22} {"|u(1) - g|",12}");
            foreach (var (entry, root) in shot.Zip(roots))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {entry.Name,-12} {root.U0,22:R} {root.UPrimeAt1,22:R} {root.Residual,12:E2}"));
            }

            if (scan.Warning is not null)
            {
                output.WriteLine($"warning: {scan.Warning} (shooting.scanPoints or --min/--max).");
            }

            output.WriteLine($"profiles: {Path.Combine(dir, "shoot.json")}, plots: {svg}, {png}");
            return 0;
        });
        return command;
    }

    /// <summary><c>--sweep NAME=FROM:TO:COUNT [--shard I/N]</c>: the bifurcation diagram, as CSV and plot, and the folds.</summary>
    private static int Sweep(RunConfig c, string spec, string? shardText, IReadOnlyList<string> overlayDirectories, string dir, bool force, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        SweepRange range;
        ShardOptions? shard;
        int first, values;
        try
        {
            range = SweepRange.Parse(spec);
            shard = shardText is null ? null : ShardOptions.Parse(shardText);
            (first, values) = BifurcationSweep.ValuesOf(range, shard);
        }
        catch (OptionsValidationException e)
        {
            throw new ArgumentException($"{(e.Property is nameof(ShardOptions.Index) or nameof(ShardOptions.Count) ? "--shard" : "--sweep")}: {e.Reason}");
        }

        var overlays = overlayDirectories.Select(d => DiscoveryOverlay.Read(d, range.Parameter)).ToList(); // read and checked before the sweep's work
        output.WriteLine($"{c.Problem}");
        output.WriteLine(string.Create(inv, $"sweeping {range.Parameter} over {range.Count} values from {range.From} to {range.To}{(shard is null ? string.Empty : $" (shard {shard}: values {first}–{first + values - 1})")}, u(0) in [{c.Shooting.Minimum}, {c.Shooting.Maximum}]"));
        var result = SweepRun.Run(c, range, dir, shard, overlays, progress: new QuarterProgress(output, "  sweep", values, "values"), overwrite: force);
        foreach (var o in overlays)
        {
            output.WriteLine(string.Create(inv, $"  overlay {o.Directory}: {range.Parameter} = {o.Value}, {o.U0.Count} solution(s) found by discover, u(0) = {string.Join(", ", o.U0.Select(u => u.ToString("G6", inv)))}"));
        }

        var (fewest, most) = result.SolutionCounts();
        output.WriteLine(string.Create(inv, $"{result.Diagram.Points.Count} solution points; solution count per value from {fewest} to {most}"));
        PrintFolds(result.Diagram, output);
        output.WriteLine($"diagram: {result.Csv}, plots: {result.Svg}, {result.Png}");
        return 0;
    }

    private static string RangeEnd(double? given, double configured) => (given ?? configured).ToString(CultureInfo.InvariantCulture);

    /// <summary>One line per fold of <paramref name="diagram"/>.</summary>
    /// <param name="diagram">The sweep.</param>
    /// <param name="output">Where the lines go.</param>
    public static void PrintFolds(BifurcationDiagram diagram, TextWriter output)
    {
        foreach (var f in diagram.Folds)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  solution count changes at {diagram.Parameter} = {f.Parameter:F4}: {f.Below} → {f.Above}"));
        }
    }
}
