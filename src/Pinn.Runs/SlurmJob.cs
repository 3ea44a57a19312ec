using System.Globalization;
using System.Text;
using Pinn.Core.IO;
using Pinn.Core.Training;
using Pinn.Runs.Configuration;
using Pinn.Shooting;

namespace Pinn.Runs;

/// <summary>
/// The scripts that run a batch (or a bifurcation sweep) on a Slurm cluster: <c>array.sbatch</c> (a job array, task I runs
/// <c>pinn batch CONFIG --shard I/N</c> into <c>DIR/shard-I</c>, or resumes it there after a requeue; for a sweep
/// <c>pinn shoot CONFIG --sweep RANGE --shard I/N</c>),
/// <c>merge.sbatch</c> (<c>pinn merge</c> of every shard into <c>DIR/merged</c>) and <c>submit.sh</c>, which submits
/// both with the merge depending on the array (<c>afterany</c>: it also runs when a task failed, and reports it).
/// For a discovery (<see cref="DiscoveryShards"/>), task I runs <c>pinn discover CONFIG --out DIR/discovery --shard I/N</c>
/// for the current round, the merge <c>pinn discover … --merge-shards N</c>, and submit.sh chains one array and one merge
/// per possible round (<see cref="DiscoveryShards.MaximumRounds"/>), each array waiting for the previous merge to succeed;
/// rounds after the discovery has ended do nothing.
/// </summary>
/// <param name="Directory">The job's directory (absolute).</param>
/// <param name="ArrayScript">array.sbatch.</param>
/// <param name="MergeScript">merge.sbatch.</param>
/// <param name="SubmitScript">submit.sh: what the user runs on the login node.</param>
/// <param name="MergedDirectory">Where the merged run will be.</param>
public sealed record SlurmJob(string Directory, string ArrayScript, string MergeScript, string SubmitScript, string MergedDirectory)
{
    /// <summary>The subdirectory of the job's directory that holds the scripts and the tasks' logs.</summary>
    public const string ScriptFolder = "slurm";

