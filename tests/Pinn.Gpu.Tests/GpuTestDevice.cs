namespace Pinn.Gpu.Tests;

/// <summary>
/// The device the GPU tests run on: ILGPU's CPU accelerator (CI), or an NVIDIA GPU with <c>PINN_TEST_DEVICE=cuda</c> on a
/// machine that has one — the same agreement tests, run on the hardware.
/// </summary>
internal static class GpuTestDevice
{
    /// <summary>The kind of device the tests open.</summary>
    public static GpuDeviceKind Kind => Environment.GetEnvironmentVariable("PINN_TEST_DEVICE") == "cuda" ? GpuDeviceKind.Cuda : GpuDeviceKind.IlgpuCpu;

    /// <summary>Opens the test device.</summary>
    public static GpuDevice Open() => GpuDevice.Open(Kind);
}
