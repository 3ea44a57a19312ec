using Pinn.Core.Optimization;
using Pinn.Core.Randomness;

namespace Pinn.Optimizers.Synthetic;

/// <summary>The paper's synthetic experiments (§4.1–4.3) with the reference code's settings.</summary>
public static class SyntheticExperiments
{
    // The paper's experiments step with Δt as given (LossScale 0), as the authors' code does.

    /// <summary>BBI as tuned for Ackley by the authors (δE = 2, ΔV = 1e-4, T₀ = 20, N_b = 4, T₁ = 100).</summary>
    public static BbiOptions AckleyBbi { get; } = new(TimeStep: 0.009649484068918336, ExtraEnergy: 2, EnergyShift: 1e-4, FixedBouncePeriod: 20, ProgressBounceThreshold: 100, FixedBounceCount: 4, LossScale: 0);

    /// <summary>GDM as tuned for Ackley by the authors (lr = 0.19926, μ = 0.56339).</summary>
    public static GradientDescentMomentumOptions AckleyGdm { get; } = new(LearningRate: 0.19926, Momentum: 0.56339);

    /// <summary>BBI for Zakharov: bounces off, ΔV = 1e-22, tuned Δt.</summary>
    public static BbiOptions ZakharovBbi { get; } = new BbiOptions(TimeStep: 0.0026036721489343054, EnergyShift: 1e-22, FixedBounceCount: 0, LossScale: 0).NoBounces();

    /// <summary>GDM for Zakharov as re-tuned by the authors after the first tuning diverged.</summary>
    public static GradientDescentMomentumOptions ZakharovGdm { get; } = new(LearningRate: 1.8027e-6, Momentum: 0.99723);

    /// <summary>BBI for the two-basin experiment.</summary>
    public static BbiOptions TwoBasinBbi { get; } = new(TimeStep: 0.01, EnergyShift: 0.001, FixedBouncePeriod: 20, ProgressBounceThreshold: 750, FixedBounceCount: 1, LossScale: 0);

    /// <summary>
    /// Ackley success counts: <paramref name="starts"/> seeded starts uniform in [−4, 4]², each given up to
    /// <paramref name="tries"/> runs of <paramref name="steps"/> steps; success = F &lt; <paramref name="threshold"/>.
    /// Runs in parallel over starts; deterministic for a seed.
    /// </summary>
    public static AckleyResult RunAckley(SyntheticFunction function, string name, IOptimizerOptions options, int starts, int steps, int tries, ulong seed, double threshold = 5e-4, IProgress<int>? progress = null)
    {
        var startRandom = new Xoshiro256(seed);
        var points = Enumerable.Range(0, starts).Select(_ => new[] { (8 * startRandom.NextDouble()) - 4, (8 * startRandom.NextDouble()) - 4 }).ToArray();
        var success = new bool[starts];
        var best = new double[starts];
        int done = 0;
        Parallel.For(0, starts, s =>
        {
            best[s] = double.PositiveInfinity;
            for (int t = 0; t < tries && !success[s]; t++)
            {
                var trajectory = SyntheticRunner.Run<double>(function, points[s], options, Xoshiro256.ForStream(seed, (ulong)((s * 16) + t + 1)), steps, stop: (_, f) => f < threshold);
                best[s] = Math.Min(best[s], trajectory.Best);
                success[s] = best[s] < threshold;
                if (options is not BbiOptions)
                {
                    break; // deterministic optimizers repeat the same run
                }
            }

            progress?.Report(Interlocked.Increment(ref done));
        });
        Array.Sort(best);
        return new AckleyResult(name, success.Count(x => x), starts, best[starts / 2]);
    }

    /// <summary>Zakharov in n dimensions from (1, …, 1): F after each call.</summary>
    public static Trajectory RunZakharov(IOptimizerOptions options, int dimension, int steps) =>
        SyntheticRunner.Run<double>(new Zakharov(), Enumerable.Repeat(1.0, dimension).ToArray(), options, new Xoshiro256(1), steps);