    /// <summary>Writes the scripts for <paramref name="config"/> into <paramref name="directory"/>.</summary>
    /// <param name="config">The run configuration (checked here: the shard count must fit its ensemble).</param>
    /// <param name="configPath">The configuration file the tasks read (made absolute).</param>
    /// <param name="options">Slurm settings.</param>
    /// <param name="directory">The job's directory: shard-0 … shard-(N−1), merged and slurm/ go there (made absolute).</param>
    /// <param name="pinn">The command that runs pinn on the cluster's nodes, e.g. <c>dotnet /opt/pinn/pinn.dll</c> (inserted as written).</param>
    /// <param name="sweep">A bifurcation sweep to split into the shards instead of the ensemble (task I runs
    /// <c>pinn shoot CONFIG --sweep RANGE --shard I/N</c>; a sweep has no checkpoint, so a requeued task sweeps its values again).</param>
    /// <param name="discover">Run a sharded discovery (<see cref="DiscoveryShards"/>) instead of a batch.</param>
    /// <exception cref="Pinn.Core.Configuration.OptionsValidationException">A setting is invalid, or there are more shards than members (or sweep values).</exception>
    public static SlurmJob Write(RunConfig config, string configPath, SlurmOptions options, string directory, string pinn, SweepRange? sweep = null, bool discover = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrWhiteSpace(configPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(pinn);
        options.Validate();
        if (discover && sweep is not null)
        {
            throw new ArgumentException("A job is a batch, a sweep or a discovery: not a sweep and a discovery at once.", nameof(discover));
        }

        if (discover)
        {
            DiscoveryShards.CheckShards(config, options.Shards);
        }
        else if (sweep is null)
        {
            (config.Options with { Shard = new ShardOptions(0, options.Shards) }).Validate();
        }
        else
        {
            BifurcationSweep.ValuesOf(sweep.Validate(), new ShardOptions(0, options.Shards));
            config.Problem.WithParameter(sweep.Parameter, sweep.From); // names a missing parameter now, not on the cluster
        }

        RunDirectory.CheckWritablePath(directory);
        string dir = Path.GetFullPath(directory);
        string scripts = Path.Combine(dir, ScriptFolder);
        System.IO.Directory.CreateDirectory(scripts);
        string configFile = Path.GetFullPath(configPath);
        string merged = Path.Combine(dir, discover ? "discovery" : "merged");
        string name = "pinn-" + new string(config.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        var inv = CultureInfo.InvariantCulture;

        // A discovery runs the same scripts once per round: its logs carry the job id (%A, %j) so that rounds keep theirs.
        var array = Header(name, options, Path.Combine(scripts, discover ? "shard-%A-%a.log" : "shard-%a.log"))
            .Append(inv, $"#SBATCH --array=0-{options.Shards - 1}\n")
            .Append(inv, $"#SBATCH --cpus-per-task={options.CpusPerTask}\n")
            .Append("set -euo pipefail\n");
        if (discover)
        {
            array.Append(inv, $"{pinn} discover {Quote(configFile)} --out {Quote(merged)} --shard \"${{SLURM_ARRAY_TASK_ID}}/{options.Shards}\"\n");
        }
        else if (sweep is null)
        {
            array.Append(inv, $"shard={Quote(dir)}/shard-\"${{SLURM_ARRAY_TASK_ID}}\"\n")
                .Append("if [ -f \"$shard/summary.json\" ]; then\n  echo \"shard $SLURM_ARRAY_TASK_ID already finished: $shard\"\n")
                .Append("elif [ -f \"$shard/checkpoint.bin\" ]; then\n")
                .Append(inv, $"  {pinn} resume \"$shard\"\n")
                .Append("else\n")
                .Append(inv, $"  {pinn} batch {Quote(configFile)} --shard \"${{SLURM_ARRAY_TASK_ID}}/{options.Shards}\" --out \"$shard\" --force\n")
                .Append("fi\n");
        }
        else
        {
            array.Append(inv, $"shard={Quote(dir)}/shard-\"${{SLURM_ARRAY_TASK_ID}}\"\n")
                .Append("if grep -q '\"complete\": true' \"$shard/sweep.json\" 2>/dev/null; then\n  echo \"shard $SLURM_ARRAY_TASK_ID already finished: $shard\"\n")
                .Append("else\n")
                .Append(inv, $"  {pinn} shoot {Quote(configFile)} --sweep {Quote(sweep.ToString())} --shard \"${{SLURM_ARRAY_TASK_ID}}/{options.Shards}\" --out \"$shard\" --force\n")
                .Append("fi\n");
        }

        var merge = Header(name + "-merge", options, Path.Combine(scripts, discover ? "merge-%j.log" : "merge.log"))
            .Append("#SBATCH --cpus-per-task=1\n")
            .Append("set -euo pipefail\n")
            .Append("shopt -s nullglob\n")
            .Append(discover
                ? string.Create(inv, $"{pinn} discover {Quote(configFile)} --out {Quote(merged)} --merge-shards {options.Shards}\n")
                : string.Create(inv, $"{pinn} merge {Quote(dir)}/shard-* --out {Quote(merged)} --force\n"));
        var submit = discover ? DiscoverySubmit(config, options, scripts, merged) : new StringBuilder("#!/bin/bash\n")
            .Append(inv, $"# Submits {options.Shards} shard(s) of {(sweep is null ? config.Name : $"the sweep {sweep} of {config.Name}")} as a Slurm job array, then the merge once every shard has ended.\n")
            .Append("set -euo pipefail\n")
            .Append(inv, $"array=$(sbatch --parsable {Quote(Path.Combine(scripts, "array.sbatch"))})\n")
            .Append("array=${array%%;*}\n")
            .Append(inv, $"merge=$(sbatch --parsable --dependency=afterany:$array {Quote(Path.Combine(scripts, "merge.sbatch"))})\n")
            .Append("merge=${merge%%;*}\n")
            .Append(inv, $"echo \"pinn: shards submitted as job array $array, the merge as job $merge; merged run: \"{Quote(merged)}\n");

        var job = new SlurmJob(dir, Path.Combine(scripts, "array.sbatch"), Path.Combine(scripts, "merge.sbatch"), Path.Combine(scripts, "submit.sh"), merged);
        AtomicFile.WriteText(job.ArrayScript, array.ToString());
        AtomicFile.WriteText(job.MergeScript, merge.ToString());
        AtomicFile.WriteText(job.SubmitScript, submit.ToString());
        if (!OperatingSystem.IsWindows())
        {
            foreach (var script in new[] { job.ArrayScript, job.MergeScript, job.SubmitScript })
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
        }

        return job;
    }

    /// <summary>submit.sh of a discovery: per possible round, the shards' array after the previous merge, then the round's merge.</summary>
    private static StringBuilder DiscoverySubmit(RunConfig config, SlurmOptions options, string scripts, string discovery)
    {
        var inv = CultureInfo.InvariantCulture;
        int rounds = DiscoveryShards.MaximumRounds(config);
        return new StringBuilder("#!/bin/bash\n")
            .Append(inv, $"# Submits the discovery {config.Name} as up to {rounds} round(s): each round's {options.Shards} shard(s) as a Slurm job array once the\n")
            .Append("# previous round's merge has succeeded, then the round's merge. Rounds after the discovery has ended do nothing.\n")
            .Append("set -euo pipefail\n")
            .Append("previous=\"\"\n")
            .Append(inv, $"for round in $(seq 0 {rounds - 1}); do\n")
            .Append("  if [ -n \"$previous\" ]; then dependency=(--dependency=afterok:$previous --kill-on-invalid-dep=yes); else dependency=(); fi\n")
            .Append(inv, $"  array=$(sbatch --parsable \"${{dependency[@]}}\" {Quote(Path.Combine(scripts, "array.sbatch"))})\n")
            .Append("  array=${array%%;*}\n")
            .Append(inv, $"  merge=$(sbatch --parsable --dependency=afterany:$array {Quote(Path.Combine(scripts, "merge.sbatch"))})\n")
            .Append("  merge=${merge%%;*}\n")
            .Append("  echo \"pinn: round $round: shards as job array $array, merge as job $merge\"\n")
            .Append("  previous=$merge\n")
            .Append("done\n")
            .Append(inv, $"echo \"pinn: the solutions will be in \"{Quote(discovery)}\n");
    }

    /// <summary>
    /// The command line that starts pinn on the nodes, from what a user gives as <c>--pinn</c>: the path of the pinn
    /// executable, quoted (so a path with spaces works); a path ending in .dll (or <c>dotnet PATH.dll</c>) runs through
    /// dotnet; a value with quotes in it is a command line the user quoted, taken as written.
    /// </summary>
    /// <param name="pinn">The executable's path on the nodes, or a quoted command line.</param>
    public static string PinnCommand(string pinn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pinn);
        string value = pinn.Trim();
        if (value.Contains('\'', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal))
        {
            return value;
        }

        if (value.StartsWith("dotnet ", StringComparison.Ordinal) && value.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return "dotnet " + Quote(value["dotnet ".Length..].Trim());
        }

        return value.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "dotnet " + Quote(value) : Quote(value);
    }

    /// <summary>A path for bash: single-quoted, with any single quote in it escaped.</summary>
    /// <param name="path">The path.</param>
    public static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static StringBuilder Header(string name, SlurmOptions options, string log)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder("#!/bin/bash\n").Append(inv, $"#SBATCH --job-name={name}\n").Append(inv, $"#SBATCH --output={log}\n");
        if (options.Partition is { } partition)
        {
            text.Append(inv, $"#SBATCH --partition={partition}\n");
        }

        if (options.Time is { } time)
        {
            text.Append(inv, $"#SBATCH --time={time}\n");
        }

        if (options.Memory is { } memory)
        {
            text.Append(inv, $"#SBATCH --mem={memory}\n");
        }

        if (options.Account is { } account)
        {
            text.Append(inv, $"#SBATCH --account={account}\n");
        }

        return text;
    }
}
