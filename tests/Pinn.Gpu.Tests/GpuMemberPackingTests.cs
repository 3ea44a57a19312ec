using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Networks;

namespace Pinn.Gpu.Tests;

/// <summary>Moving K members' parameters between their own layout and the packed one, on the device.</summary>
public class GpuMemberPackingTests
{
    [Fact]
    public void PackingOnTheDeviceMatchesTheLoopOnTheCpu()
    {
        var shape = new ResidualNetworkShape(2, 5, 3);
        const int members = 4;
        int total = members * shape.ParameterCount;
        var values = Enumerable.Range(0, total).Select(i => (double)i).ToArray();
        using var device = GpuTestDevice.Open();
        using var backend = new IlgpuBackend(device);
        IComputeBackend<float> gpu = backend;
        IComputeBackend<double> cpu = new CpuBackend<double>(1);
        var expected = new double[total];
        var source = cpu.Allocate(total);
        var packed = cpu.Allocate(total);
        cpu.Upload(values, source.All);
        cpu.PackMembers(shape, members, source.All, packed.All);
        cpu.Download(packed.All, expected);
        var gpuSource = gpu.Allocate(total);
        var gpuPacked = gpu.Allocate(total);
        gpu.Upload(values, gpuSource.All);
        gpu.PackMembers(shape, members, gpuSource.All, gpuPacked.All);
        var actual = new double[total];
        gpu.Download(gpuPacked.All, actual);
        Assert.Equal(expected, actual);
        gpu.Fill(gpuSource.All, -1);
        gpu.UnpackMembers(shape, members, gpuPacked.All, gpuSource.All);
        gpu.Download(gpuSource.All, actual);
        Assert.Equal(values, actual);
    }
}
