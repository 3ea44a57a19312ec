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
        var command = new Command("shoot", "Find every radial solution by shooting, print them, and write their profiles (JSON, SVG).") { config, min, max, outDir, json };
        command.SetAction(parse =>
        {
            var c = RunConfigReader.ReadFile(parse.GetValue(config)!);
            var options = (c.Shooting with { Minimum = parse.GetValue(min) ?? c.Shooting.Minimum, Maximum = parse.GetValue(max) ?? c.Shooting.Maximum }).Validate();
            var roots = RadialShooting.FindAll(c.Problem, options);
            var catalog = SolutionCatalog.Build(c.Problem, roots);
            var shot = catalog.Entries.Where(e => e.FromShooting).ToList();
            string dir = parse.GetValue(outDir) ?? Path.Combine("runs", c.Name + "-shoot");
            Directory.CreateDirectory(dir);
            var grid = Enumerable.Range(0, 201).Select(i => i / 200.0).ToArray();
            var solutions = new JsonArray();
            foreach (var (entry, root) in shot.Zip(roots))
            {
                solutions.Add(new JsonObject
                {
                    ["name"] = entry.Name, ["u0"] = root.U0, ["uPrimeAt1"] = root.UPrimeAt1, ["residual"] = root.Residual,
                    ["profile"] = new JsonArray(grid.Select(r => (JsonNode?)root.At(r)).ToArray()),
                });
            }

            AtomicFile.WriteText(Path.Combine(dir, "shoot.json"), new JsonObject { ["grid"] = new JsonArray(grid.Select(r => (JsonNode?)r).ToArray()), ["solutions"] = solutions }.ToJsonString() + "\n");
            var chart = new Chart($"Radial solutions of {c.Problem.Name}", new Axis("r"), new Axis("u(r)"), roots.Zip(shot).Select(p => new Series(string.Create(CultureInfo.InvariantCulture, $"{p.Second.Name}: u(0) = {p.First.U0:G6}"), grid, grid.Select(p.First.At).ToArray())).ToList());
            var (svg, png) = ChartExporter.Write(chart, dir, "shoot");
            if (parse.GetValue(json))
            {
                var brief = new JsonObject { ["solutions"] = new JsonArray(shot.Zip(roots).Select(p => (JsonNode?)new JsonObject { ["u0"] = p.Second.U0, ["uPrimeAt1"] = p.Second.UPrimeAt1, ["name"] = p.First.Name }).ToArray()) };
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

            output.WriteLine($"profiles: {Path.Combine(dir, "shoot.json")}, plots: {svg}, {png}");
            return 0;
        });
        return command;
    }
}
