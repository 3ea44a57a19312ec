using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.LinearAlgebra;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;
using Pinn.Optimizers;

namespace Pinn.Runs.Benchmarking;

/// <summary>
/// Times the polishing phase's own Gauss–Newton polisher (<see cref="GaussNewton"/>, float64) iteration by iteration,
/// by the phases it reports (<see cref="PolishPhase"/>), and, in the same run, our float64 GEMM ceiling.
/// </summary>
public static class GaussNewtonBenchmark
{
    /// <summary>Runs one configuration.</summary>
    /// <param name="form">The problem.</param>
    /// <param name="scale">Network and point counts (all points are rows of J).</param>
    /// <param name="threads">Worker threads.</param>
    /// <param name="repeats">Timed iterations (the median of each phase is reported), after one untimed.</param>
    public static GaussNewtonBenchmarkResult Run(ResidualForm form, BenchmarkScale scale, int threads, int repeats)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var profiler = new PhaseProfiler(enabled: false);
        var backend = new CpuBackend<double>(threads, profiler: profiler);
        var shape = new ResidualNetworkShape(form.Dimension, scale.Width, scale.Depth);
        var loss = new PinnLoss<double>(backend, form, shape, scale.Interior, scale.Boundary, new LossOptions(BoundaryWeight: 100, WeightDecay: 0));
        loss.Resample(new Xoshiro256(1));
        var system = new PinnLeastSquares(loss, backend);
        var polisher = new GaussNewton(system, new GaussNewtonOptions(Tolerance: 0));
        var theta = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Xoshiro256(2), theta);
        string[] phases = [PolishPhase.Linearize, PolishPhase.Gram, PolishPhase.Solve, PolishPhase.Trial];
        var times = phases.Select(_ => new List<double>()).ToArray();
        for (int rep = -1; rep < repeats && !polisher.Finished; rep++)
        {
            // Iteration −1 warms up the JIT and is not recorded. The loss network's own phases are timed too; they are not reported here.
            profiler.Enabled = rep >= 0;
            polisher.Iterate(theta);
            var spent = profiler.Drain();
            for (int i = 0; i < phases.Length && rep >= 0; i++)
            {
                times[i].Add(spent.GetValueOrDefault(phases[i]));
            }
        }

        if (times[0].Count == 0)
        {
            throw new InvalidOperationException("The polisher stopped before its first timed iteration.");
        }

        static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
        double gramMs = Median(times[1]);
        double gramFlops = 2.0 * GramMatrix.MultiplyAdds(system.Rows, shape.ParameterCount);
        return new GaussNewtonBenchmarkResult(scale.Name, system.Rows, shape.ParameterCount, threads, Median(times[0]), gramMs, Median(times[2]), Median(times[3]), gramFlops / (gramMs * 1e6), EngineBenchmark.GemmCeiling<double>(threads));
    }
}
