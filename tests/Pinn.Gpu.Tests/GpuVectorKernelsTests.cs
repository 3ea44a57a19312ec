using ILGPU;
using ILGPU.Runtime;
using Pinn.Core.Compute.Cpu;

namespace Pinn.Gpu.Tests;

/// <summary>The ILGPU vector kernels on the CPU accelerator against the CPU backend.</summary>
public class GpuVectorKernelsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(257)]
    [InlineData(5_001)] // more than the 64 groups × 64 threads of one reduction pass
    public void EveryOperationMatchesTheCpuBackend(int n)
    {
        using var device = GpuTestDevice.Open();
        var kernels = new GpuVectorKernels(device);
        var cpu = new CpuBackend<float>(1);
        var random = new Random(n);
        var xs = Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var ys = Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        using var gx = GpuTestBuffers.Upload(device, xs);
        using var gy = GpuTestBuffers.Upload(device, ys);
        var cx = cpu.Allocate(n);
        var cy = cpu.Allocate(n);
        cpu.Upload(xs, cx.All);
        cpu.Upload(ys, cy.All);

        // The GPU sums the float32 products in double: against the exact sum to 1e-12, against the CPU backend's float32
        // SIMD sum to its rounding.
        double exact = xs.Zip(ys).Sum(p => (double)(float)p.First * (float)p.Second);
        double gpuDot = kernels.Dot(gx.All, gy.All);
        NumericAssert.Relative(exact, gpuDot, 1e-12, what: "x·y against the exact sum");
        NumericAssert.Relative(cpu.Dot(cx.All, cy.All), gpuDot, 1e-5, floor: 1e-3, what: "x·y against the CPU backend");
        kernels.Axpy(-0.75, gx.All, gy.All);
        cpu.Axpy(-0.75, cx.All, cy.All);
        Assert.Equal(Download(cpu, cy), gy.Memory.GetAsArray1D()[..n].Select(v => (double)v).ToArray(), new FloatUlps(2));
        kernels.Scale(1.5, gx.All);
        cpu.Scale(1.5, cx.All);
        kernels.Shift(gx.All, -0.25);
        cpu.Shift(cx.All, -0.25);
        Assert.Equal(Download(cpu, cx), gx.Memory.GetAsArray1D()[..n].Select(v => (double)v).ToArray(), new FloatUlps(2));
        kernels.Copy(gx.All, gy.All);
        Assert.Equal(gx.Memory.GetAsArray1D(), gy.Memory.GetAsArray1D());
        Assert.True(kernels.AllFinite(gx.All));
        kernels.Fill(gx.Slice(n / 2, 1), double.NaN);
        Assert.False(kernels.AllFinite(gx.All));
        kernels.Fill(gx.Slice(n / 2, 1), double.PositiveInfinity);
        Assert.False(kernels.AllFinite(gx.All));
        Assert.True(n == 1 || kernels.AllFinite(gx.Slice(0, n / 2)));
        kernels.Fill(gy.All, 3);
        Assert.All(gy.Memory.GetAsArray1D(), v => Assert.Equal(3f, v));
    }

    private static double[] Download(CpuBackend<float> cpu, Pinn.Core.Compute.DeviceBuffer<float> buffer)
    {
        var host = new double[buffer.Length];
        cpu.Download(buffer.All, host);
        return host;
    }

    /// <summary>Equal to within a few float32 units in the last place (FMA on one side, a multiply and an add on the other).</summary>
    private sealed class FloatUlps(int ulps) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= ulps * Math.Max(float.Epsilon, MathF.BitIncrement(Math.Abs((float)a)) - Math.Abs((float)a));

        public int GetHashCode(double value) => 0;
    }
}
