using System.CommandLine;
using System.Globalization;
using Pinn.Cli.Running;
using Pinn.Runs;

namespace Pinn.Cli.Commands;

/// <summary><c>pinn merge</c>: put the shards of a batch (<c>pinn batch --shard I/N</c>) or of a sweep (<c>pinn shoot --sweep … --shard I/N</c>) together into one directory.</summary>
internal static class MergeCommand
{
    /// <summary>Exit code of a merge that left out a missing or unfinished shard (the rest is merged).</summary>
    public const int Incomplete = 4;

    public static Command Create(TextWriter output)
    {
        var directories = new Argument<string[]>("shard-dirs") { Description = "The shards' directories (pinn batch CONFIG --shard I/N --out DIR, or pinn shoot CONFIG --sweep ... --shard I/N --out DIR), e.g. runs/job/shard-*.", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out") { Description = "The merged run directory.", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite the files of a run already in the merged run directory instead of refusing." };
        var command = new Command("merge", "Merge the shards of a batch (or of a sweep) into one run directory (summary, classes, plots, report; or sweep.csv, folds and diagram), as if one machine had run them all; shards of different configs or seeds are refused, missing ones reported.") { directories, outDir, force };
        command.SetAction(parse =>
        {
            var given = parse.GetValue(directories)!;
            var inv = CultureInfo.InvariantCulture;
            if (given.Any(SweepRun.IsSweep))
            {
                var sweep = SweepMerge.Merge(given, parse.GetValue(outDir)!, parse.GetValue(force));
                output.WriteLine(string.Create(inv, $"pinn: merged {sweep.Shards.Count(s => s.Merged)} of {sweep.Shards.Count} sweep shard(s) into {sweep.Sweep.Directory}"));
                foreach (var s in sweep.Shards.Where(s => !s.Merged))
                {
                    output.WriteLine(string.Create(inv, $"pinn: shard {s.Index}/{sweep.Shards.Count} (values {s.FirstValue}–{s.FirstValue + s.Values - 1}) left out: {s.Problem}{(s.Directory is null ? string.Empty : $" ({s.Directory})")}"));
                }

                output.WriteLine(string.Create(inv, $"{sweep.Sweep.Diagram.Points.Count} solution points over {sweep.Shards.Where(s => s.Merged).Sum(s => s.Values)} of {sweep.Sweep.File.Range.Count} values of {sweep.Sweep.File.Range.Parameter}"));
                ShootCommand.PrintFolds(sweep.Sweep.Diagram, output);
                output.WriteLine($"diagram: {sweep.Sweep.Csv}, plots: {sweep.Sweep.Svg}, {sweep.Sweep.Png}");
                return sweep.Complete ? 0 : Incomplete;
            }

            var result = ShardMerge.Merge(given, parse.GetValue(outDir)!, parse.GetValue(force));
            output.WriteLine(string.Create(inv, $"pinn: merged {result.Shards.Count(s => s.Merged)} of {result.Shards.Count} shard(s) into {result.Directory.Path}"));
            foreach (var s in result.Shards.Where(s => !s.Merged))
            {
                output.WriteLine(string.Create(inv, $"pinn: shard {s.Index}/{result.Shards.Count} (members {s.FirstMember}–{s.FirstMember + s.Members - 1}) left out: {s.Problem}{(s.Directory is null ? string.Empty : $" ({s.Directory})")}"));
            }

            RunPipeline.PrintSummary(result.Directory, result.Summary, output);
            return result.Complete ? 0 : Incomplete;
        });
        return command;
    }
}
