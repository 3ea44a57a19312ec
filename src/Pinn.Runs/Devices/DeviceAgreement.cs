using System.Diagnostics;
using Pinn.Core.Compute;
using Pinn.Core.LinearAlgebra;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;

namespace Pinn.Runs.Devices;

/// <summary>
/// The GPU agreement check as one library call (what <c>pinn device-check</c> prints): short training runs on a device
/// backend against the same runs on the CPU backend — BBI with bounces every 3 steps (sigmoid, 3 members, the bounce
/// directions drawn on the host from the seed, so both must bounce alike) and Adam (tanh, 2 members), 8 steps with the
/// points resampled every 4 — member by member: bounces, the loss before the first step, θ and the last loss. On the
/// device the members are batched (one launch per layer for all of them), on the CPU they run one after another.
/// </summary>
public static class DeviceAgreement
{
    /// <summary>The training steps of each case.</summary>
    public const long Steps = 8;

    /// <summary>Runs both cases on <paramref name="device"/> and on the CPU backend and compares them.</summary>
    /// <param name="device">The device backend (e.g. <see cref="ComputeDevices.For{T}"/> for "cuda").</param>
    /// <param name="tolerances">The tolerances (default: the ILGPU backend's agreement tests').</param>
    /// <returns>Every member of every case; <see cref="DeviceAgreementReport.Agrees"/> says whether all agree.</returns>
    public static DeviceAgreementReport Check(IComputeBackend<float> device, DeviceAgreementTolerances? tolerances = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        tolerances = (tolerances ?? new DeviceAgreementTolerances()).Validate();
        var clock = Stopwatch.StartNew();
        var members = new List<MemberAgreement>();
        members.AddRange(Compare(device, "bbi-sigmoid", new BbiOptions(TimeStep: 1e-2, FixedBouncePeriod: 3, ProgressBounceThreshold: 50, FixedBounceCount: 2), Activation.Sigmoid, 3));
        members.AddRange(Compare(device, "adam-tanh", new AdamOptions(1e-2), Activation.Tanh, 2));
        return new DeviceAgreementReport(device.Name, Steps, tolerances, members, clock.Elapsed.TotalSeconds);
    }

    private static RunOptions Options(IOptimizerOptions optimizer, Activation activation, int members) => new(
        new NetworkOptions(8, 2, activation),
        new PointOptions(60, 12, 4, 30),
        new LossOptions(BoundaryWeight: 10, WeightDecay: 1e-4),
        optimizer,
        new TrainingOptions(Steps: Steps, EvaluateEvery: Steps, CheckpointEvery: 1000, Seed: 9, Threads: 1),
        new EnsembleOptions(members));

    private static IEnumerable<MemberAgreement> Compare(IComputeBackend<float> device, string name, IOptimizerOptions optimizer, Activation activation, int count)
    {
        var p = ProblemCatalog.Sin2(2, 3);
        var problem = new TrainingProblem(p.Name, p.ToResidualForm(), p.KnownSolutions);
        var options = Options(optimizer, activation, count);
        using var onDevice = new Trainer<float>(problem, options, device);
        using var onCpu = new Trainer<float>(problem, options);
        var deviceStart = onDevice.Evaluate();
        var cpuStart = onCpu.Evaluate();
        onDevice.Run(null, null, CancellationToken.None);
        onCpu.Run(null, null, CancellationToken.None);
        var result = new List<MemberAgreement>(count);
        for (int m = 0; m < count; m++)
        {
            result.Add(new MemberAgreement(
                name,
                m,
                onCpu.Members[m].Bounces,
                onDevice.Members[m].Bounces,
                RelativeError.Rms([deviceStart[m].Loss], [cpuStart[m].Loss]),
                RelativeError.Rms(onDevice.Parameters(m), onCpu.Parameters(m)),
                RelativeError.Rms([onDevice.Members[m].LastLoss], [onCpu.Members[m].LastLoss]),
                onCpu.Members[m].State == MemberState.Completed && onDevice.Members[m].State == MemberState.Completed));
        }

        return result;
    }
}
