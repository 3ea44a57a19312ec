using System.Text.Json;
using System.Text.Json.Nodes;
using Pinn.Core.Training;
using Pinn.Optimizers;

namespace Pinn.Runs.Configuration;

/// <summary>Writes a resolved configuration in the same format <see cref="RunConfigReader"/> reads (every field explicit).</summary>
public static class RunConfigWriter
{
    /// <summary>Bounce periods: "never" (long.MaxValue) is written as 1e15 steps, which no run reaches.</summary>
    private static long Period(long value) => value == BbiOptions.Never ? 1_000_000_000_000_000 : value;

    /// <summary>The JSON text.</summary>
    /// <param name="config">The configuration.</param>
    public static string Write(RunConfig config)
    {
        var p = config.Problem;
        var o = config.Options;
        var problem = new JsonObject
        {
            ["name"] = p.Name,
            ["dimension"] = p.Dimension,
            ["nonlinearity"] = p.Nonlinearity.ToString(),
            ["source"] = p.Source.ToString(),
            ["boundary"] = p.Boundary.ToString(),
            ["parameters"] = new JsonObject(p.Parameters.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["solutions"] = new JsonObject(p.KnownSolutions.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value.ToString()))),
        };
        JsonObject optimizer = o.Optimizer switch
        {
            BbiOptions b => new JsonObject
            {
                ["kind"] = "bbi", ["timeStep"] = b.TimeStep, ["extraEnergy"] = b.ExtraEnergy, ["energyShift"] = b.EnergyShift,
                ["t0"] = Period(b.FixedBouncePeriod), ["t1"] = Period(b.ProgressBounceThreshold), ["nb"] = b.FixedBounceCount,
                ["conserveEnergy"] = b.ConserveEnergy, ["initialization"] = b.Initialization == MomentumInitialization.PerBlock ? "per-block" : "global",
                ["adaptiveShift"] = b.AdaptiveShift, ["lossScale"] = b.LossScale,
            },
            AdamOptions a => new JsonObject { ["kind"] = "adam", ["learningRate"] = a.LearningRate, ["beta1"] = a.Beta1, ["beta2"] = a.Beta2, ["epsilon"] = a.Epsilon, ["weightDecay"] = a.WeightDecay },
            GradientDescentMomentumOptions g => new JsonObject { ["kind"] = "gdm", ["learningRate"] = g.LearningRate, ["momentum"] = g.Momentum, ["dampening"] = g.Dampening, ["weightDecay"] = g.WeightDecay },
            _ => throw new ArgumentException($"Cannot write optimizer '{o.Optimizer.Kind}'."),
        };
        var disk = config.Shooting.DiskOptions;
        var root = new JsonObject
        {
            ["problem"] = problem,
            ["network"] = new JsonObject { ["width"] = o.Network.Width, ["depth"] = o.Network.Depth, ["activation"] = o.Network.Activation.ToString().ToLowerInvariant() },
            ["points"] = new JsonObject { ["interior"] = o.Points.Interior, ["boundary"] = o.Points.Boundary, ["resampleEvery"] = o.Points.ResampleEvery, ["validation"] = o.Points.Validation },
            ["loss"] = new JsonObject { ["boundaryWeight"] = o.Loss.BoundaryWeight, ["weightDecay"] = o.Loss.WeightDecay, ["residualOnBoundary"] = o.Loss.ResidualOnBoundary },
            ["optimizer"] = optimizer,
            ["training"] = new JsonObject
            {
                ["steps"] = o.Training.Steps, ["evaluateEvery"] = o.Training.EvaluateEvery, ["checkpointEvery"] = o.Training.CheckpointEvery,
                ["seed"] = o.Training.Seed, ["precision"] = o.Training.Precision == Precision.F32 ? "f32" : "f64", ["threads"] = o.Training.Threads, ["device"] = ComputeDeviceNames.Name(o.Training.Device),
            },
            ["ensemble"] = new JsonObject { ["members"] = o.Ensemble.Members, ["sameInitialization"] = o.Ensemble.SameInitialization },
            ["shooting"] = new JsonObject
            {
                ["minimum"] = config.Shooting.Minimum, ["maximum"] = config.Shooting.Maximum, ["scanPoints"] = config.Shooting.ScanPoints, ["growRange"] = config.Shooting.GrowRange,
                ["disk"] = new JsonObject
                {
                    ["radialPoints"] = disk.RadialPoints, ["angularPoints"] = disk.AngularPoints, ["tolerance"] = disk.Tolerance, ["maxIterations"] = disk.MaxIterations,
                    ["deflationPower"] = disk.DeflationPower, ["deflationShift"] = disk.DeflationShift, ["nonRadialSearch"] = disk.NonRadialSearch,
                },
            },
        };
        if (o.Polish is not { } polish)
        {
            root["polish"] = new JsonObject { ["kind"] = RunConfigReader.NoPolish };
        }
        else
        {
            root["polish"] = polish switch
            {
                GaussNewtonOptions g => new JsonObject
                {
                    ["kind"] = g.Kind, ["iterations"] = g.Iterations, ["interiorPoints"] = g.InteriorPoints, ["boundaryPoints"] = g.BoundaryPoints,
                    ["resampleEvery"] = g.ResampleEvery, ["weightDecay"] = g.WeightDecay, ["initialDamping"] = g.InitialDamping,
                    ["minimumDamping"] = g.MinimumDamping, ["maximumDamping"] = g.MaximumDamping, ["tolerance"] = g.Tolerance, ["space"] = g.Space.ToString().ToLowerInvariant(),
                    ["sampling"] = g.Sampling.ToString().ToLowerInvariant(),
                },
                _ => throw new ArgumentException($"Cannot write polishing method '{polish.Kind}'."),
            };
        }

        if (o.Deflation is { } deflation)
        {
            root["deflation"] = new JsonObject { ["power"] = deflation.Power, ["shift"] = deflation.Shift, ["points"] = deflation.Points, ["firstOrder"] = deflation.FirstOrder };
        }

        if (config.Discovery is { } discovery)
        {
            root["discovery"] = new JsonObject { ["maximumMembers"] = discovery.MaximumMembers, ["patience"] = discovery.Patience, ["lossTolerance"] = discovery.LossTolerance, ["distanceThreshold"] = discovery.DistanceThreshold, ["offsetStep"] = discovery.OffsetStep is { } step ? step : "auto", ["distanceFloor"] = discovery.DistanceFloor, ["exploreEveryRound"] = discovery.ExploreEveryRound, ["deflatedLearningRate"] = discovery.DeflatedLearningRate, ["finalPasses"] = discovery.FinalPasses };
        }

        if (o.Shard is { } shard)
        {
            root["shard"] = new JsonObject { ["index"] = shard.Index, ["count"] = shard.Count };
        }

        if (o.Continuation is { } continuation)
        {
            root["continuation"] = new JsonObject { ["parameter"] = continuation.Parameter, ["values"] = new JsonArray(continuation.Values.Select(v => (JsonNode)v).ToArray()), ["stageIterations"] = continuation.StageIterations, ["stageDamping"] = continuation.StageDamping };
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }
}
