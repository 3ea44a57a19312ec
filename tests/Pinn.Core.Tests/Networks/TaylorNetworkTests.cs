using Pinn.Core.Configuration;
using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Networks;
using Pinn.Core.Randomness;

namespace Pinn.Core.Tests.Networks;

public class TaylorNetworkTests
{
    private static (double U, double[] Grad, double Lap) Evaluate(ResidualNetworkShape shape, double[] theta, double[] x)
    {
        var backend = new CpuBackend<double>(1);
        var layout = new ChannelLayout(1, 1, shape.InputDimension);
        var net = new TaylorNetwork<double>(backend, shape, layout);
        var t = backend.Allocate(theta.Length);
        backend.Upload(theta, t.All);
        var p = backend.Allocate(x.Length);
        backend.Upload(x, p.All);
        net.Forward(t.All, p.All);
        var output = new double[layout.Rows];
        backend.Download(net.Output.All, output);
        return (output[0], output[1..(1 + shape.InputDimension)], output[layout.LaplacianRow]);
    }

    public static TheoryData<int, Activation> Cases()
    {
        var data = new TheoryData<int, Activation>();
        foreach (var a in Enum.GetValues<Activation>())
        {
            for (int d = 1; d <= 3; d++)
            {
                data.Add(d, a);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValueGradientAndLaplacianMatchFiniteDifferences(int d, Activation activation)
    {
        var shape = new ResidualNetworkShape(d, 7, 2, activation);
        var theta = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Xoshiro256(3), theta);
        var random = new Random(d);
        for (int trial = 0; trial < 5; trial++)
        {
            var x = Enumerable.Range(0, d).Select(_ => random.NextDouble() - 0.5).ToArray();
            var (u, grad, lap) = Evaluate(shape, theta, x);
            double fdLap = 0;
            for (int k = 0; k < d; k++)
            {
                // Central differences: first derivatives with h = 1e-5 (error ~h²), second with h = 1e-3 on the
                // 5-point stencil (error ~h⁴), so both are accurate well below the 1e-6 tolerance.
                double h = 1e-5;
                var xp = (double[])x.Clone();
                var xm = (double[])x.Clone();
                xp[k] += h;
                xm[k] -= h;
                double fd = (Evaluate(shape, theta, xp).U - Evaluate(shape, theta, xm).U) / (2 * h);
                NumericAssert.Relative(fd, grad[k], 1e-6, floor: 1e-3, what: $"du/dx{k + 1}");
                double h2 = 1e-3;
                double F(double dx)
                {
                    var xs = (double[])x.Clone();
                    xs[k] += dx;
                    return Evaluate(shape, theta, xs).U;
                }

                fdLap += ((-F(2 * h2)) + (16 * F(h2)) - (30 * u) + (16 * F(-h2)) - F(-2 * h2)) / (12 * h2 * h2);
            }

            NumericAssert.Relative(fdLap, lap, 1e-6, floor: 1e-2, what: $"laplacian ({activation}, d={d})");
        }
    }

    [Fact]
    public void ParameterLayoutMatchesThePaperNetwork()
    {
        var shape = new ResidualNetworkShape(2, 200, 3);
        Assert.Equal(121_401, shape.ParameterCount);
        Assert.Equal(10, shape.Blocks.Count);
        Assert.Equal(shape.ParameterCount, shape.Blocks.Sum(b => b.Length));
        Assert.Equal(shape.OutputBiasOffset, shape.Blocks[^1].Offset);
    }

    [Fact]
    public void InitializationStatisticsMatchXavierAndPyTorchBias()
    {
        var shape = new ResidualNetworkShape(2, 200, 3);
        var theta = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Xoshiro256(1), theta);
        var w1 = theta.AsSpan(shape.WeightOffset(1), 200 * 200).ToArray();
        double std = Math.Sqrt(w1.Select(v => v * v).Average());
        NumericAssert.Relative(Math.Sqrt(2.0 / 400), std, 0.01, what: "Xavier std");
        var b1 = theta.AsSpan(shape.BiasOffset(1), 200).ToArray();
        Assert.All(b1, v => Assert.InRange(v, -1 / Math.Sqrt(200), 1 / Math.Sqrt(200)));
        var again = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Xoshiro256(1), again);
        Assert.Equal(theta, again);
    }

    [Fact]
    public void InvalidShapeNamesTheField()
    {
        var e = Assert.Throws<OptionsValidationException>(() => new ResidualNetworkShape(2, 0, 3).Validate());
        Assert.Equal("Width", e.ParamName);
        Assert.Equal("Depth", Assert.Throws<OptionsValidationException>(() => new ResidualNetworkShape(2, 4, -1).Validate()).Property);
    }
}
