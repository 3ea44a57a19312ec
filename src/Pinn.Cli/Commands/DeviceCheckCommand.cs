using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pinn.Core.Training;
using Pinn.Runs;
using Pinn.Runs.Devices;

namespace Pinn.Cli.Commands;

/// <summary><c>pinn device-check</c>: short BBI and Adam runs on a device against the same runs on the CPU backend.</summary>
internal static class DeviceCheckCommand
{
    /// <summary>The exit code when the device disagrees with the CPU backend.</summary>
    public const int DisagreementExitCode = 5;

    public static Command Create(TextWriter output)
    {
        var device = new Option<string>("--device") { Description = "cuda (an NVIDIA GPU through ILGPU) or ilgpu-cpu (the GPU kernels on ILGPU's CPU accelerator).", DefaultValueFactory = _ => "cuda" };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var command = new Command("device-check", $"Check a device against the CPU backend: {DeviceAgreement.Steps} steps of BBI (3 members, bounces) and of Adam (2 members) on both; exit code {DisagreementExitCode} when they disagree.") { device, json };
        command.SetAction(parse =>
        {
            string dev = parse.GetValue(device)!;
            if (dev is not ("cuda" or "ilgpu-cpu"))
            {
                throw new ArgumentException($"--device must be cuda or ilgpu-cpu, not '{dev}' (the check compares a device with the CPU backend).");
            }

            var backend = ComputeDevices.For<float>(new TrainingOptions(Device: dev == "cuda" ? ComputeDevice.Cuda : ComputeDevice.IlgpuCpu).Validate())!;
            using var owner = backend as IDisposable; // frees the check's device memory
            var report = DeviceAgreement.Check(backend);
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    device = report.Device, steps = report.Steps, agrees = report.Agrees, seconds = report.Seconds,
                    tolerances = new { initialLoss = report.Tolerances.InitialLoss, parameters = report.Tolerances.Parameters, lastLoss = report.Tolerances.LastLoss },
                    members = report.Members.Select(m => new
                    {
                        @case = m.Case, member = m.Member, cpuBounces = m.CpuBounces, deviceBounces = m.DeviceBounces, completed = m.Completed,
                        initialLoss = Finite(m.InitialLossDifference), parameters = Finite(m.ParameterDifference), lastLoss = Finite(m.LastLossDifference),
                        agrees = m.Within(report.Tolerances),
                    }),
                }));
            }
            else
            {
                output.WriteLine($"device {report.Device} against the CPU backend, {report.Steps} steps per case (tolerances: initial loss {report.Tolerances.InitialLoss:G2}, θ {report.Tolerances.Parameters:G2}, last loss {report.Tolerances.LastLoss:G2}, relative)");
                foreach (var m in report.Members)
                {
                    output.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"  {m.Case,-12} member {m.Member}: bounces {m.CpuBounces}/{m.DeviceBounces}, initial loss {m.InitialLossDifference:E2}, θ {m.ParameterDifference:E2}, last loss {m.LastLossDifference:E2}{(m.Completed ? string.Empty : ", not completed")}: {(m.Within(report.Tolerances) ? "agrees" : "DISAGREES")}"));
                }

                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pinn: the device {(report.Agrees ? "agrees" : "does NOT agree")} with the CPU backend ({report.Seconds:F1} s)"));
            }

            return report.Agrees ? 0 : DisagreementExitCode;
        });
        return command;
    }

    /// <summary>A figure for JSON: null where it is not a number (NaN is not JSON).</summary>
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
