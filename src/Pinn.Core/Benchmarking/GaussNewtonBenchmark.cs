using System.Diagnostics;
using System.Numerics.Tensors;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.LinearAlgebra;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;

namespace Pinn.Core.Benchmarking;

/// <summary>
/// Times the parts of one Gauss–Newton (Levenberg–Marquardt) iteration in float64 — what the polishing phase does per
/// member and iteration when its first damping is accepted — and, in the same run, our float64 GEMM ceiling.
/// </summary>
public static class GaussNewtonBenchmark
{
    /// <summary>Runs one configuration.</summary>
    /// <param name="form">The problem.</param>
    /// <param name="scale">Network and point counts (all points are rows of J).</param>
    /// <param name="threads">Worker threads.</param>
    /// <param name="repeats">Timed repetitions (the median is reported).</param>
    public static GaussNewtonBenchmarkResult Run(ResidualForm form, BenchmarkScale scale, int threads, int repeats)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var backend = new CpuBackend<double>(threads);
        var shape = new ResidualNetworkShape(form.Dimension, scale.Width, scale.Depth);
        var loss = new PinnLoss<double>(backend, form, shape, scale.Interior, scale.Boundary, new LossOptions(BoundaryWeight: 100, WeightDecay: 0));
        loss.Resample(new Xoshiro256(1));
        int rows = loss.ResidualRows, n = shape.ParameterCount;
        var host = new double[n];
        NetworkInitializer.Initialize(shape, new Xoshiro256(2), host);
        var theta = backend.Allocate(n);
        backend.Upload(host, theta.All);
        var jacobian = new CpuBuffer<double>(checked(rows * n));
        var r = new double[rows];
        var trial = new double[rows];
        var gram = new double[rows * rows];
        var factor = new double[rows * rows];
        var alpha = new double[rows];
        var step = new double[n];
        var jStep = new double[rows];
        var times = new List<double>[4];
        for (int i = 0; i < times.Length; i++)
        {
            times[i] = [];
        }

        for (int rep = -1; rep < repeats; rep++)
        {
            // Repetition −1 warms up the JIT and is not recorded.
            long t0 = Stopwatch.GetTimestamp();
            loss.Linearize(theta.All, r, jacobian.All);
            long t1 = Stopwatch.GetTimestamp();
            GramMatrix.Lower(jacobian.Array, rows, n, gram, threads);
            long t2 = Stopwatch.GetTimestamp();
            double trace = 0;
            for (int p = 0; p < rows; p++)
            {
                trace += gram[(p * rows) + p];
            }

            Array.Copy(gram, factor, gram.Length);
            for (int p = 0; p < rows; p++)
            {
                factor[(p * rows) + p] += 1e-3 * trace / rows;
            }

            if (!CholeskyFactorization.TryFactor(factor, rows, threads))
            {
                throw new InvalidOperationException("The damped Gram matrix was not positive definite.");
            }

            r.CopyTo(alpha, 0);
            CholeskyFactorization.Solve(factor, rows, alpha);
            long t3 = Stopwatch.GetTimestamp();
            Array.Clear(step);
            for (int p = 0; p < rows; p++)
            {
                TensorPrimitives.MultiplyAdd(jacobian.Array.AsSpan(p * n, n), -alpha[p], step, step);
            }

            for (int p = 0; p < rows; p++)
            {
                jStep[p] = TensorPrimitives.Dot(jacobian.Array.AsSpan(p * n, n), step);
            }

            loss.Linearize(theta.All, trial, null);
            long t4 = Stopwatch.GetTimestamp();
            if (rep >= 0)
            {
                times[0].Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                times[1].Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
                times[2].Add(Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds);
                times[3].Add(Stopwatch.GetElapsedTime(t3, t4).TotalMilliseconds);
            }
        }

        double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
        double gramMs = Median(times[1]);
        double gramFlops = 2.0 * GramMatrix.MultiplyAdds(rows, n);
        return new GaussNewtonBenchmarkResult(scale.Name, rows, n, threads, Median(times[0]), gramMs, Median(times[2]), Median(times[3]), gramFlops / (gramMs * 1e6), EngineBenchmark.GemmCeiling<double>(threads));
    }
}
