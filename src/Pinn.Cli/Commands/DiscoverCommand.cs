using System.CommandLine;
using System.Globalization;
using Pinn.Core.Configuration;
using Pinn.Core.IO;
using Pinn.Core.Training;
using Pinn.Runs;
using Pinn.Runs.Configuration;

namespace Pinn.Cli.Commands;

/// <summary><c>pinn discover</c>: find every solution on purpose, by deflation, checked against the shooting catalog.</summary>
internal static class DiscoverCommand
{
    public static Command Create(TextWriter output, CancellationToken cancellation)
    {
        var overrides = new RunOverrides();
        var maxMembers = new Option<int?>("--max-members") { Description = "Override discovery.maximumMembers." };
        var patience = new Option<int?>("--patience") { Description = "Override discovery.patience (members in a row that find nothing new)." };
        var mergeShards = new Option<int?>("--merge-shards") { Description = "Classify the current round of the sharded discovery in --out from its N shards, and prepare the next round (or write the solutions when it ends)." };
        var force = new Option<bool>("--force") { Description = "Overwrite the run files already in the --out directory instead of refusing (not with --shard or --merge-shards, which share their directory on purpose)." };
        var command = new Command("discover", "Find every solution on purpose: members deflated against the solutions found before them, checked against the shooting catalog.") { maxMembers, patience, mergeShards, force };
        overrides.AddTo(command, ensemble: true, shard: true);
        overrides.Shard.Description = "Train shard I/N of the current round of the sharded discovery in --out (one task of a Slurm array); then --merge-shards N. See docs/cluster.md.";
        command.SetAction(parse =>
        {
            var config = overrides.Resolve(parse, null);
            var settings = config.Discovery ?? new DiscoveryOptions();
            settings = settings with { MaximumMembers = parse.GetValue(maxMembers) ?? settings.MaximumMembers, Patience = parse.GetValue(patience) ?? settings.Patience };
            try
            {
                settings = settings.Validate();
            }
            catch (OptionsValidationException e) when (e.Property is nameof(DiscoveryOptions.MaximumMembers) or nameof(DiscoveryOptions.Patience))
            {
                bool given = parse.GetValue(e.Property == nameof(DiscoveryOptions.Patience) ? patience : maxMembers) is not null;
                string option = e.Property == nameof(DiscoveryOptions.Patience)
                    ? given ? "--patience" : "$.discovery.patience"
                    : given ? "--max-members" : "$.discovery.maximumMembers";
                throw new ArgumentException($"{option} must be a whole number ≥ 1 ({(e.Property == nameof(DiscoveryOptions.Patience) ? "members in a row that find nothing new before the discovery stops" : "the most members the discovery trains")}), not {(e.Property == nameof(DiscoveryOptions.Patience) ? settings.Patience : settings.MaximumMembers)}.");
            }

            var shard = config.Options.Shard;
            config = config with { Options = config.Options with { Shard = null }, Discovery = settings };
            if (shard is not null || parse.GetValue(mergeShards) is not null)
            {
                if (parse.GetValue(force))
                {
                    throw new ArgumentException("--force: the shards and merges of a discovery share their directory on purpose; it applies to a discovery on one machine only.");
                }

                return Sharded(config, parse.GetValue(overrides.Out) ?? config.OutputDirectory, shard, parse.GetValue(mergeShards), output, cancellation);
            }

            string dir = parse.GetValue(overrides.Out) ?? config.OutputDirectory ?? RunDirectory.Default(config.Name + "-discover");
            ComputeDevices.Open(config.Options.Training); // an absent GPU is reported before anything is written
            Pinn.Core.Training.RunMemory.Check(config.Options, config.Problem.Dimension); // so is a run too large for this machine
            using var runLock = RunDirectory.Claim(dir, parse.GetValue(force)); // the rules of every verb: usable path, not in use, no run files
            AtomicFile.WriteText(Path.Combine(dir, "config.json"), RunConfigWriter.Write(config with { Discovery = settings }));
            output.WriteLine($"pinn: {config.Problem}");
            output.WriteLine($"pinn: discovery in {dir}: up to {settings.MaximumMembers} members, rounds of {config.Options.Ensemble.Members}, stop after {settings.Patience} without a new solution");
            var result = SolutionDiscovery.Run(config.Problem, config.Options, settings, config.Shooting, note => output.WriteLine($"pinn: {note}"), new Running.ProgressReporter(output, 0, Running.RunPipeline.TimeStepNote(config.Options.Optimizer)), cancellation);
            var (json, png) = result.Save(dir);
            Print(result, output);
            output.WriteLine($"pinn: solutions {json}, plot {png}");
            var maps = result.Solutions.Where(s => result.Dimension == 2 && result.IsNonRadial(s)).Select(s => Path.Combine(dir, $"map-{s.Name}.png")).ToList();
            if (maps.Count > 0)
            {
                output.WriteLine($"pinn: non-radial solutions drawn as colour maps: {string.Join(", ", maps)} (and slices-NAME.png along four directions)");
            }
            return cancellation.IsCancellationRequested ? Running.RunPipeline.Interrupted : 0;
        });
        return command;
    }

