using System.Globalization;
using Pinn.Core.Training;
using Pinn.Plotting;
using Pinn.Runs.Configuration;
using Pinn.Runs.Files;
using Pinn.Shooting;

namespace Pinn.Runs;

/// <summary>
/// A bifurcation sweep by shooting written to a directory (<c>pinn shoot CONFIG --sweep NAME=FROM:TO:COUNT</c>):
/// config.json (the configuration as swept, its shooting range included), sweep.csv (every solution at every value),
/// sweep.json (the range, the folds, and which values the directory holds) and the diagram as sweep.svg/.png. With a
/// shard (<c>--shard I/N</c>, e.g. one task of a Slurm job array) only that shard's values are swept; put the shards
/// together with <see cref="SweepMerge"/>.
/// </summary>
public static class SweepRun
{
    /// <summary>The file that says what a sweep directory holds.</summary>
    public const string FileName = "sweep.json";

    /// <summary>The points file.</summary>
    public const string CsvFileName = "sweep.csv";

    /// <summary>Whether <paramref name="directory"/> holds a sweep (its sweep.json).</summary>
    /// <param name="directory">The directory.</param>
    public static bool IsSweep(string directory) => File.Exists(Path.Combine(directory, FileName));

    /// <summary>Sweeps <paramref name="range"/> (or one shard of it) and writes the directory, replacing an earlier sweep there.</summary>
    /// <param name="config">The configuration: its problem and its shooting settings (<see cref="RunConfig.Shooting"/>) are used.</param>
    /// <param name="range">The parameter and its values.</param>
    /// <param name="directory">Where the files go (created).</param>
    /// <param name="shard">The shard to sweep, or null for all values.</param>
    /// <param name="overlays">Discovery runs drawn on the diagram; may be null.</param>
    /// <param name="tolerance">How precisely a change of the solution count is located.</param>
    /// <param name="progress">Receives the number of values done.</param>
    /// <exception cref="Pinn.Problems.ProblemDefinitionException">The problem has no such parameter, or is not radial.</exception>
    /// <exception cref="Pinn.Core.Configuration.OptionsValidationException">The range or shard is invalid (more shards than values).</exception>
    /// <param name="overwrite">Write over the run files already in the directory (<c>--force</c>; a requeued shard sweeps again).</param>
    /// <exception cref="RunDirectoryException">The directory cannot be used, another process holds it, or it holds run files and <paramref name="overwrite"/> is false.</exception>
    public static SweepRunResult Run(RunConfig config, SweepRange range, string directory, ShardOptions? shard = null, IReadOnlyList<DiscoveryOverlay>? overlays = null, double tolerance = 1e-4, IProgress<int>? progress = null, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(range);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        range.Validate();
        var (first, values) = BifurcationSweep.ValuesOf(range, shard);
        config.Problem.WithParameter(range.Parameter, range.From); // names a missing parameter before anything is written
        using var runLock = RunDirectory.Claim(directory, overwrite);

        // sweep.json first, marked incomplete: a killed sweep is recognised as unfinished, never as a short one.
        Core.IO.AtomicFile.WriteText(Path.Combine(directory, "config.json"), ConfigText(config));
        string file = Path.Combine(directory, FileName);
        RunFile.Write(file, new SweepFile(range, tolerance, shard, first, values, false, []), RunFilesJsonContext.Default.SweepFile);
        var diagram = BifurcationSweep.Run(config.Problem, range, config.Shooting, tolerance, progress, shard);
        return Write(directory, config.Problem.Name, new SweepFile(range, tolerance, shard, first, values, true, diagram.Folds), diagram, overlays ?? []);
    }

    /// <summary>Writes sweep.csv, the diagram and then sweep.json (last, so that a complete sweep.json means the rest is there).</summary>
    internal static SweepRunResult Write(string directory, string problemName, SweepFile file, BifurcationDiagram diagram, IReadOnlyList<DiscoveryOverlay> overlays)
    {
        diagram.WriteCsv(Path.Combine(directory, CsvFileName));
        var (svg, png) = ChartExporter.Write(Chart(problemName, diagram, overlays), directory, "sweep");
        RunFile.Write(Path.Combine(directory, FileName), file, RunFilesJsonContext.Default.SweepFile);
        return new SweepRunResult(directory, file, diagram, Path.Combine(directory, CsvFileName), svg, png);
    }

    /// <summary>config.json of a sweep: the configuration without a batch's shard section (a sweep's shard is in sweep.json).</summary>
    internal static string ConfigText(RunConfig config) => RunConfigWriter.Write(config with { Options = config.Options with { Shard = null } });

    /// <summary>The bifurcation diagram: u(0) of every solution against the parameter, and the discovery runs' solutions.</summary>
    /// <param name="problemName">The problem's name (in the title).</param>
    /// <param name="diagram">The sweep's points.</param>
    /// <param name="overlays">Discovery runs drawn at their parameter value.</param>
    public static Chart Chart(string problemName, BifurcationDiagram diagram, IReadOnlyList<DiscoveryOverlay> overlays)
    {
        ArgumentNullException.ThrowIfNull(diagram);
        ArgumentNullException.ThrowIfNull(overlays);
        var series = new List<Series> { new("u(0) of every radial solution (shooting)", diagram.Points.Select(p => p.Parameter).ToArray(), diagram.Points.Select(p => p.U0).ToArray(), SeriesKind.Scatter) };
        foreach (var o in overlays)
        {
            series.Add(new Series($"pinn discover: {Path.GetFileName(Path.TrimEndingDirectorySeparator(o.Directory))}", o.U0.Select(_ => o.Value).ToArray(), o.U0.ToArray(), SeriesKind.Scatter));
        }

        return new Chart(string.Create(CultureInfo.InvariantCulture, $"Radial solutions of {problemName} against {diagram.Parameter}"), new Axis(diagram.Parameter), new Axis("u(0)"), series);
    }
}
