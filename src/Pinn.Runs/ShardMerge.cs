using System.Globalization;
using Pinn.Core.IO;
using Pinn.Runs.Configuration;
using Pinn.Runs.Files;

namespace Pinn.Runs;

/// <summary>
/// Puts the run directories of the shards of one batch (<c>pinn batch CONFIG --shard I/N</c>, e.g. the tasks of a Slurm
/// job array) together into one run directory, as if one machine had trained every member: config.json (without the
/// shard), catalog.json, metrics.csv and bounces.csv (rows in step, then member, order), timing.csv (the slowest
/// shard's time at each step: the job's wall time when the shards ran side by side), slices.csv, summary.json
/// (members in order, class counts over all of them), the plots and report.html, plus merge.json saying which shards
/// it holds. Every member is trained in its shard exactly as in the whole run, so for the same config and seed the
/// merged files equal the whole run's byte for byte. Shards of different configurations or seeds are refused; a missing
/// or unfinished shard is reported (merge.json, <see cref="ShardMergeResult.MissingMembers"/>) and the rest merged.
/// </summary>
public static class ShardMerge
{
    /// <summary>The file in a merged run directory that lists its shards.</summary>
    public const string MergeFileName = "merge.json";

    /// <summary>Merges shard run directories into <paramref name="outputDirectory"/>.</summary>
    /// <param name="shardDirectories">The shards' run directories, in any order (a finished shard holds summary.json).</param>
    /// <param name="outputDirectory">The merged run directory (created; must not hold another run unless <paramref name="overwrite"/>).</param>
    /// <param name="overwrite">Replace the run files already in <paramref name="outputDirectory"/>.</param>
    /// <exception cref="RunDirectoryException">The shards are not of one run, none finished, or the output directory is taken.</exception>
    public static ShardMergeResult Merge(IReadOnlyList<string> shardDirectories, string outputDirectory, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(shardDirectories);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        if (shardDirectories.Count == 0)
        {
            throw new RunDirectoryException("no shard directories given: pass the run directories of pinn batch --shard I/N (e.g. runs/my-run/shard-*).");
        }

        string outputFull = SamePath.Normalize(outputDirectory);
        if (shardDirectories.FirstOrDefault(d => SamePath.Normalize(d) == outputFull) is string input)
        {
            throw new RunDirectoryException($"--out '{outputDirectory}' is one of the shards being merged ('{input}'): merging into it would destroy that shard; merge into another directory.");
        }

        // Read every shard's config first: they must be shards of one run (same config and seed, same shard count).
        var shards = new List<(string Dir, RunConfig Config)>();
        string? reference = null, referenceDir = null;
        foreach (string directory in shardDirectories)
        {
            var dir = new RunDirectory(directory);
            if (!File.Exists(dir.Config))
            {
                throw new RunDirectoryException($"'{directory}' holds no config.json: it is not the run directory of a shard (pinn batch CONFIG --shard I/N --out DIR).");
            }

            var config = RunConfigReader.ReadRunDirectory(dir.Config);
            if (config.Options.Shard is null)
            {
                throw new RunDirectoryException($"'{directory}' is not a shard: its config.json has no shard section (it was not run with --shard I/N).");
            }

            string whole = WholeRunConfig(config);
            if (reference is null)
            {
                (reference, referenceDir) = (whole, directory);
            }
            else if (whole != reference)
            {
                throw new RunDirectoryException($"'{directory}' is a shard of another run than '{referenceDir}': their config.json differ at {JsonDifference.First(reference, whole)}.");
            }

            shards.Add((directory, config));
        }

        var first = shards[0].Config;
        int count = first.Options.Shard!.Count;
        foreach (var (dir, config) in shards)
        {
            if (config.Options.Shard!.Count != count)
            {
                throw new RunDirectoryException(string.Create(CultureInfo.InvariantCulture, $"'{dir}' is shard {config.Options.Shard} but '{shards[0].Dir}' is shard {first.Options.Shard}: all shards of a run have the same count N."));
            }
        }

        foreach (var group in shards.GroupBy(s => s.Config.Options.Shard!.Index).Where(g => g.Count() > 1))
        {
            throw new RunDirectoryException(string.Create(CultureInfo.InvariantCulture, $"shard {group.Key}/{count} is given twice ('{string.Join("', '", group.Select(g => g.Dir))}'): give each shard's directory once."));
        }

        // Which shards finished.
        var statuses = new List<ShardStatus>();
        var finished = new List<(RunDirectory Dir, RunSummary Summary)>();
        for (int i = 0; i < count; i++)
        {
            var (firstMember, members) = new Pinn.Core.Training.ShardOptions(i, count).MembersOf(first.Options.Ensemble.Members);
            var given = shards.FirstOrDefault(s => s.Config.Options.Shard!.Index == i);
            if (given.Dir is null)
            {
                statuses.Add(new ShardStatus(i, firstMember, members, null, false, "no directory given for this shard"));
                continue;
            }

            var dir = new RunDirectory(given.Dir);
            string? problem = !File.Exists(dir.Summary) ? "it did not finish (no summary.json): resume it (pinn resume DIR) or run it again"
                : !File.Exists(dir.Slices) || !File.Exists(dir.Metrics) || !File.Exists(dir.Catalog) ? "its slices.csv, metrics.csv or catalog.json is missing"
                : Unchanged(dir);
            if (problem is null)
            {
                finished.Add((dir, RunFile.Read(dir.Summary, RunFilesJsonContext.Default.RunSummary)));
            }

            statuses.Add(new ShardStatus(i, firstMember, members, given.Dir, problem is null, problem));
        }

        if (finished.Count == 0)
        {
            throw new RunDirectoryException($"none of the {count} shards finished: {string.Join("; ", statuses.Select(s => string.Create(CultureInfo.InvariantCulture, $"shard {s.Index}: {s.Problem}")))}.");
        }

        var output = new RunDirectory(outputDirectory);
        using var runLock = RunLock.Acquire(output.Path);
        var existing = output.ExistingRunFiles();
        if (existing.Count > 0 && !overwrite)
        {
            throw new RunDirectoryException($"the run directory '{output.Path}' already holds run files ({string.Join(", ", existing)}): choose another directory, or overwrite them (--force).");
        }

        File.Delete(output.Checkpoint); // a merged run has no checkpoint: its shards do

        string catalog = File.ReadAllText(finished[0].Dir.Catalog);
        foreach (var (dir, _) in finished.Skip(1))
        {
            if (File.ReadAllText(dir.Catalog) != catalog)
            {
                throw new RunDirectoryException($"'{dir.Path}' has another solution catalog than '{finished[0].Dir.Path}' (catalog.json differs): were they run with different versions of pinn?");
            }
        }

        AtomicFile.WriteText(output.Config, reference!);
        AtomicFile.WriteText(output.Catalog, catalog);
        MergeRows(finished.Select(f => f.Dir.Metrics).ToList(), output.Metrics);
        MergeRows(finished.Where(f => File.Exists(f.Dir.Bounces)).Select(f => f.Dir.Bounces).ToList(), output.Bounces);
        MergeTiming(finished.Select(f => f.Dir.Timing).ToList(), output.Timing);

        var slices = finished.Select(f => RadialSlices.Read(f.Dir.Slices)).ToList();
        foreach (var (s, i) in slices.Select((s, i) => (s, i)).Skip(1))
        {
            if (!s.X.SequenceEqual(slices[0].X))
            {
                throw new RunDirectoryException($"'{finished[i].Dir.Path}' samples its slices at other points than '{finished[0].Dir.Path}' (slices.csv x1 differs).");
            }
        }

        var columns = slices.SelectMany(s => s.MemberIndices.Zip(s.Members)).OrderBy(c => c.First).ToList();
        new RadialSlices(slices[0].X, columns.Select(c => c.Second).ToList(), columns.Select(c => c.First).ToList()).Write(output.Slices);

        var summary = MergeSummaries(finished.Select(f => f.Summary).ToList());
        RunFile.Write(output.Summary, summary, RunFilesJsonContext.Default.RunSummary);
        var missing = statuses.Where(s => !s.Merged).SelectMany(s => Enumerable.Range(s.FirstMember, s.Members)).ToList();
        RunFile.Write(Path.Combine(output.Path, MergeFileName), new MergeFile(statuses, missing), RunFilesJsonContext.Default.MergeFile);
        RunIntegrity.Record(output, "merged", summary.Steps, finished: true);
        RunReport.Build(output);
        return new ShardMergeResult(output, summary, statuses, missing);
    }

