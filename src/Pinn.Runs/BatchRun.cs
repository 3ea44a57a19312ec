using System.Globalization;
using System.Numerics;
using Pinn.Core.Configuration;
using Pinn.Core.IO;
using Pinn.Core.Training;
using Pinn.Runs.Configuration;
using Pinn.Runs.Files;
using Pinn.Shooting;

namespace Pinn.Runs;

/// <summary>
/// A batch solve inside a run directory: <see cref="Start"/> writes the resolved config, the catalog and the log
/// headers and sets up the trainer; <see cref="Resume"/> continues from the checkpoint; <see cref="Train"/> trains with
/// metrics, bounces and checkpoints written as it goes and, when the run finishes, classifies the members and writes
/// summary.json, slices.csv, the plots and report.html. A cancelled run saves its checkpoint and can be resumed bit
/// for bit.
/// </summary>
public sealed class BatchRun : IDisposable
{
    private readonly ITrainer session;
    private readonly MetricsLog log;
    private readonly RunLock runLock;

    private BatchRun(RunConfig config, RunDirectory directory, MetricsLog log, RunLock runLock)
    {
        Config = config;
        Directory = directory;
        this.log = log;
        this.runLock = runLock;
        var training = config.TrainingProblem;
        session = RunSession.Start(training, config.Options);
    }

    /// <summary>The configuration.</summary>
    public RunConfig Config { get; }

    /// <summary>The run directory.</summary>
    public RunDirectory Directory { get; }

    /// <summary>Steps done.</summary>
    public long Step => session.Step;

    /// <summary>A description of the compute backend.</summary>
    public string BackendName => session.BackendName;

    /// <summary>Whether every step is done.</summary>
    public bool Finished => Step >= Config.Options.TotalSteps;