    /// <summary>Which basin (1 or 2) a point is in, by the Hessian metric (θ − c)ᵀH(θ − c) &lt; 1, or 0.</summary>
    public static int BasinOf(ReadOnlySpan<double> x)
    {
        if (Metric(x, TwoBasin.Center1, Hessian1) < 1)
        {
            return 1;
        }

        return Metric(x, TwoBasin.Center2, Hessian2) < 1 ? 2 : 0;
    }

    private static readonly double[,] Hessian1 = NumericalHessian(TwoBasin.Center1);
    private static readonly double[,] Hessian2 = NumericalHessian(TwoBasin.Center2);

    /// <summary>√(det H₂ / det H₁) from Hessians by central differences of the analytic gradient.</summary>
    public static double MixingPrediction => Math.Sqrt(Determinant(Hessian2) / Determinant(Hessian1));

    /// <summary>GDM on the two-basin function (learning rate 0.01, momentum 0.9): deterministic, so every run from one start ends in the same basin.</summary>
    public static GradientDescentMomentumOptions TwoBasinGdm { get; } = new(LearningRate: 0.01, Momentum: 0.9);

    /// <summary>One run from (10, −10) until it enters a basin (or the step limit), and the basin (1, 2, or 0 for neither).</summary>
    /// <param name="options">The optimizer (<see cref="TwoBasinBbi"/>, <see cref="TwoBasinGdm"/>, …).</param>
    /// <param name="maxSteps">Step limit.</param>
    /// <param name="seed">The run's random stream (bounces); ignored by deterministic optimizers.</param>
    /// <param name="run">The run's index: stream <paramref name="run"/> + 1 of <paramref name="seed"/>, as in <see cref="RunTwoBasin"/>.</param>
    public static (Trajectory Trajectory, int Basin) RunTwoBasinOnce(IOptimizerOptions options, int maxSteps, ulong seed, int run = 0)
    {
        var t = SyntheticRunner.Run<double>(new TwoBasin(), [10.0, -10.0], options, Xoshiro256.ForStream(seed, (ulong)run + 1), maxSteps, stop: (x, _) => BasinOf(x) != 0);
        return (t, BasinOf(t.Final));
    }

    /// <summary>
    /// Two-basin mixing: <paramref name="runs"/> BBI runs from (10, −10) differing only in their bounces, each
    /// stopped when it enters either basin or after <paramref name="maxSteps"/> steps.
    /// </summary>
    public static TwoBasinResult RunTwoBasin(int runs, int maxSteps, ulong seed, IProgress<int>? progress = null)
    {
        var basin = new int[runs];
        int done = 0;
        Parallel.For(0, runs, r =>
        {
            basin[r] = RunTwoBasinOnce(TwoBasinBbi, maxSteps, seed, r).Basin;
            progress?.Report(Interlocked.Increment(ref done));
        });
        return new TwoBasinResult(basin.Count(b => b == 1), basin.Count(b => b == 2), basin.Count(b => b == 0), MixingPrediction);
    }

    private static double Metric(ReadOnlySpan<double> x, double[] c, double[,] h)
    {
        double a = x[0] - c[0], b = x[1] - c[1];
        return (h[0, 0] * a * a) + (2 * h[0, 1] * a * b) + (h[1, 1] * b * b);
    }

    private static double[,] NumericalHessian(double[] c)
    {
        var f = new TwoBasin();
        var h = new double[2, 2];
        const double step = 1e-5;
        var gp = new double[2];
        var gm = new double[2];
        for (int j = 0; j < 2; j++)
        {
            double[] xp = [c[0], c[1]];
            double[] xm = [c[0], c[1]];
            xp[j] += step;
            xm[j] -= step;
            f.Gradient(xp, gp);
            f.Gradient(xm, gm);
            for (int i = 0; i < 2; i++)
            {
                h[i, j] = (gp[i] - gm[i]) / (2 * step);
            }
        }

        return h;
    }

    private static double Determinant(double[,] h) => (h[0, 0] * h[1, 1]) - (h[0, 1] * h[1, 0]);
}
