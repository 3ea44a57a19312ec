using System.Diagnostics;
using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;

namespace Pinn.Runs.Benchmarking;

/// <summary>
/// Times training steps (loss + exact gradient) of the paper problem on the CPU engine, and in the same run the
/// ceiling: our GEMM on a large square product. GFLOP/s counts the step's matrix products only: per residual layer,
/// forward Z = YWᵀ, backward dW = dZᵀY and dY += dZW, each 2·rows·N² flops.
/// </summary>
public static class EngineBenchmark
{
    /// <summary>Runs one configuration.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="form">The problem (d must be 2).</param>
    /// <param name="scale">Network and point counts.</param>
    /// <param name="ensemble">K members evaluated per step.</param>
    /// <param name="threads">Worker threads.</param>
    /// <param name="warmup">Untimed steps.</param>
    /// <param name="steps">Timed steps.</param>
    /// <param name="profiler">Receives the timed steps' phases (warm-up excluded); null for none.</param>
    /// <param name="kernels">Kernel choices, e.g. a forced instruction-set path (default: the machine's best).</param>
    public static BenchmarkResult Run<T>(ResidualForm form, BenchmarkScale scale, int ensemble, int threads, int warmup, int steps, PhaseProfiler? profiler = null, CpuKernelOptions? kernels = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // Always a profiler of our own (never the shared disabled one), so that lanes' products can be timed.
        var backend = new CpuBackend<T>(threads, kernels, profiler ?? new PhaseProfiler(enabled: false));
        var isa = backend.Kernels.ResolvedIsa;
        var shape = new ResidualNetworkShape(form.Dimension, scale.Width, scale.Depth);
        var loss = new PinnLoss<T>(backend, form, shape, scale.Interior, scale.Boundary, new LossOptions());
        loss.Resample(new Xoshiro256(1));
        var thetas = new DeviceBuffer<T>[ensemble];
        var host = new double[shape.ParameterCount];
        for (int k = 0; k < ensemble; k++)
        {
            NetworkInitializer.Initialize(shape, Xoshiro256.ForStream(1, (ulong)k), host);
            thetas[k] = backend.Allocate(host.Length);
            backend.Upload(host, thetas[k].All);
        }

        var gradient = backend.Allocate(shape.ParameterCount);

        // As the trainer does: K ≥ 2 members side by side, one single-threaded lane per core.
        int laneCount = backend.Lanes(ensemble);
        var lanes = laneCount > 1 ? new MemberLanes<T>(backend, laneCount, shape.ParameterCount, lane => PinnLoss<T>.ForLane(lane, form, shape, scale.Interior, scale.Boundary, new LossOptions())) : null;
        lanes?.SetPoints(loss.HostPoints);

        void Step()
        {
            if (lanes is null)
            {
                for (int k = 0; k < ensemble; k++)
                {
                    loss.Evaluate(thetas[k].All, gradient.All);
                }

                return;
            }

            lanes.ForEachMember(ensemble, (w, k) => lanes.Loss(w).Evaluate(thetas[k].All, lanes.Gradient(w).All));
        }

        bool profile = backend.Profiler.Enabled;
        backend.Profiler.Enabled = false;

        // Warm up for at least the given steps and 2 s, so that tiered JIT has promoted the hot methods to
        // optimized code before timing starts (it waits ~100 ms, then compiles in the background).
        var warmClock = Stopwatch.StartNew();
        for (int i = 0; i < warmup || warmClock.Elapsed.TotalSeconds < 2; i++)
        {
            Step();
        }

        backend.Profiler.Enabled = profile;
        var times = TimeSteps(Step, steps);
        double median = times[times.Count / 2];
        double flops = 3.0 * loss.ForwardGemmFlops * ensemble;
        var (productGflops, productShare) = lanes is not null ? LaneProducts(backend.Profiler, Step, steps, lanes.Count, flops) : (double.NaN, double.NaN);
        double ceiling = GemmCeiling<T>(threads, isa);
        // The forward product of one residual layer over all stacked channel rows: rows × N by (N × N)ᵀ.
        int rows = (int)Math.Round(loss.ForwardGemmFlops / (2.0 * scale.Width * scale.Width * scale.Depth));
        double stepShape = Gemm<T>(rows, scale.Width, scale.Width, Transpose.Yes, threads, isa, repeats: scale.Name == "paper" ? 3 : 10);
        using var process = Process.GetCurrentProcess();
        return new BenchmarkResult(scale.Name, typeof(T) == typeof(float) ? "f32" : "f64", ensemble, threads, shape.ParameterCount, median, times[0], flops / (median * 1e6), ceiling, flops, process.PeakWorkingSet64 / (1024.0 * 1024.0), CpuIsas.Name(isa), stepShape, productGflops, productShare);
    }

