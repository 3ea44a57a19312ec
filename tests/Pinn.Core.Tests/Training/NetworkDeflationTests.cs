using Pinn.Core.Compute.Cpu;
using Pinn.Core.Geometry;
using Pinn.Core.Networks;
using Pinn.Core.Randomness;
using Pinn.Core.Training;

namespace Pinn.Core.Tests.Training;

/// <summary>∇θ M of a network (one value-only forward pass and one seeded reverse pass) against central differences in float64.</summary>
public class NetworkDeflationTests
{
    [Theory]
    [InlineData(Activation.Tanh, 8)]
    [InlineData(Activation.Sigmoid, 16)] // the fused sigmoid kernels, on value-only channels
    [InlineData(Activation.Sigmoid, 12)]
    public void TheParameterGradientOfTheFactorMatchesCentralDifferences(Activation activation, int width)
    {
        var shape = new ResidualNetworkShape(2, width, 2, activation);
        var backend = new CpuBackend<double>(1);
        var points = new double[40 * 2];
        UnitBallSampler.Interior(new Xoshiro256(3), 2, points);
        var deflation = new NetworkDeflation<double>(backend, shape, points, new DeflationOptions(Power: 2, Shift: 1, Points: 40));
        var theta = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Xoshiro256(5), theta);

        // Two known solutions: x₁ + 0.3 and a network of another seed.
        var pointList = Enumerable.Range(0, 40).Select(i => points.AsSpan(2 * i, 2).ToArray()).ToArray();
        deflation.Add(pointList.Select(x => x[0] + 0.3).ToArray());
        var other = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Xoshiro256(6), other);
        deflation.Add(NetworkEvaluation.Values(shape, other, pointList));
        Assert.Equal(2, deflation.Count);

        var gradient = new double[theta.Length];
        double m = deflation.Factor(theta, gradient);
        Assert.True(m > 1, $"M = {m}");
        const double h = 1e-6;
        foreach (int i in new[] { 0, 5, shape.BiasOffset(0), shape.WeightOffset(1) + 3, shape.WeightOffset(2) + 17, shape.OutputWeightOffset + 2, shape.OutputBiasOffset })
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (deflation.Factor(plus, []) - deflation.Factor(minus, [])) / (2 * h);
            NumericAssert.Relative(fd, gradient[i], 1e-6, floor: 1e-8, what: $"∂M/∂θ_{i}");
        }

        // The same values through the trainer's evaluation path.
        NumericAssert.AllRelative(NetworkEvaluation.Values(shape, theta, pointList), deflation.Values(Upload(backend, theta)), 1e-15, floor: 1e-15, what: "u at the deflation points");
    }

    private static Pinn.Core.Compute.BufferView<double> Upload(CpuBackend<double> backend, double[] theta)
    {
        var buffer = backend.Allocate(theta.Length);
        backend.Upload(theta, buffer.All);
        return buffer.All;
    }
}
