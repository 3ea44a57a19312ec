using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pinn.Core.Compute;
using Pinn.Runs.Benchmarking;
using Pinn.Core.Compute.Cpu;
using Pinn.Problems;

namespace Pinn.Cli.Commands;

/// <summary><c>pinn bench</c>: times training steps of the CPU engine (or the ILGPU backend) against its own GEMM ceiling.</summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output)
    {
        var scale = new Option<string[]>("--scale") { Description = "small, medium and/or paper (repeatable).", DefaultValueFactory = _ => ["small", "medium", "paper"], AllowMultipleArgumentsPerToken = true };
        var ensemble = new Option<int>("--ensemble") { Description = "Members K evaluated per step.", DefaultValueFactory = _ => 1 };
        var precision = new Option<string>("--precision") { Description = "f32 or f64.", DefaultValueFactory = _ => "f32" };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var steps = new Option<int>("--steps") { Description = "Timed steps per configuration (0 = automatic).", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "cpu, cuda (an NVIDIA GPU through ILGPU) or ilgpu-cpu (the GPU kernels on ILGPU's CPU accelerator: small scale only, for checking).", DefaultValueFactory = _ => "cpu" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per configuration." };
        var profile = new Option<bool>("--profile") { Description = "Also print the time per phase of a step." };
        var isa = new Option<string?>("--isa") { Description = "Kernel path: avx512 or avx2 (default: the machine's best; avx2 runs on AVX-512 machines too, for comparison)." };
        var gaussNewton = new Option<bool>("--gauss-newton") { Description = "Time one Gauss–Newton polishing iteration (float64: J, J·Jᵀ, Cholesky, step) instead of a training step." };
        var command = new Command("bench", "Benchmark training steps (loss + gradient) at small, medium and paper scale.") { scale, ensemble, precision, threads, steps, device, isa, json, profile, gaussNewton };
        command.SetAction(parse =>
        {
            string dev = parse.GetValue(device)!;
            if (parse.GetValue(steps) is < 0 or > 1_000_000)
            {
                throw new ArgumentException($"--steps must be from 0 (automatic) to 1000000 timed steps, not {parse.GetValue(steps)}.");
            }

            int k = parse.GetValue(ensemble);
            if (k < 1)
            {
                throw new ArgumentException("--ensemble must be ≥ 1.");
            }

            if (dev != "cpu")
            {
                BenchDevice(output, dev, parse.GetValue(scale)!, k, parse.GetValue(precision)!, parse.GetValue(steps), parse.GetValue(json), parse.GetValue(isa) is not null || parse.GetValue(profile) || parse.GetValue(gaussNewton));
                return 0;
            }

            int t = parse.GetValue(threads);
            if (t < 0)
            {
                throw new ArgumentException("--threads must be ≥ 0 (0 = all cores).");
            }

            t = t == 0 ? Environment.ProcessorCount : t;
            string p = parse.GetValue(precision)!;
            if (p is not ("f32" or "f64"))
            {
                throw new ArgumentException($"--precision must be f32 or f64, not '{p}'.");
            }

            var kernels = parse.GetValue(isa) switch
            {
                null => CpuKernelOptions.Default,
                "avx512" => new CpuKernelOptions(Isa: CpuIsa.Avx512),
                "avx2" => new CpuKernelOptions(Isa: CpuIsa.Avx2),
                var other => throw new ArgumentException($"--isa must be avx512 or avx2, not '{other}'."),
            };
            if (!CpuIsas.IsSupported(kernels.ResolvedIsa))
            {
                throw new ArgumentException($"--isa {parse.GetValue(isa)}: this machine runs {CpuIsas.Name(CpuIsas.Best)} only.");
            }

            var form = ProblemCatalog.Sin2(2, 20).ToResidualForm();
            foreach (var name in parse.GetValue(scale)!)
            {
                var s = BenchmarkScale.FromName(name);
                if (parse.GetValue(gaussNewton))
                {
                    BenchGaussNewton(output, form, s, t, parse.GetValue(steps) is > 0 and int repeats ? repeats : 5, parse.GetValue(json));
                    continue;
                }

                int timed = parse.GetValue(steps) is > 0 and int n ? n : s.Name switch { "paper" => 10, "medium" => 40, _ => 200 };
                int warm = Math.Max(2, timed / 5);
                var profiler = new PhaseProfiler(parse.GetValue(profile));
                var r = p == "f32"
                    ? EngineBenchmark.Run<float>(form, s, k, t, warm, timed, profiler, kernels)
                    : EngineBenchmark.Run<double>(form, s, k, t, warm, timed, profiler, kernels);
                var phases = profiler.Drain();
                if (phases.Count > 0)
                {
                    double total = phases.Values.Sum();
                    foreach (var (phase, ms) in phases.OrderByDescending(kv => kv.Value))
                    {
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {phase,-20} {ms / timed / k,9:F3} ms/step/member  {ms / total,5:P0}"));
                    }
                }

                if (parse.GetValue(json))
                {
                    output.WriteLine(JsonSerializer.Serialize(new
                    {
                        scale = r.Scale, precision = r.Precision, ensemble = r.Ensemble, threads = r.Threads, parameters = r.Parameters,
                        medianMs = r.MedianMs, minMs = r.MinMs, gflops = r.Gflops, gemmCeilingGflops = r.GemmCeilingGflops,
                        ceilingPercent = 100 * r.CeilingFraction, stepShapeGflops = r.StepShapeGflops, isa = r.Isa,
                        productGflops = Measured(r.ProductGflops), productCeilingPercent = Measured(100 * r.ProductCeilingFraction),
                        productTimePercent = Measured(100 * r.ProductTimeFraction),
                    }));
                }
                else
                {
                    output.WriteLine(string.Format(
                        CultureInfo.InvariantCulture,
                        "{0,-6} {1} {11} K={2} threads={3} params={4}: median {5:F3} ms/step, min {6:F3} ms, {7:F1} GFLOP/s = {8:P0} of GEMM ceiling {9:F1} GFLOP/s (step's forward shape alone {12:F1}), peak RSS {10:F0} MiB",
                        r.Scale, r.Precision, r.Ensemble, r.Threads, r.Parameters, r.MedianMs, r.MinMs, r.Gflops, r.CeilingFraction, r.GemmCeilingGflops, r.PeakWorkingSetMiB, r.Isa, r.StepShapeGflops));
                    if (!double.IsNaN(r.ProductGflops))
                    {
                        output.WriteLine(string.Format(
                            CultureInfo.InvariantCulture,
                            "       members on parallel lanes: products alone {0:F1} GFLOP/s = {1:P0} of the GEMM ceiling, {2:P0} of the lanes' time",
                            r.ProductGflops, r.ProductCeilingFraction, r.ProductTimeFraction));
                    }
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>A figure for JSON: null where it was not measured (NaN is not JSON).</summary>
    private static double? Measured(double value) => double.IsNaN(value) ? null : value;

    /// <summary><c>pinn bench --device cuda | ilgpu-cpu</c>: training steps on the ILGPU backend.</summary>
    private static void BenchDevice(TextWriter output, string dev, string[] scales, int k, string precision, int steps, bool json, bool cpuOnlyOption)
    {
        if (dev is not ("cuda" or "ilgpu-cpu"))
        {
            throw new ArgumentException($"--device must be cpu, cuda or ilgpu-cpu, not '{dev}'.");
        }

        if (precision != "f32" || cpuOnlyOption)
        {
            throw new ArgumentException($"--device {dev} benchmarks float32 training steps: --precision f64, --isa, --profile and --gauss-newton are for --device cpu.");
        }

        var backend = Runs.ComputeDevices.For<float>(new Core.Training.TrainingOptions(Device: dev == "cuda" ? Core.Training.ComputeDevice.Cuda : Core.Training.ComputeDevice.IlgpuCpu).Validate())!;
        using var owner = backend as IDisposable; // frees the benchmark's device memory
        var form = ProblemCatalog.Sin2(2, 20).ToResidualForm();
        foreach (var name in scales)
        {
            var s = BenchmarkScale.FromName(name);
            if (dev == "ilgpu-cpu" && s.Name != "small")
            {
                output.WriteLine($"{s.Name,-6} skipped: ilgpu-cpu simulates every GPU thread with an OS thread, for checking (a small step takes ~30 s); use --scale small, or --device cuda on a GPU.");
                continue;
            }

            int timed = steps > 0 ? steps : dev == "ilgpu-cpu" ? 1 : 50;
            var r = EngineBenchmark.RunOn(backend, form, s, k, warmup: dev == "ilgpu-cpu" ? 1 : Math.Max(2, timed / 5), timed, ceilingRows: dev == "ilgpu-cpu" ? 0 : 8192);
            double? ceiling = double.IsNaN(r.GemmCeilingGflops) ? null : r.GemmCeilingGflops;
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    scale = r.Scale, precision = r.Precision, ensemble = r.Ensemble, device = dev, parameters = r.Parameters, batched = k >= 2 && backend.BatchesMembers,
                    medianMs = r.MedianMs, minMs = r.MinMs, gflops = r.Gflops, gemmCeilingGflops = ceiling, ceilingPercent = 100 * (r.Gflops / ceiling), isa = r.Isa,
                }));
                continue;
            }

            output.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "{0,-6} f32 {1} K={2}{3} params={4}: median {5:F3} ms/step, min {6:F3} ms, {7:F2} GFLOP/s{8}",
                r.Scale, r.Isa, r.Ensemble, k >= 2 && backend.BatchesMembers ? " (batched)" : string.Empty, r.Parameters, r.MedianMs, r.MinMs, r.Gflops,
                ceiling is { } c ? string.Format(CultureInfo.InvariantCulture, " = {0:P0} of the device's GEMM ceiling {1:F1} GFLOP/s", r.Gflops / c, c) : " (no GEMM ceiling on the CPU accelerator)"));
        }
    }

    private static void BenchGaussNewton(TextWriter output, Core.Problems.ResidualForm form, BenchmarkScale s, int threads, int repeats, bool json)
    {
        var shape = new Core.Networks.ResidualNetworkShape(2, s.Width, s.Depth);
        double gib = 8.0 * (s.Interior + s.Boundary) * ((double)shape.ParameterCount + s.Interior + s.Boundary) / (1L << 30);
        if (gib > 4)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Name,-6} gauss-newton: skipped, J and J·Jᵀ over all {s.Interior + s.Boundary} points would take {gib:F1} GiB (a polishing phase uses fewer points: polish.interiorPoints)"));
            return;
        }

        var r = GaussNewtonBenchmark.Run(form, s, threads, repeats);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                scale = r.Scale, kind = "gauss-newton", rows = r.Rows, parameters = r.Parameters, threads = r.Threads, iterationMs = r.IterationMs,
                jacobianMs = r.JacobianMs, gramMs = r.GramMs, choleskyMs = r.CholeskyMs, stepMs = r.StepMs, gramGflops = r.GramGflops, gemmCeilingGflops = r.GemmCeilingGflops,
            }));
            return;
        }

        output.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "{0,-6} gauss-newton f64 threads={1} rows={2} params={3}: {4:F1} ms/iteration (J {5:F1}, J·Jᵀ {6:F1}, factor+solve {7:F1}, trial {8:F1} ms); J·Jᵀ {9:F1} GFLOP/s = {10:P0} of f64 GEMM ceiling {11:F1} GFLOP/s",
            r.Scale, r.Threads, r.Rows, r.Parameters, r.IterationMs, r.JacobianMs, r.GramMs, r.CholeskyMs, r.StepMs, r.GramGflops, r.GramCeilingFraction, r.GemmCeilingGflops));
    }
}
