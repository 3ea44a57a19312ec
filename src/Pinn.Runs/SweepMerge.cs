using System.Globalization;
using Pinn.Core.IO;
using Pinn.Runs.Configuration;
using Pinn.Runs.Files;
using Pinn.Shooting;

namespace Pinn.Runs;

/// <summary>
/// Puts the shards of one bifurcation sweep (<c>pinn shoot CONFIG --sweep NAME=FROM:TO:COUNT --shard I/N</c>, e.g. the
/// tasks of a Slurm job array) together into one sweep directory, as if one machine had swept every value: config.json,
/// sweep.csv (the shards' points in value order), sweep.json (all folds) and the diagram, plus merge.json saying which
/// shards it holds. Each shard solves its values exactly as the whole sweep does, so for the same configuration and range
/// the merged sweep.csv and sweep.json equal the whole sweep's byte for byte. Shards of different configurations, ranges
/// or tolerances are refused; a missing or unfinished shard is reported (merge.json) and the rest merged.
/// </summary>
public static class SweepMerge
{
    /// <summary>Merges sweep shard directories into <paramref name="outputDirectory"/>.</summary>
    /// <param name="shardDirectories">The shards' directories, in any order.</param>
    /// <param name="outputDirectory">The merged sweep directory (created; must not hold another sweep unless <paramref name="overwrite"/>).</param>
    /// <param name="overwrite">Replace a sweep already in <paramref name="outputDirectory"/>.</param>
    /// <exception cref="RunDirectoryException">The directories are not shards of one sweep, none finished, or the output directory is taken.</exception>
    public static SweepMergeResult Merge(IReadOnlyList<string> shardDirectories, string outputDirectory, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(shardDirectories);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        if (shardDirectories.Count == 0)
        {
            throw new RunDirectoryException("no shard directories given: pass the directories of pinn shoot --sweep ... --shard I/N (e.g. runs/my-sweep/shard-*).");
        }

        var inv = CultureInfo.InvariantCulture;
        var shards = new List<(string Dir, string Config, SweepFile File, string ProblemName)>();
        foreach (string directory in shardDirectories)
        {
            if (!SweepRun.IsSweep(directory))
            {
                throw new RunDirectoryException($"'{directory}' holds no {SweepRun.FileName}: it is not the directory of a sweep shard (pinn shoot CONFIG --sweep NAME=FROM:TO:COUNT --shard I/N --out DIR).");
            }

            var file = RunFile.Read(Path.Combine(directory, SweepRun.FileName), RunFilesJsonContext.Default.SweepFile);
            if (file.Shard is null)
            {
                throw new RunDirectoryException($"'{directory}' is not a shard: its {SweepRun.FileName} has no shard (it was not swept with --shard I/N).");
            }

            var read = RunConfigReader.ReadRunDirectory(Path.Combine(directory, "config.json"));
            string config = SweepRun.ConfigText(read);
            if (shards.Count > 0)
            {
                var (firstDir, firstConfig, firstFile, _) = shards[0];
                if (config != firstConfig)
                {
                    throw new RunDirectoryException($"'{directory}' is a shard of another sweep than '{firstDir}': their config.json differ at {JsonDifference.First(firstConfig, config)}.");
                }

                if (file.Range != firstFile.Range || file.Tolerance != firstFile.Tolerance)
                {
                    throw new RunDirectoryException(string.Create(inv, $"'{directory}' sweeps {file.Range} (tolerance {file.Tolerance:R}) but '{firstDir}' sweeps {firstFile.Range} (tolerance {firstFile.Tolerance:R}): they are shards of different sweeps."));
                }

                if (file.Shard.Count != firstFile.Shard!.Count)
                {
                    throw new RunDirectoryException($"'{directory}' is shard {file.Shard} but '{firstDir}' is shard {firstFile.Shard}: all shards of a sweep have the same count N.");
                }
            }

            shards.Add((directory, config, file, read.Problem.Name));
        }

        foreach (var group in shards.GroupBy(s => s.File.Shard!.Index).Where(g => g.Count() > 1))
        {
            throw new RunDirectoryException(string.Create(inv, $"shard {group.Key}/{shards[0].File.Shard!.Count} is given twice ('{string.Join("', '", group.Select(g => g.Dir))}'): give each shard's directory once."));
        }

        var range = shards[0].File.Range;
        int count = shards[0].File.Shard!.Count;
        var statuses = new List<SweepShardStatus>();
        var finished = new List<(string Dir, SweepFile File)>();
        for (int i = 0; i < count; i++)
        {
            var (firstValue, values) = BifurcationSweep.ValuesOf(range, new Core.Training.ShardOptions(i, count));
            var given = shards.FirstOrDefault(s => s.File.Shard!.Index == i);
            string? problem = given.Dir is null ? "no directory given for this shard"
                : !given.File.Complete ? $"it did not finish ({SweepRun.FileName} says incomplete): run it again"
                : !File.Exists(Path.Combine(given.Dir, SweepRun.CsvFileName)) ? $"its {SweepRun.CsvFileName} is missing"
                : null;
            if (problem is null)
            {
                finished.Add((given.Dir!, given.File));
            }

            statuses.Add(new SweepShardStatus(i, firstValue, values, given.Dir, problem is null, problem));
        }

        if (finished.Count == 0)
        {
            throw new RunDirectoryException($"none of the {count} sweep shards finished: {string.Join("; ", statuses.Select(s => string.Create(inv, $"shard {s.Index}: {s.Problem}")))}.");
        }

        Directory.CreateDirectory(outputDirectory);
        using var runLock = RunLock.Acquire(outputDirectory);
        if (SweepRun.IsSweep(outputDirectory) && !overwrite)
        {
            throw new RunDirectoryException($"'{outputDirectory}' already holds a sweep ({SweepRun.FileName}): choose another directory, or overwrite it (--force).");
        }

        var diagrams = finished.Select(f => BifurcationDiagram.ReadCsv(Path.Combine(f.Dir, SweepRun.CsvFileName))).ToList();
        var diagram = new BifurcationDiagram(range.Parameter, diagrams.SelectMany(d => d.Points).ToList(), finished.SelectMany(f => f.File.Folds).ToList());
        bool complete = finished.Count == count;
        var mergedFile = new SweepFile(range, shards[0].File.Tolerance, null, 0, range.Count, complete, diagram.Folds);
        AtomicFile.WriteText(Path.Combine(outputDirectory, "config.json"), shards[0].Config);
        RunFile.Write(Path.Combine(outputDirectory, ShardMerge.MergeFileName), new SweepMergeFile(statuses), RunFilesJsonContext.Default.SweepMergeFile);
        var result = SweepRun.Write(outputDirectory, shards[0].ProblemName, mergedFile, diagram, []);
        return new SweepMergeResult(result, statuses);
    }
}