    /// <summary>Starts a run in a new (or empty) directory, which it holds locked until disposed.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="directory">The run directory; null for the config's, else runs/&lt;name&gt;-&lt;timestamp&gt;.</param>
    /// <param name="note">Receives one-line notes (the catalog found); may be null.</param>
    /// <param name="overwrite">Replace the files of a run already in the directory instead of refusing.</param>
    /// <exception cref="RunDirectoryException">The directory holds another run's files, or another process is using it.</exception>
    public static BatchRun Start(RunConfig config, string? directory = null, Action<string>? note = null, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        ComputeDevices.Open(config.Options.Training); // before anything is written: an absent GPU leaves no half-made run directory
        RunMemory.Check(config.Options, config.Problem.Dimension); // likewise a run too large for this machine
        var dir = new RunDirectory(directory ?? config.OutputDirectory ?? RunDirectory.Default(config.Name));
        var runLock = RunLock.Acquire(dir.Path);
        try
        {
            var existing = dir.ExistingRunFiles();
            if (existing.Count > 0 && !overwrite)
            {
                throw new RunDirectoryException(File.Exists(dir.Checkpoint)
                    ? $"the run directory '{dir.Path}' already holds a run: continue it (pinn resume {dir.Path}), choose another directory, or overwrite it (--force)."
                    : $"the run directory '{dir.Path}' already holds run files ({string.Join(", ", existing)}): choose another directory, or overwrite them (--force).");
            }

            foreach (var stale in new[] { dir.Checkpoint, dir.Summary, dir.Slices, dir.Report })
            {
                File.Delete(stale);
            }

            return Create(config, dir, note, runLock);
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    private static BatchRun Create(RunConfig config, RunDirectory dir, Action<string>? note, RunLock runLock)
    {
        AtomicFile.WriteText(dir.Config, RunConfigWriter.Write(config));
        var (catalog, text) = BatchSolver.CatalogFor(config.Problem, config.Shooting);
        SolutionCatalogFile.Save(dir.Catalog, catalog, config.Problem.Dimension);
        note?.Invoke(BatchSolver.CatalogLine(catalog, text, "G10"));
        var log = new MetricsLog(dir, config.Problem.KnownSolutions.Keys);
        log.Create();
        var run = new BatchRun(config, dir, log, runLock);
        try
        {
            run.SaveCheckpoint(); // at step 0: a run killed before its first periodic checkpoint can be resumed
        }
        catch
        {
            run.session.Dispose();
            throw;
        }

        return run;
    }

    /// <summary>Saves the checkpoint, after recording the files it goes with (files.json).</summary>
    private void SaveCheckpoint()
    {
        RunIntegrity.Record(Directory, session.Identity, session.Step, finished: false);
        session.Save(Directory.Checkpoint);
    }

    /// <summary>Continues a run from its checkpoint, holding its directory locked until disposed.</summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="steps">A new first-order step count (to extend a run), or null; never fewer than already done.</param>
    /// <exception cref="FileNotFoundException">The directory has no config.json or checkpoint.bin.</exception>
    /// <exception cref="InvalidDataException">A file the run needs is damaged.</exception>
    /// <exception cref="OptionsValidationException">The new step count is invalid or below the steps done; nothing was changed.</exception>
    public static BatchRun Resume(string directory, long? steps = null)
    {
        var dir = new RunDirectory(directory);
        RunDirectory.CheckExisting(dir.Path);
        var runLock = RunLock.Acquire(dir.Path);
        try
        {
            if (!File.Exists(dir.Config))
            {
                throw new FileNotFoundException($"'{directory}' is not a resumable run directory: it has no config.json (written by pinn batch or solve).");
            }

            if (!File.Exists(dir.Checkpoint) && File.Exists(Path.Combine(dir.Path, ShardMerge.MergeFileName)))
            {
                throw new FileNotFoundException($"'{directory}' is a merged run (merge.json): it has no checkpoint of its own; resume its shards (pinn resume SHARD-DIR), then merge again.");
            }

            if (!File.Exists(dir.Checkpoint))
            {
                throw new FileNotFoundException($"'{directory}' has no checkpoint.bin: the run was stopped before it started training (or the file was deleted). Start it again in the same directory: pinn batch {Path.Combine(directory, "config.json")} --out {directory} --force");
            }

            if (!File.Exists(dir.Catalog))
            {
                throw new FileNotFoundException($"'{directory}' has no catalog.json, which the run classifies its members against: restore it, or start the run again (pinn batch {Path.Combine(directory, "config.json")} --out {directory} --force).");
            }

            // Every file the run will need is read (and checked) before anything is changed or trained.
            var config = RunConfigReader.ReadRunDirectory(dir.Config);
            SolutionCatalogFile.Load(dir.Catalog);
            ComputeDevices.Open(config.Options.Training); // before anything is written: an absent GPU leaves no half-made run directory
            long original = config.Options.Training.Steps;
            if (steps is long s)
            {
                config = config with { Options = (config.Options with { Training = config.Options.Training with { Steps = s } }).Validate() };
            }

            var log = new MetricsLog(dir, config.Problem.KnownSolutions.Keys);
            var run = new BatchRun(config, dir, log, runLock);
            Files.RunManifest? manifest;
            try
            {
                run.session.Load(dir.Checkpoint);
                manifest = RunIntegrity.CheckForResume(dir, run.session.Identity, run.Step);
                if (manifest is null)
                {
                    log.CheckReadable(); // a directory from a pinn without files.json: at least readable logs
                }
            }
            catch
            {
                run.session.Dispose();
                throw;
            }

            if (steps is long requested && requested != original)
            {
                string? refusal = run.session.Polishing
                    ? string.Create(CultureInfo.InvariantCulture, $"Steps cannot change once a run is in its polishing phase (it did its {original} first-order steps).")
                    : requested < run.Step
                        ? string.Create(CultureInfo.InvariantCulture, $"Steps ({requested}) must not be fewer than the {run.Step} steps this run has done.")
                        : null;
                if (refusal is not null)
                {
                    run.session.Dispose();
                    throw new OptionsValidationException(nameof(TrainingOptions.Steps), refusal);
                }

                RunIntegrity.CutAppended(dir, manifest);
                log.TruncateAfter(run.Step);
                AtomicFile.WriteText(dir.Config, RunConfigWriter.Write(config));
                RunIntegrity.Record(dir, run.session.Identity, run.Step, finished: false);
                return run;
            }

            RunIntegrity.CutAppended(dir, manifest);
            log.TruncateAfter(run.Step);
            return run;
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    /// <summary>Trains to the end (or until cancelled) and, when finished, classifies and writes every result file.</summary>
    /// <param name="observer">Progress display (metrics and bounces are logged to the run directory in any case); may be null.</param>
    /// <param name="cancellation">Stops after the current step and saves the checkpoint.</param>
    /// <returns>The result (also when every member stopped early), or null when cancelled before the end (the checkpoint is saved).</returns>
    public BatchResult? Train(ITrainingObserver? observer = null, CancellationToken cancellation = default)
    {
        session.Run(new CompositeTrainingObserver(log, observer), SaveCheckpoint, cancellation);
        if (cancellation.IsCancellationRequested && !Finished)
        {
            SaveCheckpoint();
            return null;
        }

        var catalog = SolutionCatalogFile.Load(Directory.Catalog);
        var result = BatchSolver.Classify(session, Config.Problem, catalog);
        RunFile.Write(Directory.Summary, result.ToSummary(), RunFilesJsonContext.Default.RunSummary);
        result.Slices.Write(Directory.Slices);
        RunIntegrity.Record(Directory, session.Identity, session.Step, finished: true);
        RunReport.Build(Directory);
        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        session.Dispose();
        runLock.Dispose();
    }
}