    /// <summary>
    /// The products' own speed on parallel lanes: flops over the lanes' time inside products (summed over lanes, divided
    /// by their number), and that time's share of all the lanes' timed phases. Reads the phases of the timed steps when
    /// the profiler already ran during them (<c>--profile</c>), else times <paramref name="steps"/> more steps with it
    /// (the lanes' path is the same; only timestamps are added around each phase).
    /// </summary>
    private static (double Gflops, double Share) LaneProducts(PhaseProfiler profiler, Action step, int steps, int laneCount, double flops)
    {
        IReadOnlyDictionary<string, double> phases;
        if (profiler.Enabled)
        {
            phases = profiler.Snapshot();
        }
        else
        {
            profiler.Enabled = true;
            TimeSteps(step, steps);
            profiler.Enabled = false;
            phases = profiler.Drain();
        }

        double productMs = phases.Where(kv => StepPhase.IsProduct(kv.Key)).Sum(kv => kv.Value) / steps;
        double allMs = phases.Values.Sum() / steps;
        return (flops / (productMs / laneCount * 1e6), productMs / allMs);
    }

    /// <summary>
    /// Times training steps (every member's loss and gradient) on a given float32 backend — a GPU through ILGPU, or its
    /// CPU accelerator — as the trainer runs them there: K ≥ 2 members batched (<see cref="EnsembleLoss{T}"/>) where the
    /// backend <see cref="IComputeRuntime{T}.BatchesMembers"/>, otherwise one after another. The ceiling is the backend's
    /// own GEMM on a <paramref name="ceilingRows"/> × 256 by 256 × 256 product (NaN when <paramref name="ceilingRows"/> is 0);
    /// <see cref="BenchmarkResult.Isa"/> holds the backend's name.
    /// </summary>
    /// <param name="backend">The backend.</param>
    /// <param name="form">The problem.</param>
    /// <param name="scale">Network and point counts.</param>
    /// <param name="ensemble">K members per step.</param>
    /// <param name="warmup">Untimed steps (the first launches compile the kernels).</param>
    /// <param name="steps">Timed steps.</param>
    /// <param name="ceilingRows">Rows of the ceiling product (8192 as on the CPU), or 0 for none (ILGPU's CPU accelerator, whose group barriers make a large product take minutes).</param>
    public static BenchmarkResult RunOn(IComputeBackend<float> backend, ResidualForm form, BenchmarkScale scale, int ensemble, int warmup, int steps, int ceilingRows = 8192)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentOutOfRangeException.ThrowIfLessThan(ensemble, 1);
        var shape = new ResidualNetworkShape(form.Dimension, scale.Width, scale.Depth);
        int p = shape.ParameterCount;
        var thetas = backend.Allocate(ensemble * p);
        var gradients = backend.Allocate(ensemble * p);
        var host = new double[p];
        for (int k = 0; k < ensemble; k++)
        {
            NetworkInitializer.Initialize(shape, Xoshiro256.ForStream(1, (ulong)k), host);
            backend.Upload(host, thetas.Slice(k * p, p));
        }

