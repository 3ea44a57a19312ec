namespace Pinn.Core.Training;

/// <summary>The names of <see cref="ComputeDevice"/> values in run files and on the command line.</summary>
public static class ComputeDeviceNames
{
    /// <summary>The names a user may write, for messages.</summary>
    public const string Choices = "cpu, cuda or ilgpu-cpu";

    /// <summary>The name of a device: cpu, cuda, ilgpu-cpu.</summary>
    /// <param name="device">The device.</param>
    public static string Name(ComputeDevice device) => device switch
    {
        ComputeDevice.Cpu => "cpu",
        ComputeDevice.Cuda => "cuda",
        ComputeDevice.IlgpuCpu => "ilgpu-cpu",
        _ => throw new ArgumentOutOfRangeException(nameof(device), device, $"not a device: use {Choices}."),
    };

    /// <summary>The device a name names, or false.</summary>
    /// <param name="name">cpu, cuda or ilgpu-cpu.</param>
    /// <param name="device">The device.</param>
    public static bool TryParse(string? name, out ComputeDevice device)
    {
        (bool known, device) = name switch
        {
            "cpu" => (true, ComputeDevice.Cpu),
            "cuda" => (true, ComputeDevice.Cuda),
            "ilgpu-cpu" => (true, ComputeDevice.IlgpuCpu),
            _ => (false, ComputeDevice.Cpu),
        };
        return known;
    }
}
