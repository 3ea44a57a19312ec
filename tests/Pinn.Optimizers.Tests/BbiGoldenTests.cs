using System.Text.Json;
using Pinn.Core.Optimization;
using Pinn.Optimizers.Synthetic;

namespace Pinn.Optimizers.Tests;

/// <summary>
/// Every case of bbi-golden.json (pure-double reference runs of the authors' BBI class, see its 'produced_with'),
/// reproduced at the tolerances the file suggests.
/// </summary>
public class BbiGoldenTests
{
    private static readonly JsonElement Cases = Load();

    private static JsonElement Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "bbi-golden.json")));
        return doc.RootElement.GetProperty("cases").Clone();
    }

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases.EnumerateObject())
        {
            data.Add(c.Name);
        }

        return data;
    }

    private static long Threshold(JsonElement p, string key) => p.GetProperty(key).GetDouble() >= 1e12 ? BbiOptions.Never : p.GetProperty(key).GetInt64();

    private static double[] Vector(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ReproducesTheReference(string name)
    {
        var c = Cases.GetProperty(name);
        var p = c.GetProperty("params");
        var options = new BbiOptions(
            TimeStep: p.GetProperty("lr").GetDouble(),
            ExtraEnergy: p.GetProperty("deltaEn").GetDouble(),
            EnergyShift: p.GetProperty("v0").GetDouble(),
            FixedBouncePeriod: Threshold(p, "threshold0"),
            ProgressBounceThreshold: Threshold(p, "threshold"),
            FixedBounceCount: p.GetProperty("n_fixed_bounces").GetInt64(),
            ConserveEnergy: p.GetProperty("consEn").GetBoolean(),
            LossScale: 0);
        var draws = c.TryGetProperty("bounce_uniform_draws", out var d) ? d.EnumerateArray().SelectMany(Vector).ToArray() : [];
        var random = new ReplayRandom(draws);
        var function = SyntheticFunction.FromName(c.GetProperty("function").GetString()!.Replace("ackley_std", "ackley").Replace('_', '-'));
        int steps = c.GetProperty("steps_run").GetInt32();
        var thetas = new Dictionary<int, double[]>();
        var momenta = new Dictionary<int, double[]>();
        double energy = double.NaN;
        var trajectory = SyntheticRunner.Run<double>(function, Vector(c.GetProperty("theta0")), options, random, steps, observe: (k, opt) =>
        {
            var bbi = (Bbi<double>)opt;
            energy = bbi.Energy;
            momenta[k] = bbi.SaveState().Vectors["momentum"];
        });
        Assert.Equal(steps, trajectory.Outcomes.Count);
        NumericAssert.Relative(c.GetProperty("E").GetDouble(), energy, 1e-15, what: "E");
        NumericAssert.Relative(c.GetProperty("F0").GetDouble(), trajectory.Values[0], 1e-15, what: "F0");

        // θ after each call, by a second identical run that snapshots θ (the runner hands θ to the stop hook).
        var replay = new ReplayRandom(draws);
        int call = 0;
        SyntheticRunner.Run<double>(function, Vector(c.GetProperty("theta0")), options, replay, steps, stop: (x, _) =>
        {
            thetas[++call] = (double[])x.Clone();
            return false;
        });

        foreach (var entry in c.GetProperty("F_after_step").EnumerateObject())
        {
            int k = int.Parse(entry.Name);
            NumericAssert.Relative(entry.Value.GetDouble(), trajectory.Values[k], Tolerance(name, k), what: $"F after call {k}");
        }

        foreach (var entry in c.GetProperty("loss_returned_by_step").EnumerateObject())
        {
            int k = int.Parse(entry.Name);
            NumericAssert.Relative(entry.Value.GetDouble(), trajectory.Values[k - 1], Tolerance(name, k), what: $"loss used by call {k}");
        }

        CompareVectors(c.GetProperty("theta_after_step"), thetas, name, "θ");
        CompareVectors(c.GetProperty("pi_after_step"), momenta, name, "Π");
        AssertVector(Vector(c.GetProperty("theta_final")), thetas[steps], Tolerance(name, steps), "final θ");
        AssertVector(Vector(c.GetProperty("pi_final")), momenta[steps], Tolerance(name, steps), "final Π");

        var expectedBounces = c.GetProperty("bounce_calls").EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetInt32()).ToArray();
        if (name.Contains("freeze", StringComparison.Ordinal))
        {
            // Calls from the first listed one to the end are complete no-ops (V ≤ ε₂).
            int first = expectedBounces[0];
            Assert.All(trajectory.Outcomes.Take(first - 1), o => Assert.Equal(StepOutcome.Moved, o));
            Assert.All(trajectory.Outcomes.Skip(first - 1), o => Assert.Equal(StepOutcome.Frozen, o));
        }
        else
        {
            Assert.Equal(expectedBounces, trajectory.BounceCalls.ToArray());
            Assert.Equal(0, random.Remaining);
        }
    }

    private static double Tolerance(string name, int k) => name.Contains("bounce", StringComparison.Ordinal) || name.Contains("schedule", StringComparison.Ordinal)
        ? 1e-10
        : name.StartsWith("ackley", StringComparison.Ordinal) && k > 100 ? 1e-9 : 1e-12;

    private static void CompareVectors(JsonElement expected, Dictionary<int, double[]> actual, string name, string what)
    {
        foreach (var entry in expected.EnumerateObject())
        {
            int k = int.Parse(entry.Name);
            AssertVector(Vector(entry.Value), actual[k], Tolerance(name, k), $"{what} after call {k}");
        }
    }

    private static void AssertVector(double[] expected, double[] actual, double tolerance, string what)
    {
        // Element-wise, relative to the vector's own scale (single components pass through zero).
        double scale = expected.Max(Math.Abs);
        NumericAssert.AllRelative(expected, actual, tolerance, floor: scale, what: what);
    }
}