        Action step;
        if (ensemble >= 2 && backend.BatchesMembers)
        {
            var batched = new EnsembleLoss<float>(backend, form, shape, ensemble, scale.Interior, scale.Boundary, new LossOptions());
            batched.Resample(new Xoshiro256(1));
            var parts = new LossBreakdown[ensemble];
            step = () => batched.Evaluate(thetas.All, gradients.All, parts);
        }
        else
        {
            var loss = new PinnLoss<float>(backend, form, shape, scale.Interior, scale.Boundary, new LossOptions());
            loss.Resample(new Xoshiro256(1));
            step = () =>
            {
                for (int k = 0; k < ensemble; k++)
                {
                    loss.Evaluate(thetas.Slice(k * p, p), gradients.Slice(k * p, p));
                }
            };
        }

        for (int i = 0; i < warmup; i++)
        {
            step();
        }

        var times = TimeSteps(step, steps);
        double median = times[times.Count / 2];
        long rows = scale.Interior + scale.Boundary + ((form.Dimension + 1L) * scale.Interior);
        double flops = 3.0 * 2 * rows * scale.Width * scale.Width * scale.Depth * ensemble;
        double ceiling = ceilingRows > 0 ? BackendGemm(backend, ceilingRows, 256, 256, repeats: 5) : double.NaN;
        using var process = Process.GetCurrentProcess();
        return new BenchmarkResult(scale.Name, "f32", ensemble, 0, p, median, times[0], flops / (median * 1e6), ceiling, flops, process.PeakWorkingSet64 / (1024.0 * 1024.0), backend.Name, double.NaN);
    }

    /// <summary>Milliseconds of each of <paramref name="steps"/> calls, sorted.</summary>
    private static List<double> TimeSteps(Action step, int steps)
    {
        var times = new List<double>(steps);
        for (int i = 0; i < steps; i++)
        {
            long start = Stopwatch.GetTimestamp();
            step();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        return times;
    }

    /// <summary>GFLOP/s of a backend's GEMM on an m × k by k × n product, best of <paramref name="repeats"/> (after one untimed call).</summary>
    private static double BackendGemm(IComputeBackend<float> backend, int m, int n, int k, int repeats)
    {
        var a = backend.Allocate(m * k);
        var b = backend.Allocate(k * n);
        var c = backend.Allocate(m * n);
        var random = new Xoshiro256(3);
        backend.FillUniform(a.All, random);
        backend.FillUniform(b.All, random);
        double best = double.PositiveInfinity;
        for (int r = 0; r <= repeats; r++)
        {
            long start = Stopwatch.GetTimestamp();
            backend.Gemm(Transpose.No, Transpose.No, m, n, k, 1, a.All, k, b.All, n, 0, c.All, n);
            backend.AllFinite(c.Slice(0, 1)); // waits for the device
            if (r > 0)
            {
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
        }

        return 2.0 * m * n * k / best / 1e9;
    }

    /// <summary>GFLOP/s of our GEMM on an 8192 × 256 by 256 × 256 product (best of 12): the ceiling a step is compared with.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="threads">Worker threads.</param>
    /// <param name="isa">The micro-kernel path (default: the machine's best).</param>
    public static double GemmCeiling<T>(int threads, CpuIsa? isa = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Gemm<T>(8192, 256, 256, Transpose.No, threads, isa ?? CpuIsas.Best, repeats: 12);

    /// <summary>GFLOP/s of our GEMM on an m × k by op(B) (k × n) product, best of <paramref name="repeats"/>.</summary>
    private static double Gemm<T>(int m, int n, int k, Transpose transB, int threads, CpuIsa isa, int repeats)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var a = new T[m * k];
        var b = new T[k * n];
        var c = new T[m * n];
        var random = new Xoshiro256(3);
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = T.CreateTruncating(random.NextDouble());
        }

        for (int i = 0; i < b.Length; i++)
        {
            b[i] = T.CreateTruncating(random.NextDouble());
        }

        int ldb = transB == Transpose.No ? n : k;
        double best = double.PositiveInfinity;
        for (int r = 0; r < repeats; r++)
        {
            long start = Stopwatch.GetTimestamp();
            CpuGemm<T>.Multiply(Transpose.No, transB, m, n, k, T.One, a, 0, k, b, 0, ldb, T.Zero, c, 0, n, threads, isa: isa);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return 2.0 * m * n * k / best / 1e9;
    }
}