    /// <summary>Null when the shard's files are the ones its run recorded in files.json, else what is wrong.</summary>
    private static string? Unchanged(RunDirectory dir)
    {
        try
        {
            RunIntegrity.CheckFinished(dir);
            return null;
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }
    }

    /// <summary>The config.json of the whole run a shard belongs to: the shard's, without its shard section.</summary>
    private static string WholeRunConfig(RunConfig shard) => SweepRun.ConfigText(shard);

    /// <summary>The members of every shard in index order, with class counts over all of them (as <see cref="BatchResult.ClassCounts"/> counts them).</summary>
    private static RunSummary MergeSummaries(IReadOnlyList<RunSummary> summaries)
    {
        var members = summaries.SelectMany(s => s.Members).OrderBy(m => m.Index).ToList();
        var counts = BatchResult.CountClasses(summaries[0].Catalog.Select(c => c.Name), members);
        double threshold = summaries.Select(s => s.ClassificationThreshold).FirstOrDefault(double.IsFinite, double.NaN);
        return new RunSummary(summaries[0].Problem, summaries.Max(s => s.Steps), members, counts, summaries[0].Catalog, threshold);
    }

    /// <summary>
    /// Concatenates CSV files with one header into one, rows ordered by their first two columns (step, member) as the
    /// whole run writes them; rows are copied as text, so values stay exactly as written.
    /// </summary>
    private static void MergeRows(IReadOnlyList<string> files, string path)
    {
        if (files.Count == 0)
        {
            return;
        }

        string? header = null;
        var rows = new List<(long Step, int Member, string Line)>();
        foreach (string file in files)
        {
            var lines = File.ReadAllLines(file);
            if (lines.Length == 0)
            {
                throw new InvalidDataException($"'{file}' is empty: it has no header line.");
            }

            header ??= lines[0];
            if (lines[0] != header)
            {
                throw new RunDirectoryException($"'{file}' has other columns than '{files[0]}': the shards were run with different versions of pinn.");
            }

            for (int i = 1; i < lines.Length; i++)
            {
                if (lines[i].Length == 0)
                {
                    continue;
                }

                var cells = lines[i].Split(',', 3);
                if (cells.Length < 2 || !long.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long step) || !int.TryParse(cells[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int member))
                {
                    throw new InvalidDataException($"'{file}' line {i + 1} does not start with a step and a member: the file is damaged.");
                }

                rows.Add((step, member, lines[i]));
            }
        }

        // A stable sort: rows of one member at one step keep their order.
        var ordered = rows.Select((r, i) => (r, i)).OrderBy(x => x.r.Step).ThenBy(x => x.r.Member).ThenBy(x => x.i).Select(x => x.r.Line);
        AtomicFile.WriteText(path, header + "\n" + string.Concat(ordered.Select(l => l + "\n")));
    }

    /// <summary>
    /// timing.csv of the merged run: at each step the largest elapsed time of the shards, which ran side by side; left
    /// out when a shard has none (timing is informational: a merge never fails over it).
    /// </summary>
    private static void MergeTiming(IReadOnlyList<string> files, string path)
    {
        var tables = new List<Dictionary<long, double>>();
        foreach (string file in files)
        {
            if (MetricsLog.ReadTiming(file) is not { } read)
            {
                return;
            }

            var table = new Dictionary<long, double>();
            foreach (var (step, seconds) in read)
            {
                table[step] = seconds;
            }

            tables.Add(table);
        }

        var steps = tables.SelectMany(t => t.Keys).Distinct().Order();
        var rows = steps.Select(step => string.Create(CultureInfo.InvariantCulture, $"{step},{tables.Where(t => t.ContainsKey(step)).Max(t => t[step]):F3}"));
        AtomicFile.WriteText(path, MetricsLog.TimingHeader + "\n" + string.Concat(rows.Select(r => r + "\n")));
    }
}
