using System.CommandLine;
using Pinn.Core.Configuration;
using Pinn.Runs;
using Pinn.Runs.Configuration;
using Pinn.Shooting;

namespace Pinn.Cli.Commands;

/// <summary><c>pinn slurm</c>: write the sbatch scripts that run a batch (or a sweep) as a Slurm job array and merge it.</summary>
internal static class SlurmCommand
{
    public static Command Create(TextWriter output)
    {
        var config = new Argument<string>("config") { Description = "Run configuration (JSON); its ensemble (or, with --sweep, the sweep's values) is split into the shards." };
        var shards = new Option<int>("--shards") { Description = "Array tasks, one shard of the ensemble each (at most ensemble.members).", Required = true };
        var outDir = new Option<string?>("--out") { Description = "The job's directory: shard-0 … shard-(N−1), merged and slurm/ (default runs/<config-name>-slurm)." };
        var defaults = new SlurmOptions(1);
        var cpus = new Option<int>("--cpus") { Description = "CPUs per array task (sbatch --cpus-per-task).", DefaultValueFactory = _ => defaults.CpusPerTask };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (sbatch --partition); default: the cluster's." };
        var time = new Option<string?>("--time") { Description = "Time limit per task (sbatch --time, e.g. 02:00:00)." };
        var memory = new Option<string?>("--mem") { Description = "Memory per task (sbatch --mem, e.g. 8G)." };
        var account = new Option<string?>("--account") { Description = "Account to charge (sbatch --account)." };
        var pinn = new Option<string?>("--pinn") { Description = "The pinn executable on the nodes, by its path (spaces allowed; a pinn.dll runs through dotnet; default: this pinn, by its absolute path)." };
        var sweep = new Option<string?>("--sweep") { Description = "Split a bifurcation sweep NAME=FROM:TO:COUNT (as pinn shoot --sweep) into the shards instead of the ensemble." };
        var discover = new Option<bool>("--discover") { Description = "Run the configuration's discovery (pinn discover) round by round: each round's members in the shards, then a merge that classifies them and prepares the next round." };
        var command = new Command("slurm", "Write sbatch scripts that run a batch (or a sweep, or a discovery) as Slurm job arrays (one shard per task) followed by merge jobs; submit them with the submit.sh it writes.") { config, shards, outDir, cpus, partition, time, memory, account, pinn, sweep, discover };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(config)!;
            var run = RunConfigReader.ReadFile(path);
            var options = new SlurmOptions(parse.GetValue(shards), parse.GetValue(cpus), parse.GetValue(partition), parse.GetValue(time), parse.GetValue(memory), parse.GetValue(account));
            SlurmJob job;
            try
            {
                var range = parse.GetValue(sweep) is string spec ? SweepRange.Parse(spec) : null;
                bool rounds = parse.GetValue(discover);
                if (rounds && range is not null)
                {
                    throw new ArgumentException("--discover and --sweep are different jobs: give one or the other.");
                }

                string suffix = rounds ? "-discover-slurm" : range is null ? "-slurm" : "-sweep-slurm";
                job = SlurmJob.Write(run, path, options, parse.GetValue(outDir) ?? Path.Combine("runs", run.Name + suffix), parse.GetValue(pinn) is string given ? SlurmJob.PinnCommand(given) : ThisPinn(), range, rounds);
            }
            catch (OptionsValidationException e)
            {
                string option = e.Property switch { "Shards" or "Shard" or "Count" => "--shards", "CpusPerTask" => "--cpus", "Memory" => "--mem", "Parameter" or "From" or "To" => "--sweep", var p => "--" + p.ToLowerInvariant() };
                throw new ArgumentException($"{option}: {e.Reason}");
            }

            output.WriteLine($"pinn: wrote {job.ArrayScript}, {job.MergeScript} and {job.SubmitScript}");
            output.WriteLine($"pinn: submit with: bash {SlurmJob.Quote(job.SubmitScript)}   (the {(parse.GetValue(discover) ? "discovery" : "merged run")} will be in {job.MergedDirectory})");
            return 0;
        });
        return command;
    }

    /// <summary>How the nodes run this pinn: its apphost, or <c>dotnet pinn.dll</c> when it was started through dotnet.</summary>
    private static string ThisPinn()
    {
        string process = Environment.ProcessPath ?? "dotnet";
        string dll = Path.Combine(AppContext.BaseDirectory, "pinn.dll");
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? $"{SlurmJob.Quote(process)} {SlurmJob.Quote(dll)}" : SlurmJob.Quote(process);
    }
}
