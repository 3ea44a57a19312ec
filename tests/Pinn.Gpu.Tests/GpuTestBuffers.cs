using ILGPU;
using ILGPU.Runtime;

namespace Pinn.Gpu.Tests;

/// <summary>Host ↔ device copies for the GPU tests.</summary>
internal static class GpuTestBuffers
{
    /// <summary>A device buffer holding <paramref name="values"/> rounded to float32.</summary>
    public static GpuBuffer Upload(GpuDevice device, double[] values)
    {
        var buffer = new GpuBuffer(device, values.Length);
        buffer.Memory.CopyFromCPU(values.Select(v => (float)v).ToArray());
        return buffer;
    }

    /// <summary>A device buffer's logical contents as doubles.</summary>
    public static double[] Host(GpuBuffer buffer) => buffer.Memory.GetAsArray1D()[..buffer.Length].Select(v => (double)v).ToArray();
}
