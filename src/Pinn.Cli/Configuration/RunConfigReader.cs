using Pinn.Core.Configuration;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;
using Pinn.Shooting;

namespace Pinn.Cli.Configuration;

/// <summary>
/// Reads a run configuration (docs/problem-format.md): sections <c>problem</c>, <c>network</c>, <c>points</c>,
/// <c>loss</c>, <c>optimizer</c>, <c>training</c>, <c>ensemble</c>, <c>polish</c> (optional), <c>shooting</c>, <c>output</c>. Every field has a
/// default; unknown keys and bad values are <see cref="ConfigurationException"/>s naming the JSON path.
/// </summary>
public static class RunConfigReader
{
    /// <summary>Reads a configuration file.</summary>
    /// <param name="path">The file.</param>
    public static RunConfig ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"configuration file '{path}' does not exist (the files shipped with Pinn are in problems/).");
        }

        return Read(File.ReadAllText(path), Path.GetFileNameWithoutExtension(path), path);
    }

    /// <summary>Reads configuration text.</summary>
    /// <param name="json">The JSON.</param>
    /// <param name="name">The configuration's name.</param>
    /// <param name="source">Where it came from, for messages.</param>
    public static RunConfig Read(string json, string name, string source = "config")
    {
        var root = JsonSection.ParseDocument(json, source);
        var problemSection = root.Section("problem") ?? throw new ConfigurationException("$.problem", "is required: describe the PDE there (see docs/problem-format.md).");
        var problem = ProblemJson.Read(problemSection);
        var network = Guard(root, "network", s => new NetworkOptions(
            (int)s.Integer("width", 200), (int)s.Integer("depth", 3), ParseActivation(s)).Validate());
        var points = Guard(root, "points", s => new PointOptions(
            (int)s.Integer("interior", 10_000), (int)s.Integer("boundary", 1_000), s.Integer("resampleEvery", 0), (int)s.Integer("validation", 2_000)).Validate());
        var loss = Guard(root, "loss", s => new LossOptions(s.Number("boundaryWeight", 1e5), s.Number("weightDecay", 2e-4), s.Boolean("residualOnBoundary", false)).Validate());
        var optimizer = Guard(root, "optimizer", ReadOptimizer);
        var training = Guard(root, "training", s => new TrainingOptions(
            s.Integer("steps", 2_000_000), s.Integer("evaluateEvery", 1000), s.Integer("checkpointEvery", 10_000), (ulong)s.Integer("seed", 42), ParsePrecision(s), (int)s.Integer("threads", 0), s.String("device", "cpu")!).Validate());
        var ensemble = Guard(root, "ensemble", s => new EnsembleOptions((int)s.Integer("members", 1), s.Boolean("sameInitialization", true)).Validate());
        var polish = root.Section("polish") is null ? null : Guard(root, "polish", ReadPolish);
        var shooting = Guard(root, "shooting", s => new ShootingOptions(s.Number("minimum", -50), s.Number("maximum", 50), (int)s.Integer("scanPoints", 401)).Validate());
        string? output = null;
        if (root.Section("output") is { } o)
        {
            output = o.String("directory");
            o.RejectUnknownKeys(["directory"]);
        }

        root.RejectUnknownKeys(["problem", "network", "points", "loss", "optimizer", "training", "ensemble", "polish", "shooting", "output"]);
        return new RunConfig(name, problem, new RunOptions(network, points, loss, optimizer, training, ensemble, polish), shooting, output);
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
        catch (ArgumentOutOfRangeException e) when (e.ParamName is not null)
        {
            string field = char.ToLowerInvariant(e.ParamName[0]) + e.ParamName[1..];
            field = field switch
            {
                "fixedBouncePeriod" => "t0",
                "progressBounceThreshold" => "t1",
                "fixedBounceCount" => "nb",
                _ => field,
            };
            throw new ConfigurationException(s.PathOf(field), e.Message.Split(" (Parameter")[0].Split(Environment.NewLine)[0]);
        }
    }

    private static Activation ParseActivation(JsonSection s) => s.String("activation", "sigmoid") switch
    {
        "sigmoid" => Activation.Sigmoid,
        "tanh" => Activation.Tanh,
        "sin" => Activation.Sin,
        var other => throw new ConfigurationException(s.PathOf("activation"), $"unknown activation '{other}': use sigmoid, tanh or sin."),
    };

    private static Precision ParsePrecision(JsonSection s) => s.String("precision", "f32") switch
    {
        "f32" => Precision.F32,
        "f64" => Precision.F64,
        var other => throw new ConfigurationException(s.PathOf("precision"), $"unknown precision '{other}': use f32 or f64."),
    };

    private static GaussNewtonOptions ReadPolish(JsonSection s)
    {
        string kind = s.String("kind", "gauss-newton")!;
        if (kind != "gauss-newton")
        {
            throw new ConfigurationException(s.PathOf("kind"), $"unknown polishing method '{kind}': use gauss-newton.");
        }

        var d = new GaussNewtonOptions();
        return new GaussNewtonOptions(
            Iterations: s.Integer("iterations", d.Iterations),
            InteriorPoints: (int)s.Integer("interiorPoints", d.InteriorPoints),
            BoundaryPoints: (int)s.Integer("boundaryPoints", d.BoundaryPoints),
            ResampleEvery: s.Integer("resampleEvery", d.ResampleEvery),
            WeightDecay: s.Number("weightDecay", d.WeightDecay),
            InitialDamping: s.Number("initialDamping", d.InitialDamping),
            MinimumDamping: s.Number("minimumDamping", d.MinimumDamping),
            MaximumDamping: s.Number("maximumDamping", d.MaximumDamping),
            Tolerance: s.Number("tolerance", d.Tolerance)).Validate();
    }

    private static IOptimizerOptions ReadOptimizer(JsonSection s)
    {
        string kind = s.String("kind", "bbi")!;
        switch (kind)
        {
            case "bbi":
            {
                var o = new BbiOptions(
                    TimeStep: s.Number("timeStep", 8e-6),
                    ExtraEnergy: s.Number("extraEnergy", 0),
                    EnergyShift: s.Number("energyShift", 0),
                    FixedBouncePeriod: s.Integer("t0", 200),
                    ProgressBounceThreshold: s.Integer("t1", 2000),
                    FixedBounceCount: s.Integer("nb", 10),
                    ConserveEnergy: s.Boolean("conserveEnergy", true),
                    Initialization: s.String("initialization", "per-block") switch
                    {
                        "per-block" => MomentumInitialization.PerBlock,
                        "global" => MomentumInitialization.Global,
                        var other => throw new ConfigurationException(s.PathOf("initialization"), $"unknown initialization '{other}': use per-block or global."),
                    },
                    AdaptiveShift: s.Boolean("adaptiveShift", false));
                return (s.Boolean("noBounces", false) ? o.NoBounces() : o).Validate();
            }

            case "adam":
                return new AdamOptions(s.Number("learningRate", 1e-3), s.Number("beta1", 0.9), s.Number("beta2", 0.999), s.Number("epsilon", 1e-8), s.Number("weightDecay", 0)).Validate();
            case "gdm":
                return new GradientDescentMomentumOptions(s.Number("learningRate", 1e-3), s.Number("momentum", 0.9), s.Number("dampening", 0), s.Number("weightDecay", 0)).Validate();
            default:
                throw new ConfigurationException(s.PathOf("kind"), $"unknown optimizer '{kind}': use bbi, adam or gdm.");
        }
    }
}
