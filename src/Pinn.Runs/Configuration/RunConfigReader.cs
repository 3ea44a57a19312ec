using System.Globalization;
using Pinn.Core.Configuration;
using Pinn.Core.Geometry;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;
using Pinn.Problems.Configuration;
using Pinn.Shooting;
using Pinn.Shooting.Disk;

namespace Pinn.Runs.Configuration;

/// <summary>
/// Reads a run configuration (docs/problem-format.md): sections <c>problem</c>, <c>network</c>, <c>points</c>,
/// <c>loss</c>, <c>optimizer</c>, <c>training</c>, <c>ensemble</c>, <c>polish</c> (optional), <c>continuation</c> (optional),
/// <c>deflation</c> (optional), <c>discovery</c> (optional), <c>shooting</c>, <c>output</c>, and <c>preset</c> (optional:
/// <c>default</c> or <c>paper</c>). Every field has a default, its preset's (<see cref="RunPresets"/>): a file holding only
/// <c>problem</c> is a complete run, Gauss–Newton polishing included (<c>"polish": { "kind": "none" }</c> turns it off).
/// Unknown keys and bad values are <see cref="ConfigurationException"/>s naming the JSON path.
/// </summary>
public static class RunConfigReader
{
    /// <summary>Reads a configuration file.</summary>
    /// <param name="path">The file.</param>
    public static RunConfig ReadFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' is a directory, not a configuration file: give one of the JSON files in it{(Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal).FirstOrDefault() is string first ? $", e.g. {first}" : string.Empty)}.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"configuration file '{path}' does not exist (the files shipped with Pinn are in problems/).");
        }

        return Read(ReadText(path), Path.GetFileNameWithoutExtension(path), path);
    }

    /// <summary>
    /// Reads the config.json of a run directory: the resolved configuration a run wrote (<see cref="RunConfigWriter"/>,
    /// every field explicit). There an absent <c>polish</c> section means a run without polishing, as written before
    /// polishing was on by default, so that such a run still resumes, merges and plots as the run it was.
    /// </summary>
    /// <param name="path">The run directory's config.json.</param>
    public static RunConfig ReadRunDirectory(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' does not exist: a run directory holds the config.json its run wrote.");
        }

        return Read(ReadText(path), Path.GetFileNameWithoutExtension(path), path, runDirectory: true);
    }

    /// <summary>The largest configuration file read (configurations are a few kilobytes).</summary>
    public const int MaximumBytes = 4 << 20;

    /// <summary>
    /// A configuration file's text: at most <see cref="MaximumBytes"/>, from a regular file (a device or pipe such as
    /// /dev/zero is refused instead of read forever), strictly UTF-8 (invalid bytes are refused, never replaced).
    /// </summary>
    private static string ReadText(string path)
    {
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None))
        {
            long declared = stream.CanSeek ? stream.Length : -1;
            var buffer = new MemoryStream();
            var chunk = new byte[1 << 16];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaximumBytes)
                {
                    throw new InvalidDataException(declared == 0
                        ? $"'{path}' is not a regular file (it reads on without end, like a device or pipe): give a configuration file."
                        : $"configuration file '{path}' is larger than {MaximumBytes >> 20} MiB: a configuration is a few kilobytes of JSON.");
                }
            }

            bytes = buffer.ToArray();
        }

        int start = bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }) ? 3 : 0;
        try
        {
            return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, start, bytes.Length - start);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            throw new InvalidDataException($"configuration file '{path}' is not valid UTF-8{(e.Index >= 0 ? string.Create(CultureInfo.InvariantCulture, $" (at byte {start + e.Index})") : string.Empty)}: save it as UTF-8.", e);
        }
    }

    /// <summary>Reads configuration text.</summary>
    /// <param name="json">The JSON.</param>
    /// <param name="name">The configuration's name.</param>
    /// <param name="source">Where it came from, for messages.</param>
    public static RunConfig Read(string json, string name, string source = "config") => Read(json, name, source, runDirectory: false);

    /// <summary>
    /// Reads a run file, or (<paramref name="runDirectory"/>) a run directory's config.json, which may have been written
    /// before a setting existed: there an absent section or field means what the run did then (no polishing, independent
    /// polishing points, the time step as given), not today's default.
    /// </summary>
    private static RunConfig Read(string json, string name, string source, bool runDirectory)
    {
        var root = JsonSection.ParseDocument(json, source);
        var problemSection = root.Section("problem") ?? throw new ConfigurationException("$.problem", "is required: describe the PDE there (see docs/problem-format.md).");
        var problem = ProblemJson.Read(problemSection);
        string presetName = root.String("preset", RunPresets.Name(RunPreset.Default))!;
        if (!RunPresets.TryParse(presetName, out var preset))
        {
            throw new ConfigurationException(root.PathOf("preset"), $"unknown preset '{presetName}': use {string.Join(" or ", Enum.GetValues<RunPreset>().Select(RunPresets.Name))} (or leave it out for the defaults).");
        }

        // Every default comes from the preset (the default preset: the options records' parameterless instances).
        var d = RunPresets.Of(preset);
        var network = Guard(root, "network", s => ReadNetwork(s, d.Network));
        var points = Guard(root, "points", s => ReadPoints(s, d.Points));
        var loss = Guard(root, "loss", s => ReadLoss(s, d.Loss));
        var optimizer = Guard(root, "optimizer", s => ReadOptimizer(s, d.Optimizer, runDirectory));
        var training = Guard(root, "training", s => ReadTraining(s, d.Training));
        var ensemble = Guard(root, "ensemble", s => new EnsembleOptions((int)s.Integer("members", d.Ensemble.Members), s.Boolean("sameInitialization", d.Ensemble.SameInitialization)).Validate());
        var polish = root.Section("polish") is null
            ? runDirectory ? null : d.Polish as GaussNewtonOptions
            : Guard(root, "polish", s => ReadPolish(s, d.Polish as GaussNewtonOptions ?? new GaussNewtonOptions(), runDirectory));
        var continuation = root.Section("continuation") is null ? null : Guard(root, "continuation", s => ReadContinuation(s, problem, polish));
        var shooting = Guard(root, "shooting", s => ReadShooting(s, new ShootingOptions()));
        var deflation = root.Section("deflation") is null ? null : Guard(root, "deflation", s => ReadDeflation(s, new DeflationOptions()));
        var discovery = root.Section("discovery") is null ? null : Guard(root, "discovery", s => ReadDiscovery(s, new DiscoveryOptions()));
        var shard = root.Section("shard") is null ? null : Guard(root, "shard", s => new ShardOptions((int)s.Integer("index", 0), (int)s.Integer("count", 1)).Validate());
        string? output = null;
        if (root.Section("output") is { } o)
        {
            output = o.String("directory");
            if (output is not null && string.IsNullOrWhiteSpace(output))
            {
                throw new ConfigurationException(o.PathOf("directory"), "is empty: give a directory path, or leave the key out for the default runs/<name>-<date>.");
            }

            o.RejectUnknownKeys(["directory"]);
        }

        root.RejectUnknownKeys(["preset", "problem", "network", "points", "loss", "optimizer", "training", "ensemble", "polish", "continuation", "deflation", "discovery", "shooting", "output", "shard"]);
        var options = new RunOptions(network, points, loss, optimizer, training, ensemble, polish, continuation, deflation, shard);
        try
        {
            options.Validate();
        }
        catch (OptionsValidationException e) when (e.Property == nameof(RunOptions.Shard))
        {
            throw new ConfigurationException("$.shard.count", e.Reason);
        }

        return new RunConfig(name, problem, options, shooting, output, discovery);
    }

    private static TResult Guard<TResult>(JsonSection root, string key, Func<JsonSection, TResult> read)
    {
        var section = root.Section(key);
        var s = section ?? new JsonSection(System.Text.Json.JsonDocument.Parse("{}").RootElement.Clone(), root.PathOf(key));
        try
        {
            var result = read(s);
            s.RejectUnknownKeys();
            return result;
        }
        catch (OptionsValidationException e)
        {
            var (field, hint) = JsonKeyOf(e.Property);
            throw new ConfigurationException(s.PathOf(field), e.Reason + hint);
        }
    }

    /// <summary>
    /// The one table from an options record's property to its JSON key (camelCase of the property unless listed),
    /// with advice that only makes sense in a config file.
    /// </summary>
    private static (string Key, string Hint) JsonKeyOf(string property) => property switch
    {
        nameof(BbiOptions.FixedBouncePeriod) => ("t0", " In a config file, \"noBounces\": true disables bounces."),
        nameof(BbiOptions.ProgressBounceThreshold) => ("t1", string.Empty),
        nameof(BbiOptions.FixedBounceCount) => ("nb", string.Empty),
        nameof(RunOptions.Continuation) => ("continuation", string.Empty),
        _ => (char.ToLowerInvariant(property[0]) + property[1..], string.Empty),
    };

    private static NetworkOptions ReadNetwork(JsonSection s, NetworkOptions d) =>
        new NetworkOptions((int)s.Integer("width", d.Width), (int)s.Integer("depth", d.Depth), ParseActivation(s, d.Activation)).Validate();

    private static PointOptions ReadPoints(JsonSection s, PointOptions d) =>
        new PointOptions((int)s.Integer("interior", d.Interior), (int)s.Integer("boundary", d.Boundary), s.Integer("resampleEvery", d.ResampleEvery), (int)s.Integer("validation", d.Validation)).Validate();

    private static LossOptions ReadLoss(JsonSection s, LossOptions d) =>
        new LossOptions(s.Number("boundaryWeight", d.BoundaryWeight), s.Number("weightDecay", d.WeightDecay), s.Boolean("residualOnBoundary", d.ResidualOnBoundary)).Validate();

    private static TrainingOptions ReadTraining(JsonSection s, TrainingOptions d)
    {
        long seed = s.Integer("seed", (long)d.Seed);
        if (seed < 0)
        {
            throw new OptionsValidationException(nameof(TrainingOptions.Seed), TrainingOptions.SeedRule(seed.ToString(CultureInfo.InvariantCulture)));
        }

        return new TrainingOptions(
            s.Integer("steps", d.Steps), s.Integer("evaluateEvery", d.EvaluateEvery), s.Integer("checkpointEvery", d.CheckpointEvery), (ulong)seed,
            ParsePrecision(s, d.Precision), (int)s.Integer("threads", d.Threads), ParseDevice(s, d.Device)).Validate();
    }

    /// <summary>The shooting section; without a minimum or maximum the range is grown from the problem (growRange).</summary>
    private static ShootingOptions ReadShooting(JsonSection s, ShootingOptions d) =>
        (d with
        {
            Minimum = s.Number("minimum", d.Minimum),
            Maximum = s.Number("maximum", d.Maximum),
            ScanPoints = (int)s.Integer("scanPoints", d.ScanPoints),
            GrowRange = s.Boolean("growRange", !s.Has("minimum") && !s.Has("maximum")),
            Disk = s.Section("disk") is { } disk ? Guard(s, "disk", k => ReadDisk(k, d.DiskOptions)) : d.Disk,
        }).Validate();

    /// <summary>The disk solver's settings (<c>shooting.disk</c>).</summary>
    private static DiskSolverOptions ReadDisk(JsonSection s, DiskSolverOptions d) =>
        new DiskSolverOptions(
            (int)s.Integer("radialPoints", d.RadialPoints), (int)s.Integer("angularPoints", d.AngularPoints), s.Number("tolerance", d.Tolerance),
            (int)s.Integer("maxIterations", d.MaxIterations), s.Number("deflationPower", d.DeflationPower), s.Number("deflationShift", d.DeflationShift),
            s.Boolean("nonRadialSearch", d.NonRadialSearch)).Validate();

    private static DeflationOptions ReadDeflation(JsonSection s, DeflationOptions d) =>
        new DeflationOptions(s.Number("power", d.Power), s.Number("shift", d.Shift), (int)s.Integer("points", d.Points), s.Boolean("firstOrder", d.FirstOrder)).Validate();

    private static DiscoveryOptions ReadDiscovery(JsonSection s, DiscoveryOptions d) =>
        new DiscoveryOptions((int)s.Integer("maximumMembers", d.MaximumMembers), (int)s.Integer("patience", d.Patience), s.Number("lossTolerance", d.LossTolerance), s.Number("distanceThreshold", d.DistanceThreshold), s.NumberOrAuto("offsetStep", d.OffsetStep), s.Number("distanceFloor", d.DistanceFloor), s.Boolean("exploreEveryRound", d.ExploreEveryRound), s.Number("deflatedLearningRate", d.DeflatedLearningRate), (int)s.Integer("finalPasses", d.FinalPasses)).Validate();

    private static Activation ParseActivation(JsonSection s, Activation fallback) => s.String("activation", fallback.ToString().ToLowerInvariant()) switch
    {
        "sigmoid" => Activation.Sigmoid,
        "tanh" => Activation.Tanh,
        "sin" => Activation.Sin,
        var other => throw new ConfigurationException(s.PathOf("activation"), $"unknown activation '{other}': use sigmoid, tanh or sin."),
    };

    private static ComputeDevice ParseDevice(JsonSection s, ComputeDevice fallback)
    {
        string name = s.String("device", ComputeDeviceNames.Name(fallback))!;
        return ComputeDeviceNames.TryParse(name, out var device)
            ? device
            : throw new ConfigurationException(s.PathOf("device"), $"unknown device '{name}': use {ComputeDeviceNames.Choices} (see docs/gpu.md).");
    }

    private static Precision ParsePrecision(JsonSection s, Precision fallback) => s.String("precision", fallback == Precision.F64 ? "f64" : "f32") switch
    {
        "f32" => Precision.F32,
        "f64" => Precision.F64,
        var other => throw new ConfigurationException(s.PathOf("precision"), $"unknown precision '{other}': use f32 or f64."),
    };

    /// <summary>The polish section; in a run directory's config.json an absent sampling is random (what runs did before the setting existed).</summary>
    private static GaussNewtonOptions? ReadPolish(JsonSection s, GaussNewtonOptions d, bool runDirectory)
    {
        string kind = s.String("kind", GaussNewtonOptions.KindName)!;
        if (kind == NoPolish)
        {
            return null;
        }

        if (kind != GaussNewtonOptions.KindName)
        {
            throw new ConfigurationException(s.PathOf("kind"), $"unknown polishing method '{kind}': use gauss-newton, or none for a first-order-only run.");
        }

        return new GaussNewtonOptions(
            Iterations: s.Integer("iterations", d.Iterations),
            InteriorPoints: (int)s.Integer("interiorPoints", d.InteriorPoints),
            BoundaryPoints: (int)s.Integer("boundaryPoints", d.BoundaryPoints),
            ResampleEvery: s.Integer("resampleEvery", d.ResampleEvery),
            WeightDecay: s.Number("weightDecay", d.WeightDecay),
            InitialDamping: s.Number("initialDamping", d.InitialDamping),
            MinimumDamping: s.Number("minimumDamping", d.MinimumDamping),
            MaximumDamping: s.Number("maximumDamping", d.MaximumDamping),
            Tolerance: s.Number("tolerance", d.Tolerance),
            Space: ParseSpace(s, d.Space),
            Sampling: ParseSampling(s, runDirectory ? PointSampling.Random : d.Sampling)).Validate();
    }

    private static PointSampling ParseSampling(JsonSection s, PointSampling fallback) => s.String("sampling", fallback.ToString().ToLowerInvariant()) switch
    {
        "halton" => PointSampling.Halton,
        "random" => PointSampling.Random,
        var other => throw new ConfigurationException(s.PathOf("sampling"), $"unknown sampling '{other}': use halton (evenly spread points, shifted at every draw) or random (independent uniform points)."),
    };

    private static GaussNewtonSpace ParseSpace(JsonSection s, GaussNewtonSpace fallback) => s.String("space", fallback.ToString().ToLowerInvariant()) switch
    {
        "auto" => GaussNewtonSpace.Auto,
        "samples" => GaussNewtonSpace.Samples,
        "parameters" => GaussNewtonSpace.Parameters,
        var other => throw new ConfigurationException(s.PathOf("space"), $"unknown space '{other}': use auto (the smaller system), samples or parameters."),
    };

    private static ContinuationOptions ReadContinuation(JsonSection s, NonlinearPoisson problem, GaussNewtonOptions? polish)
    {
        if (polish is null)
        {
            throw new ConfigurationException(s.Path, "needs a polishing phase: continuation stages are polishing stages (polish.kind is none here).");
        }

        string parameter = s.String("parameter") ?? throw new ConfigurationException(s.PathOf("parameter"), "is required: the name of the problem parameter to continue in (e.g. \"k\").");
        var values = s.NumberList("values") ?? throw new ConfigurationException(s.PathOf("values"), "is required: the parameter's values before the problem's own, e.g. [5, 10, 15].");
        var d = new ContinuationOptions(parameter, values);
        var continuation = (d with { StageIterations = s.Integer("stageIterations", d.StageIterations), StageDamping = s.Number("stageDamping", d.StageDamping) }).Validate();
        return continuation.MismatchWith(problem.Parameters) is { } mismatch ? throw new ConfigurationException(s.PathOf("parameter"), mismatch) : continuation;
    }

    /// <summary>The <c>polish.kind</c> of a run without a polishing phase.</summary>
    public const string NoPolish = "none";

    /// <summary>
    /// The optimizer section. BBI's <c>lossScale</c> defaults to the preset's unless the file gives <c>timeStep</c> (a time
    /// step given is taken as it is) or is a run directory's config.json from before the field (its runs stepped unscaled).
    /// </summary>
    private static IOptimizerOptions ReadOptimizer(JsonSection s, IOptimizerOptions preset, bool runDirectory)
    {
        string kind = s.String("kind", preset.Kind)!;
        switch (kind)
        {
            case "bbi":
            {
                var d = preset as BbiOptions ?? new BbiOptions();
                var o = new BbiOptions(
                    TimeStep: s.Number("timeStep", d.TimeStep),
                    ExtraEnergy: s.Number("extraEnergy", d.ExtraEnergy),
                    EnergyShift: s.Number("energyShift", d.EnergyShift),
                    FixedBouncePeriod: s.Integer("t0", d.FixedBouncePeriod),
                    ProgressBounceThreshold: s.Integer("t1", d.ProgressBounceThreshold),
                    FixedBounceCount: s.Integer("nb", d.FixedBounceCount),
                    ConserveEnergy: s.Boolean("conserveEnergy", d.ConserveEnergy),
                    Initialization: s.String("initialization", d.Initialization == MomentumInitialization.Global ? "global" : "per-block") switch
                    {
                        "per-block" => MomentumInitialization.PerBlock,
                        "global" => MomentumInitialization.Global,
                        var other => throw new ConfigurationException(s.PathOf("initialization"), $"unknown initialization '{other}': use per-block or global."),
                    },
                    AdaptiveShift: s.Boolean("adaptiveShift", d.AdaptiveShift),
                    LossScale: s.Number("lossScale", s.Has("timeStep") || runDirectory ? 0 : d.LossScale));
                return (s.Boolean("noBounces", false) ? o.NoBounces() : o).Validate();
            }

            case "adam":
            {
                var d = preset as AdamOptions ?? new AdamOptions();
                return new AdamOptions(s.Number("learningRate", d.LearningRate), s.Number("beta1", d.Beta1), s.Number("beta2", d.Beta2), s.Number("epsilon", d.Epsilon), s.Number("weightDecay", d.WeightDecay)).Validate();
            }

            case "gdm":
            {
                var d = preset as GradientDescentMomentumOptions ?? new GradientDescentMomentumOptions();
                return new GradientDescentMomentumOptions(s.Number("learningRate", d.LearningRate), s.Number("momentum", d.Momentum), s.Number("dampening", d.Dampening), s.Number("weightDecay", d.WeightDecay)).Validate();
            }

            default:
                throw new ConfigurationException(s.PathOf("kind"), $"unknown optimizer '{kind}': use bbi, adam or gdm.");
        }
    }
}
