using System.Globalization;
using System.Numerics;
using Pinn.Core.IO;
using Pinn.Core.Training;
using Pinn.Runs.Configuration;
using Pinn.Runs.Files;
using Pinn.Shooting;

namespace Pinn.Runs;

/// <summary>
/// A batch solve inside a run directory: <see cref="Start"/> writes the resolved config, the catalogue and the log
/// headers and sets up the trainer; <see cref="Resume"/> continues from the checkpoint; <see cref="Train"/> trains with
/// metrics, bounces and checkpoints written as it goes and, when the run finishes, classifies the members and writes
/// summary.json, slices.csv, the plots and report.html. A cancelled run saves its checkpoint and can be resumed bit
/// for bit.
/// </summary>
public sealed class BatchRun : IDisposable
{
    private readonly ISession session;
    private readonly MetricsLog log;

    private BatchRun(RunConfig config, RunDirectory directory, MetricsLog log)
    {
        Config = config;
        Directory = directory;
        this.log = log;
        var training = config.TrainingProblem;
        session = config.Options.Training.Precision == Precision.F32
            ? new Session<float>(new Trainer<float>(training, config.Options))
            : new Session<double>(new Trainer<double>(training, config.Options));
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

    /// <summary>Starts a run in a new (or empty) directory.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="directory">The run directory; null for the config's, else runs/&lt;name&gt;-&lt;timestamp&gt;.</param>
    /// <param name="note">Receives one-line notes (the catalogue found); may be null.</param>
    /// <exception cref="ArgumentException">The directory already holds a run.</exception>
    public static BatchRun Start(RunConfig config, string? directory = null, Action<string>? note = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var dir = new RunDirectory(directory ?? config.OutputDirectory ?? RunDirectory.Default(config.Name));
        if (File.Exists(dir.Checkpoint))
        {
            throw new ArgumentException($"the run directory '{dir.Path}' already holds a run: continue it (pinn resume {dir.Path}) or choose another directory.");
        }

        System.IO.Directory.CreateDirectory(dir.Path);
        AtomicFile.WriteText(dir.Config, RunConfigWriter.Write(config));
        var (catalog, text) = BatchSolver.Catalogue(config.Problem, config.Shooting);
        SolutionCatalogFile.Save(dir.Catalog, catalog, config.Problem.Dimension);
        note?.Invoke($"catalogue: {text}: {string.Join(", ", catalog.Entries.Select(e => e.U0 is double u0 ? string.Create(CultureInfo.InvariantCulture, $"{e.Name} (u(0) = {u0:G10})") : e.Name))}");
        var log = new MetricsLog(dir, config.Problem.KnownSolutions.Keys);
        log.Create();
        return new BatchRun(config, dir, log);
    }

    /// <summary>Continues a run from its checkpoint.</summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="steps">A new first-order step count (to extend a finished run), or null.</param>
    /// <exception cref="FileNotFoundException">The directory has no config.json or checkpoint.bin.</exception>
    public static BatchRun Resume(string directory, long? steps = null)
    {
        var dir = new RunDirectory(directory);
        if (!File.Exists(dir.Config) || !File.Exists(dir.Checkpoint))
        {
            throw new FileNotFoundException($"'{directory}' is not a resumable run directory: it needs config.json and checkpoint.bin (written by a batch run).");
        }

        var config = RunConfigReader.ReadFile(dir.Config);
        if (steps is long s)
        {
            config = config with { Options = (config.Options with { Training = config.Options.Training with { Steps = s } }).Validate() };
            AtomicFile.WriteText(dir.Config, RunConfigWriter.Write(config));
        }

        var log = new MetricsLog(dir, config.Problem.KnownSolutions.Keys);
        var run = new BatchRun(config, dir, log);
        run.session.Load(dir.Checkpoint);
        log.TruncateAfter(run.Step);
        return run;
    }

    /// <summary>Trains to the end (or until cancelled) and, when finished, classifies and writes every result file.</summary>
    /// <param name="observer">Progress display (metrics and bounces are logged to the run directory in any case); may be null.</param>
    /// <param name="cancellation">Stops after the current step and saves the checkpoint.</param>
    /// <returns>The result (also when every member stopped early), or null when cancelled before the end (the checkpoint is saved).</returns>
    public BatchResult? Train(ITrainingObserver? observer = null, CancellationToken cancellation = default)
    {
        session.Run(new CompositeTrainingObserver(log, observer), Directory.Checkpoint, cancellation);
        if (cancellation.IsCancellationRequested && !Finished)
        {
            session.Save(Directory.Checkpoint);
            return null;
        }

        var catalog = SolutionCatalogFile.Load(Directory.Catalog);
        var result = session.Classify(Config, catalog);
        RunFile.Write(Directory.Summary, result.ToSummary(), RunFilesJsonContext.Default.RunSummary);
        result.Slices.Write(Directory.Slices);
        RunReport.Build(Directory);
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => session.Dispose();

    private interface ISession : IDisposable
    {
        long Step { get; }

        string BackendName { get; }

        void Run(ITrainingObserver observer, string checkpoint, CancellationToken cancellation);

        void Save(string path);

        void Load(string path);

        BatchResult Classify(RunConfig config, SolutionCatalog catalog);
    }

    private sealed class Session<T>(Trainer<T> trainer) : ISession
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public long Step => trainer.Step;

        public string BackendName => trainer.BackendName;

        public void Run(ITrainingObserver observer, string checkpoint, CancellationToken cancellation) =>
            trainer.Run(observer, t => t.Save(checkpoint), cancellation);

        public void Save(string path) => trainer.Save(path);

        public void Load(string path) => trainer.Load(path);

        public BatchResult Classify(RunConfig config, SolutionCatalog catalog) => BatchSolver.Classify(trainer, config.Problem, catalog);

        public void Dispose() => trainer.Dispose();
    }
}
