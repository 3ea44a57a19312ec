using Pinn.Core.Networks;
using Pinn.Problems;
using Pinn.Runs.Benchmarking;

namespace Pinn.Runs.Tests.Benchmarking;

/// <summary>The Gauss–Newton benchmark times the production polisher (not a copy of its iteration).</summary>
public class GaussNewtonBenchmarkTests
{
    [Fact]
    public void TimesEveryPhaseOfTheProductionPolisherOnTheScalesSystem()
    {
        var scale = new BenchmarkScale("tiny", 6, 1, 30, 10);
        var r = GaussNewtonBenchmark.Run(ProblemCatalog.Sin2(2, 5).ToResidualForm(), scale, threads: 1, repeats: 3);
        Assert.Equal((40, new ResidualNetworkShape(2, 6, 1).ParameterCount, 1), (r.Rows, r.Parameters, r.Threads));
        Assert.All(new[] { r.JacobianMs, r.GramMs, r.CholeskyMs, r.StepMs }, ms => Assert.InRange(ms, 1e-6, 1e4));
        NumericAssert.Relative(r.JacobianMs + r.GramMs + r.CholeskyMs + r.StepMs, r.IterationMs, 1e-12, what: "iteration = sum of its phases");
        Assert.True(r.GramGflops > 0 && r.GemmCeilingGflops > 0);
    }
}
