using ILGPU;
using ILGPU.Runtime;
using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Networks;

namespace Pinn.Gpu.Tests;

/// <summary>The ILGPU Taylor-mode residual activation on the CPU accelerator against the CPU backend's general kernels.</summary>
public class GpuTaylorKernelsTests
{
    [Theory]
    [InlineData(Activation.Sigmoid, 2)]
    [InlineData(Activation.Tanh, 2)]
    [InlineData(Activation.Sin, 3)]
    [InlineData(Activation.Sigmoid, 1)]
    public void ForwardAndBackwardMatchTheCpuBackend(Activation activation, int d)
    {
        // 23 points of which the first 17 carry gradient and Laplacian channels (the rest: boundary values only), width 12.
        var layout = new ChannelLayout(23, 17, d);
        const int width = 12;
        int cells = layout.Rows * width;
        using var device = GpuTestDevice.Open();
        var gpu = new GpuTaylorKernels(device);
        var cpu = new CpuBackend<float>(1, new CpuKernelOptions(FusedSigmoid: false));
        var random = new Random(d + (int)activation);
        double[] Random(int n) => Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var z = Random(cells);
        var bias = Random(width);
        var yIn = Random(cells);
        var dA = Random(cells);

        var (cz, cbias, cyIn, cyOut, cdA, cdZ, cbg) = (Cpu(cpu, z), Cpu(cpu, bias), Cpu(cpu, yIn), cpu.Allocate(cells), Cpu(cpu, dA), cpu.Allocate(cells), cpu.Allocate(width));
        cpu.ResidualActivationForward(layout, activation, width, cz.All, cbias.All, cyIn.All, cyOut.All);
        cpu.ResidualActivationBackward(layout, activation, width, cz.All, cdA.All, cdZ.All, cbg.All);

        using var gz = GpuTestBuffers.Upload(device, z);
        using var gbias = GpuTestBuffers.Upload(device, bias);
        using var gyIn = GpuTestBuffers.Upload(device, yIn);
        using var gyOut = new GpuBuffer(device, cells);
        using var gdA = GpuTestBuffers.Upload(device, dA);
        using var gdZ = new GpuBuffer(device, cells);
        using var gbg = new GpuBuffer(device, width);
        gpu.ResidualActivationForward(layout, activation, width, gz.All, gbias.All, gyIn.All, gyOut.All);
        gpu.ResidualActivationBackward(layout, activation, width, gz.All, gdA.All, gdZ.All, gbg.All);

        NumericAssert.NormRelative(Host(cpu, cz), GpuTestBuffers.Host(gz), 1e-6, "z + bias");
        NumericAssert.NormRelative(Host(cpu, cyOut), GpuTestBuffers.Host(gyOut), 2e-6, "y_out (value, ∇ and ∇² channels)");
        NumericAssert.NormRelative(Host(cpu, cdZ), GpuTestBuffers.Host(gdZ), 2e-6, "dZ");
        NumericAssert.NormRelative(Host(cpu, cbg), GpuTestBuffers.Host(gbg), 2e-6, "bias gradient");
    }

    private static DeviceBuffer<float> Cpu(CpuBackend<float> cpu, double[] values)
    {
        var buffer = cpu.Allocate(values.Length);
        cpu.Upload(values, buffer.All);
        return buffer;
    }

    private static double[] Host(CpuBackend<float> cpu, DeviceBuffer<float> buffer)
    {
        var host = new double[buffer.Length];
        cpu.Download(buffer.All, host);
        return host;
    }
}
