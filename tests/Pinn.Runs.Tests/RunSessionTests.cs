using Pinn.Core.Training;
using Pinn.Problems;

namespace Pinn.Runs.Tests;

/// <summary>The one place a run's trainer comes from: its precision and device chosen from the options.</summary>
public class RunSessionTests
{
    private static TrainingProblem Problem()
    {
        var p = ProblemCatalog.Sin2(2, 1);
        return new TrainingProblem(p.Name, p.ToResidualForm(), p.KnownSolutions);
    }

    [Fact]
    public void ATrainerOfTheRunsPrecisionOnTheRunsDevice()
    {
        var options = BatchSolverTests.Options(steps: 10, polish: 2);
        using (var f32 = RunSession.Start(Problem(), options))
        {
            Assert.IsType<Trainer<float>>(f32);
            Assert.EndsWith(", f32)", f32.BackendName, StringComparison.Ordinal);
        }

        using (var f64 = RunSession.Start(Problem(), options with { Training = options.Training with { Precision = Precision.F64 } }))
        {
            Assert.IsType<Trainer<double>>(f64);
            Assert.EndsWith(", f64)", f64.BackendName, StringComparison.Ordinal);
            f64.Run(null, null, CancellationToken.None);
            Assert.Equal(12, f64.Step);
        }

        if (!File.Exists("/dev/nvidiactl"))
        {
            var cuda = options with { Training = options.Training with { Device = ComputeDevice.Cuda } };
            Assert.StartsWith("no CUDA device", Assert.Throws<Pinn.Gpu.GpuUnavailableException>(() => RunSession.Start(Problem(), cuda)).Message, StringComparison.Ordinal);
        }
    }
}
