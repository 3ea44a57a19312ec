using Pinn.Core.Geometry;
using Pinn.Core.Randomness;

namespace Pinn.Core.Tests.Geometry;

/// <summary>Shifted Halton points: inside the ball or on the sphere, uniform in distribution, and more evenly spread than independent points.</summary>
public class HaltonBallSamplerTests
{
    [Fact]
    public void TheRadicalInverseAndTheNormalQuantileMatchTheirDefinitions()
    {
        Assert.Equal(0.5, HaltonBallSampler.RadicalInverse(1, 2));
        Assert.Equal(0.75, HaltonBallSampler.RadicalInverse(3, 2));
        NumericAssert.Absolute(7.0 / 9, HaltonBallSampler.RadicalInverse(5, 3), 1e-15, "5 = 12₃ → 0.21₃");
        Assert.Equal(0, HaltonBallSampler.RadicalInverse(0, 7));

        // Quantiles of the standard normal (tables): Acklam's approximation is good to 1.2e-9 relative.
        Assert.Equal(0, HaltonBallSampler.InverseNormal(0.5));
        NumericAssert.Relative(1.959963984540054, HaltonBallSampler.InverseNormal(0.975), 2e-9);
        NumericAssert.Relative(-2.326347874040841, HaltonBallSampler.InverseNormal(0.01), 2e-9);
        NumericAssert.Relative(3.090232306167813, HaltonBallSampler.InverseNormal(0.999), 2e-9);
        NumericAssert.Relative(-4.753424308822899, HaltonBallSampler.InverseNormal(1e-6), 2e-9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void InteriorPointsLieInTheBallWithTheUniformMomentsMoreExactlyThanIndependentPoints(int d)
    {
        const int n = 4096;
        var halton = new double[n * d];
        var random = new double[n * d];
        HaltonBallSampler.Interior(new Xoshiro256(3), d, halton);
        UnitBallSampler.Interior(new Xoshiro256(3), d, random);

        // E|x|² = d/(d + 2) and E x_i = 0 for the uniform ball; the radius CDF is r^d.
        double exact = d / (d + 2.0);
        var (haltonMoment, haltonMean, haltonKs) = Moments(halton, d);
        var (randomMoment, randomMean, _) = Moments(random, d);
        Assert.True(halton.All(double.IsFinite));
        NumericAssert.InRange(haltonMoment, exact - 2e-3, exact + 2e-3, "mean |x|² of 4 096 Halton points");
        NumericAssert.InRange(haltonMean, 0, 1e-2, "largest |mean x_i|");
        NumericAssert.InRange(haltonKs, 0, d <= 3 ? 3e-3 : 8e-3, "Kolmogorov–Smirnov distance of r^d from uniform (independent points: about 0.013)");

        // Independent points of the same count are further off in the moments (measured 2–10× for these seeds).
        Assert.True(Math.Abs(haltonMoment - exact) + haltonMean < Math.Abs(randomMoment - exact) + randomMean, $"Halton {haltonMoment}, {haltonMean}; random {randomMoment}, {randomMean}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void SpherePointsHaveUnitNormAndZeroMean(int d)
    {
        const int n = 1024;
        var points = new double[n * d];
        HaltonBallSampler.Sphere(new Xoshiro256(9), d, points);
        for (int p = 0; p < n; p++)
        {
            double norm2 = 0;
            for (int i = 0; i < d; i++)
            {
                norm2 += points[(p * d) + i] * points[(p * d) + i];
            }

            NumericAssert.Absolute(1, norm2, 1e-12, "|x|²");
        }

        for (int i = 0; i < d; i++)
        {
            double mean = Enumerable.Range(0, n).Average(p => points[(p * d) + i]);
            NumericAssert.InRange(Math.Abs(mean), 0, d == 5 ? 2e-2 : 5e-3, $"mean of x{i + 1} on the sphere");
        }

        if (d == 2)
        {
            // The circle gets equispaced angles (the periodic trapezoidal rule), turned by a random offset.
            for (int p = 1; p < n; p++)
            {
                double step = Math.Atan2(points[(2 * p) + 1], points[2 * p]) - Math.Atan2(points[(2 * p) - 1], points[(2 * p) - 2]);
                NumericAssert.Absolute(2 * Math.PI / n, step < -Math.PI ? step + (2 * Math.PI) : step, 1e-12, "angle step");
            }
        }
    }

    [Fact]
    public void EachDrawIsANewSetAndTheSameSeedTheSameSet()
    {
        var first = new double[512 * 2];
        var second = new double[512 * 2];
        var again = new double[512 * 2];
        var random = new Xoshiro256(11);
        HaltonBallSampler.Interior(random, 2, first);
        HaltonBallSampler.Interior(random, 2, second);
        HaltonBallSampler.Interior(new Xoshiro256(11), 2, again);
        Assert.Equal(first, again);
        Assert.NotEqual(first, second);
    }

    private static (double MeanNorm2, double LargestMean, double KolmogorovSmirnov) Moments(double[] points, int d)
    {
        int n = points.Length / d;
        var u = new double[n];
        double norm2 = 0;
        for (int p = 0; p < n; p++)
        {
            double s = 0;
            for (int i = 0; i < d; i++)
            {
                s += points[(p * d) + i] * points[(p * d) + i];
            }

            norm2 += s;
            u[p] = Math.Pow(Math.Sqrt(s), d);
        }

        double largest = Enumerable.Range(0, d).Max(i => Math.Abs(Enumerable.Range(0, n).Average(p => points[(p * d) + i])));
        double ks = UnitBallSamplerTests.KolmogorovSmirnov(u, v => v);
        return (norm2 / n, largest, ks);
    }
}
