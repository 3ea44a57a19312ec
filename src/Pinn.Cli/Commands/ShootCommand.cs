using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pinn.Runs.Configuration;
using Pinn.Core.IO;
using Pinn.Plotting;
using Pinn.Shooting;

namespace Pinn.Cli.Commands;

/// <summary><c>pinn shoot</c>: every radial solution of a configuration's problem, by shooting.</summary>
internal static class ShootCommand
{
    public static Command Create(TextWriter output)
    {
        var config = new Argument<string>("config") { Description = "Run configuration (JSON) whose problem is shot." };
        var min = new Option<double?>("--min") { Description = "Smallest u(0) scanned (default: the config's shooting.minimum, else -50)." };
        var max = new Option<double?>("--max") { Description = "Largest u(0) scanned (default: shooting.maximum, else 50)." };
        var outDir = new Option<string?>("--out") { Description = "Directory for shoot.json, shoot.svg and shoot.png (default runs/<config-name>-shoot)." };
        var json = new Option<bool>("--json") { Description = "Print {\"solutions\": [...]} to standard output instead of the table." };
        var sweep = new Option<string?>("--sweep") { Description = "Bifurcation diagram: NAME=FROM:TO:COUNT sweeps a problem parameter (e.g. lambda=0.1:3.5:69), writing sweep.csv and sweep.svg/.png and printing where the solution count changes." };
        var overlay = new Option<string[]>("--overlay") { Description = "With --sweep: discovery run directories (pinn discover --out) whose solutions are drawn on the diagram at their run's parameter value (repeatable).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("shoot", "Find every radial solution by shooting, print them, and write their profiles (JSON, SVG, PNG); or sweep a parameter.") { config, min, max, outDir, json, sweep, overlay };
        command.SetAction(parse =>
        {
            var c = RunConfigReader.ReadFile(parse.GetValue(config)!);
            var options = (c.Shooting with { Minimum = parse.GetValue(min) ?? c.Shooting.Minimum, Maximum = parse.GetValue(max) ?? c.Shooting.Maximum }).Validate();
            var overlays = parse.GetValue(overlay) ?? [];
            if (parse.GetValue(sweep) is string spec)
            {
                return Sweep(c, options, spec, overlays, parse.GetValue(outDir) ?? Path.Combine("runs", c.Name + "-sweep"), output);
            }

            if (overlays.Length > 0)
            {
                throw new ArgumentException("--overlay draws discovery runs on a bifurcation diagram: use it with --sweep NAME=FROM:TO:COUNT.");
            }

            var scan = RadialShooting.Scan(c.Problem, options);
            var roots = scan.Solutions;
            var catalog = SolutionCatalog.Build(c.Problem, roots);
            var shot = catalog.Entries.Where(e => e.FromShooting).ToList();
            string dir = parse.GetValue(outDir) ?? Path.Combine("runs", c.Name + "-shoot");
            Directory.CreateDirectory(dir);
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
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{roots.Count} radial solution(s) with u(0) in [{options.Minimum}, {options.Maximum}]:"));
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

    /// <summary><c>--sweep NAME=FROM:TO:COUNT</c>: the bifurcation diagram, as CSV and plot, and the folds.</summary>
    private static int Sweep(RunConfig c, ShootingOptions options, string spec, IReadOnlyList<string> overlayDirectories, string dir, TextWriter output)
    {
        var (name, from, to, count) = ParseSweep(spec);
        var overlays = overlayDirectories.Select(d => Pinn.Runs.DiscoveryOverlay.Read(d, name)).ToList(); // read and checked before the sweep's work
        output.WriteLine($"{c.Problem}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sweeping {name} over {count} values from {from} to {to}, u(0) in [{options.Minimum}, {options.Maximum}]"));
        var diagram = BifurcationSweep.Run(c.Problem, name, from, to, count, options);
        Directory.CreateDirectory(dir);
        string csvPath = Path.Combine(dir, "sweep.csv");
        diagram.WriteCsv(csvPath);
        var series = new List<Series> { new("u(0) of every radial solution (shooting)", diagram.Points.Select(p => p.Parameter).ToArray(), diagram.Points.Select(p => p.U0).ToArray(), SeriesKind.Scatter) };
        foreach (var o in overlays)
        {
            series.Add(new Series($"pinn discover: {Path.GetFileName(Path.TrimEndingDirectorySeparator(o.Directory))}", o.U0.Select(_ => o.Value).ToArray(), o.U0.ToArray(), SeriesKind.Scatter));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  overlay {o.Directory}: {name} = {o.Value}, {o.U0.Count} solution(s) found by discover, u(0) = {string.Join(", ", o.U0.Select(u => u.ToString("G6", CultureInfo.InvariantCulture)))}"));
        }

        var chart = new Chart($"Radial solutions of {c.Problem.Name} against {name}", new Axis(name), new Axis("u(0)"), series);
        var (svg, png) = ChartExporter.Write(chart, dir, "sweep");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{diagram.Points.Count} solution points; solution count per value from {diagram.Points.GroupBy(p => p.Parameter).Select(g => g.Count()).DefaultIfEmpty(0).Min()} to {diagram.Points.GroupBy(p => p.Parameter).Select(g => g.Count()).DefaultIfEmpty(0).Max()}"));
        foreach (var f in diagram.Folds)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  solution count changes at {name} = {f.Parameter:F4}: {f.Below} → {f.Above}"));
        }

        output.WriteLine($"diagram: {csvPath}, plots: {svg}, {png}");
        return 0;
    }

    private static (string Name, double From, double To, int Count) ParseSweep(string spec)
    {
        var parts = spec.Split('=', 2);
        var range = parts.Length == 2 ? parts[1].Split(':') : [];
        if (range.Length != 3
            || !double.TryParse(range[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double from)
            || !double.TryParse(range[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double to)
            || !int.TryParse(range[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int count)
            || count is < 2 or > 100_000 || !double.IsFinite(from) || !double.IsFinite(to) || from == to)
        {
            throw new ArgumentException($"--sweep: '{spec}' is not NAME=FROM:TO:COUNT with two different finite ends and 2 ≤ COUNT ≤ 100000 (e.g. lambda=0.1:3.5:69).");
        }

        return (parts[0], from, to, count);
    }
}
