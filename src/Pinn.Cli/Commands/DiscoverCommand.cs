using System.CommandLine;
using System.Globalization;
using Pinn.Core.IO;
using Pinn.Runs;
using Pinn.Runs.Configuration;

namespace Pinn.Cli.Commands;

/// <summary><c>pinn discover</c>: find every solution on purpose, by deflation, checked against the shooting catalogue.</summary>
internal static class DiscoverCommand
{
    public static Command Create(TextWriter output, CancellationToken cancellation)
    {
        var overrides = new RunOverrides();
        var maxMembers = new Option<int?>("--max-members") { Description = "Override discovery.maximumMembers." };
        var patience = new Option<int?>("--patience") { Description = "Override discovery.patience (members in a row that find nothing new)." };
        var command = new Command("discover", "Find every solution on purpose: members deflated against the solutions found before them, checked against the shooting catalogue.") { maxMembers, patience };
        overrides.AddTo(command, ensemble: true);
        command.SetAction(parse =>
        {
            var config = overrides.Resolve(parse, null);
            var settings = config.Discovery ?? new DiscoveryOptions();
            settings = (settings with { MaximumMembers = parse.GetValue(maxMembers) ?? settings.MaximumMembers, Patience = parse.GetValue(patience) ?? settings.Patience }).Validate();
            string dir = parse.GetValue(overrides.Out) ?? config.OutputDirectory ?? RunDirectory.Default(config.Name + "-discover");
            if (File.Exists(Path.Combine(dir, DiscoveryResult.SolutionsFile)))
            {
                throw new ArgumentException($"'{dir}' already holds a discovery run (solutions.json): choose another --out.");
            }

            ComputeDevices.Open(config.Options.Training); // an absent GPU is reported before anything is written

            Directory.CreateDirectory(dir);
            AtomicFile.WriteText(Path.Combine(dir, "config.json"), RunConfigWriter.Write(config with { Discovery = settings }));
            output.WriteLine($"pinn: {config.Problem}");
            output.WriteLine($"pinn: discovery in {dir}: up to {settings.MaximumMembers} members, rounds of {config.Options.Ensemble.Members}, stop after {settings.Patience} without a new solution");
            var result = SolutionDiscovery.Run(config.Problem, config.Options, settings, config.Shooting, note => output.WriteLine($"pinn: {note}"), new Running.ProgressReporter(output, 0), cancellation);
            var (json, png) = result.Save(dir);
            Print(result, output);
            output.WriteLine($"pinn: solutions {json}, plot {png}");
            return cancellation.IsCancellationRequested ? Running.RunPipeline.Interrupted : 0;
        });
        return command;
    }

    /// <summary>The table: every catalogued radial solution found or missed, every new solution radial or not.</summary>
    private static void Print(DiscoveryResult result, TextWriter output)
    {
        output.WriteLine($"pinn: stopped: {result.StopReason}; {result.Solutions.Count} solution(s) from {result.Members.Count} member(s)");
        output.WriteLine($"  {"catalogue",-12} {"u(0)",14}  {"found",-10} {"error",10}");
        foreach (var e in result.Catalog.Entries)
        {
            var s = result.Solutions.FirstOrDefault(f => f.MatchedEntry == e.Name);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {e.Name,-12} {e.U0,14:G8}  {(s is null ? "missed" : s.Name),-10} {(s is null ? "" : s.Distances[e.Name].ToString("G3", CultureInfo.InvariantCulture)),10}"));
        }

        foreach (var s in result.Solutions.Where(f => f.MatchedEntry is null))
        {
            string kind = !s.IsRadial ? "non-radial" : s.ShootingCheck is double u0 ? string.Create(CultureInfo.InvariantCulture, $"radial, confirmed by shooting at u(0) = {u0:G8}") : "radial, not confirmed by shooting";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  new {s.Name}: u(0) = {s.U0:G6}, loss {s.Loss:G3}, {kind}"));
        }
    }
}
