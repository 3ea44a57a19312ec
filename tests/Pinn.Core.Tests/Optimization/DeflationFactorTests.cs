using Pinn.Core.Optimization;

namespace Pinn.Core.Tests.Optimization;

/// <summary>M(u) = Π_j (‖u − u_j‖^(−p) + α) against its closed form, and ∂ln M/∂u against central differences in float64.</summary>
public class DeflationFactorTests
{
    private static readonly double[] U = [0.3, -1.2, 2.5, 0.7, -0.1];
    private static readonly double[] A = [0.1, -1.0, 2.0, 1.0, 0.0];
    private static readonly double[] B = [1.3, 0.2, -0.5, 0.4, 2.0];

    [Fact]
    public void TheFactorIsTheProductOfShiftedInverseDistances()
    {
        static double MeanSquare(double[] x, double[] y) => x.Zip(y, (a, b) => (a - b) * (a - b)).Average();
        // Π (‖d‖^(−p) + α)/α: the paper's operator divided by the constant α^m.
        double expected = (Math.Pow(MeanSquare(U, A), -1.5) + 0.5) * (Math.Pow(MeanSquare(U, B), -1.5) + 0.5) / (0.5 * 0.5);
        NumericAssert.Relative(expected, DeflationFactor.Compute(U, [A, B], 3, 0.5, []), 1e-14, what: "M with p = 3, α = 0.5");
        NumericAssert.Relative(Math.Pow(MeanSquare(U, A), -1), DeflationFactor.Compute(U, [A], 2, 0, []), 1e-14, what: "M with α = 0");
        Assert.Equal(1.0, DeflationFactor.Compute(U, [], 2, 1, []));

        // Far from every known solution M → 1; at a known solution it is huge but finite (the distance is clamped).
        var far = U.Select(v => v + 1e6).ToArray();
        NumericAssert.Relative(1.0, DeflationFactor.Compute(far, [A], 2, 1, []), 1e-11, what: "M far away");
        double atA = DeflationFactor.Compute(A, [A], 2, 1, []);
        Assert.True(double.IsFinite(atA) && atA > 1e29, $"M at a known solution: {atA}");
    }

    [Theory]
    [InlineData(2.0, 1.0)]
    [InlineData(3.0, 0.1)]
    [InlineData(1.0, 0.0)]
    public void TheLogGradientMatchesCentralDifferences(double power, double shift)
    {
        var gradient = new double[U.Length];
        double m = DeflationFactor.Compute(U, [A, B], power, shift, gradient);
        const double h = 1e-6;
        for (int q = 0; q < U.Length; q++)
        {
            var plus = (double[])U.Clone();
            var minus = (double[])U.Clone();
            plus[q] += h;
            minus[q] -= h;
            double fd = (Math.Log(DeflationFactor.Compute(plus, [A, B], power, shift, [])) - Math.Log(DeflationFactor.Compute(minus, [A, B], power, shift, []))) / (2 * h);
            NumericAssert.Relative(fd, gradient[q], 1e-7, floor: 1e-9, what: $"∂ln M/∂u_{q}");
        }

        Assert.True(m > 0);
    }
}
