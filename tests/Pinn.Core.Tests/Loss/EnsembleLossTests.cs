using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Randomness;
using Pinn.Problems;

namespace Pinn.Core.Tests.Loss;

public class EnsembleLossTests
{
    /// <summary>K members side by side give each member what its own <see cref="PinnLoss{T}"/> gives (float64, CPU backend).</summary>
    [Theory]
    [InlineData(2, Activation.Sigmoid, false, 0, 3)]
    [InlineData(2, Activation.Tanh, true, 0, 2)]
    [InlineData(3, Activation.Sin, false, 7, 4)]
    [InlineData(1, Activation.Sigmoid, true, 5, 3)]
    [InlineData(2, Activation.Sigmoid, false, 0, 1)]
    public void EveryMemberGetsItsOwnLossAndGradient(int d, Activation activation, bool residualOnBoundary, int chunk, int members)
    {
        var shape = new ResidualNetworkShape(d, 6, 2, activation);
        var options = new LossOptions(BoundaryWeight: 10, WeightDecay: 1e-2, ResidualOnBoundary: residualOnBoundary);
        var backend = new CpuBackend<double>(1);
        var form = ProblemCatalog.Sin2(d, 3).ToResidualForm();
        var single = new PinnLoss<double>(backend, form, shape, 23, 9, options);
        single.Resample(new Xoshiro256(17));
        var ensemble = new EnsembleLoss<double>(backend, form, shape, members, 23, 9, options, chunk);
        ensemble.SetPoints(single.HostPoints);
        if (chunk > 0)
        {
            Assert.Equal((32 + chunk - 1) / chunk, ensemble.Chunks);
        }

        int p = shape.ParameterCount;
        var hosts = new double[members * p];
        for (int m = 0; m < members; m++)
        {
            NetworkInitializer.Initialize(shape, Xoshiro256.ForStream(5, (ulong)m), hosts.AsSpan(m * p, p));
        }

        var thetas = backend.Allocate(members * p);
        backend.Upload(hosts, thetas.All);
        var gradients = backend.Allocate(members * p);
        var parts = new LossBreakdown[members];
        ensemble.Evaluate(thetas.All, gradients.All, parts);
        var all = new double[members * p];
        backend.Download(gradients.All, all);
        var gradient = backend.Allocate(p);
        var expected = new double[p];
        for (int m = 0; m < members; m++)
        {
            var a = single.Evaluate(thetas.Slice(m * p, p), gradient.All);
            var b = parts[m];
            NumericAssert.Relative(a.Total, b.Total, 1e-12, what: $"member {m} loss");
            NumericAssert.Relative(a.Residual, b.Residual, 1e-12, what: $"member {m} residual part");
            NumericAssert.Relative(a.Boundary, b.Boundary, 1e-12, what: $"member {m} boundary part");
            NumericAssert.Relative(a.Regularization, b.Regularization, 1e-12, what: $"member {m} penalty");
            NumericAssert.Relative(a.MeanAbsResidual, b.MeanAbsResidual, 1e-12, what: $"member {m} mean |R|");
            NumericAssert.Relative(a.MaxAbsResidual, b.MaxAbsResidual, 1e-12, what: $"member {m} max |R|");
            NumericAssert.Relative(a.MeanAbsBoundaryError, b.MeanAbsBoundaryError, 1e-12, what: $"member {m} mean |B|");
            backend.Download(gradient.All, expected);
            NumericAssert.NormRelative(expected, all.AsSpan(m * p, p), 1e-12, $"member {m} gradient");
        }

        // Without a gradient: the same losses.
        var again = new LossBreakdown[members];
        ensemble.Evaluate(thetas.All, null, again);
        Assert.Equal(parts, again);
    }

    [Fact]
    public void AMemberWithNonFiniteParametersLeavesTheOthersUntouched()
    {
        var shape = new ResidualNetworkShape(2, 5, 1);
        var options = new LossOptions(BoundaryWeight: 1, WeightDecay: 0);
        var backend = new CpuBackend<double>(1);
        var ensemble = new EnsembleLoss<double>(backend, ProblemCatalog.Sin2(2, 3).ToResidualForm(), shape, 3, 16, 4, options);
        ensemble.Resample(new Xoshiro256(2));
        int p = shape.ParameterCount;
        var hosts = new double[3 * p];
        for (int m = 0; m < 3; m++)
        {
            NetworkInitializer.Initialize(shape, new Xoshiro256(9), hosts.AsSpan(m * p, p));
        }

        hosts[p + 3] = double.NaN; // member 1
        var thetas = backend.Allocate(3 * p);
        backend.Upload(hosts, thetas.All);
        var gradients = backend.Allocate(3 * p);
        var parts = new LossBreakdown[3];
        ensemble.Evaluate(thetas.All, gradients.All, parts);
        Assert.True(double.IsNaN(parts[1].Total));
        Assert.True(double.IsFinite(parts[0].Total));
        NumericAssert.Relative(parts[0].Total, parts[2].Total, 1e-12, what: "members 0 and 2 (same parameters)");
        Assert.True(backend.AllFinite(gradients.Slice(0, p)));
        Assert.True(backend.AllFinite(gradients.Slice(2 * p, p)));
    }

    [Fact]
    public void MismatchedViewsAreRefusedWithTheSizesNamed()
    {
        var shape = new ResidualNetworkShape(2, 4, 1);
        var backend = new CpuBackend<double>(1);
        var ensemble = new EnsembleLoss<double>(backend, ProblemCatalog.Sin2(2, 3).ToResidualForm(), shape, 2, 8, 2, new LossOptions());
        var e = Assert.Throws<ArgumentException>(() => ensemble.Evaluate(backend.Allocate(shape.ParameterCount).All, null, new LossBreakdown[2]));
        Assert.Contains($"2 members of {shape.ParameterCount} parameters", e.Message, StringComparison.Ordinal);
    }
}
