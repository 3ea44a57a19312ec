using BenchmarkDotNet.Attributes;
using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;

namespace Pinn.Benchmarks;

/// <summary>Our GEMM against a cache-friendly scalar triple loop (i-k-j order) on one residual layer's forward shape.</summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] a = [];
    private float[] b = [];
    private float[] c = [];

    /// <summary>Rows of the stacked-channel matrix.</summary>
    [Params(2048)]
    public int Rows { get; set; }

    /// <summary>Width N.</summary>
    [Params(200)]
    public int Width { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        a = Enumerable.Range(0, Rows * Width).Select(_ => (float)random.NextDouble()).ToArray();
        b = Enumerable.Range(0, Width * Width).Select(_ => (float)random.NextDouble()).ToArray();
        c = new float[Rows * Width];
    }

    [Benchmark(Baseline = true)]
    public float NaiveTripleLoop()
    {
        int n = Width;
        Array.Clear(c);
        for (int i = 0; i < Rows; i++)
        {
            for (int k = 0; k < n; k++)
            {
                float aik = a[(i * n) + k];
                for (int j = 0; j < n; j++)
                {
                    c[(i * n) + j] += aik * b[(j * n) + k]; // C = A·Bᵀ as in the forward pass
                }
            }
        }

        return c[0];
    }

    [Benchmark]
    public float OursOneThread()
    {
        CpuGemm<float>.Multiply(Transpose.No, Transpose.Yes, Rows, Width, Width, 1, a, 0, Width, b, 0, Width, 0, c, 0, Width, 1);
        return c[0];
    }

    [Benchmark]
    public float OursAllThreads()
    {
        CpuGemm<float>.Multiply(Transpose.No, Transpose.Yes, Rows, Width, Width, 1, a, 0, Width, b, 0, Width, 0, c, 0, Width, Environment.ProcessorCount);
        return c[0];
    }
}
