using Pinn.Core.Symbolic;

namespace Pinn.Core.Tests.Symbolic;

public class ErrorFunctionTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.1, 0.1124629160182849)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(2.5, 0.9995930479825550)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(4.0, 0.9999999845827421)]
    public void MatchesTabulatedValues(double x, double expected)
    {
        // Reference values: Abramowitz & Stegun table 7.1 extended to 16 digits (mpmath).
        NumericAssert.Relative(expected, ErrorFunction.Erf(x), 4e-16, floor: 1e-300, what: $"erf({x})");
        NumericAssert.Relative(-expected, ErrorFunction.Erf(-x), 4e-16, floor: 1e-300, what: $"erf(-{x})");
    }

    [Fact]
    public void DerivativeIsTheGaussianOnBothSidesOfTheMethodSwitch()
    {
        // d/dx erf = 2/√π e^(−x²), checked by central differences across the series/continued-fraction switch at 2.5.
        foreach (double x in new[] { 0.3, 1.7, 2.45, 2.5, 2.55, 3.0 })
        {
            const double h = 1e-5;
            double fd = (ErrorFunction.Erf(x + h) - ErrorFunction.Erf(x - h)) / (2 * h);
            NumericAssert.Relative(2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x), fd, 1e-6, floor: 1e-300, what: $"erf'({x})");
        }
    }

    [Fact]
    public void ComplementIsAccurateInTheTail()
    {
        // 1 − erf(x) for x = 5 is erfc(5) = 1.5374597944280349e-12; the difference keeps ≈ 4 digits in double.
        NumericAssert.Relative(1.5374597944280349e-12, 1 - ErrorFunction.Erf(5), 1e-4);
        Assert.Equal(1.0, ErrorFunction.Erf(30));
        Assert.Equal(-1.0, ErrorFunction.Erf(double.NegativeInfinity));
        Assert.True(double.IsNaN(ErrorFunction.Erf(double.NaN)));
    }
}