    /// <summary><c>pinn discover --shard I/N</c> (train a shard of the current round) or <c>--merge-shards N</c> (classify the round).</summary>
    private static int Sharded(RunConfig config, string? directory, ShardOptions? shard, int? merge, TextWriter output, CancellationToken cancellation)
    {
        if (shard is not null && merge is not null)
        {
            throw new ArgumentException("--shard and --merge-shards are two steps of a round: give one or the other.");
        }

        string dir = directory ?? throw new ArgumentException("--out: the shards and merges of a discovery share one directory; give it with --out DIR (the same for every task).");
        int shards = shard?.Count ?? merge!.Value;
        try
        {
            DiscoveryShards.CheckShards(config, shards);
        }
        catch (OptionsValidationException e)
        {
            throw new ArgumentException($"{(shard is null ? "--merge-shards" : "--shard")}: {e.Reason}");
        }

        if (shard is not null)
        {
            ComputeDevices.Open(config.Options.Training); // an absent GPU is reported before anything is written
        }

        DiscoveryShards.Prepare(config, dir);
        output.WriteLine($"pinn: {config.Problem}");
        if (shard is not null)
        {
            var trained = DiscoveryShards.RunShard(config, dir, shard, new Running.ProgressReporter(output, 0, Running.RunPipeline.TimeStepNote(config.Options.Optimizer)), cancellation);
            output.WriteLine($"pinn: {trained.Message}");
            return trained.Status == DiscoveryRoundStatus.Cancelled ? Running.RunPipeline.Interrupted : 0;
        }

        var merged = DiscoveryShards.MergeRound(config, dir, shards, note => output.WriteLine($"pinn: {note}"));
        output.WriteLine($"pinn: {merged.Message}");
        if (merged.Result is { } result)
        {
            Print(result, output);
            output.WriteLine($"pinn: solutions {Path.Combine(dir, DiscoveryResult.SolutionsFile)}, plot {Path.Combine(dir, "solutions.png")}");
        }

        return merged.Status == DiscoveryRoundStatus.Incomplete ? MergeCommand.Incomplete : 0;
    }

    /// <summary>The table: every cataloged radial solution found or missed, every new solution radial or not.</summary>
    private static void Print(DiscoveryResult result, TextWriter output)
    {
        output.WriteLine($"pinn: stopped: {result.StopReason}; {result.Solutions.Count} solution(s) from {result.Members.Count} member(s)");
        output.WriteLine($"  {"catalog",-12} {"u(0)",14}  {"found",-10} {"error",10} {"estimate",10}");
        foreach (var e in result.Catalog.Entries)
        {
            var s = result.Solutions.FirstOrDefault(f => f.MatchedEntry == e.Name);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {e.Name,-12} {e.U0,14:G8}  {(s is null ? "missed" : s.Name),-10} {(s is null ? "" : s.Distances[e.Name].ToString("G3", CultureInfo.InvariantCulture)),10} {(s is null ? "" : Estimate(s)),10}"));
        }

        foreach (var s in result.Solutions.Where(f => f.MatchedEntry is null))
        {
            string kind = !s.IsRadial ? "non-radial" : s.ShootingCheck is double u0 ? string.Create(CultureInfo.InvariantCulture, $"radial, confirmed by shooting at u(0) = {u0:G8}") : "radial, not confirmed by shooting";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  new {s.Name}: u(0) = {s.U0:G6}, loss {s.Loss:G3}, error estimate {Estimate(s)}, {kind}"));
        }

        foreach (var s in result.Solutions.Where(f => f.Refinement is not null))
        {
            var r = s.Refinement!;
            output.WriteLine(r.Converged
                ? string.Create(CultureInfo.InvariantCulture, $"  {s.Name}: the disk solver refined it to Newton residual {r.Residual:G2} in {r.Iterations} iteration(s), u(0) = {r.U0:G10}, energy {r.Energy:G8}; the network's error to it {r.RelativeL2:G3}")
                : $"  {s.Name}: the disk solver did not confirm it ({r.Note})");
        }

        if (result.Dimension >= 3 && result.Catalog.Entries.Count == 0)
        {
            output.WriteLine("  no reference solver without radial symmetry in d ≥ 3: the solutions are judged by their error estimates (residuals on fresh points) only");
        }
    }

    private static string Estimate(FoundSolution s) => double.IsFinite(s.ErrorEstimate) ? s.ErrorEstimate.ToString("G3", CultureInfo.InvariantCulture) : "n/a";
}
