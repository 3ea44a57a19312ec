using Pinn.Core.Geometry;
using Pinn.Core.Randomness;

namespace Pinn.Core.Tests.Geometry;

public class UnitBallSamplerTests
{
    // Kolmogorov–Smirnov statistic of a sample against a CDF.
    internal static double KolmogorovSmirnov(double[] sample, Func<double, double> cdf)
    {
        Array.Sort(sample);
        double d = 0;
        for (int i = 0; i < sample.Length; i++)
        {
            double f = cdf(sample[i]);
            d = Math.Max(d, Math.Max(((i + 1.0) / sample.Length) - f, f - ((double)i / sample.Length)));
        }

        return d;
    }

    // Critical value at α = 0.001: 1.95/√n.
    private static double Critical(int n) => 1.95 / Math.Sqrt(n);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void InteriorRadiusHasCdfRToTheD(int d)
    {
        const int n = 20000;
        var points = new double[n * d];
        UnitBallSampler.Interior(new Xoshiro256(100 + (ulong)d), d, points);
        var radii = new double[n];
        for (int p = 0; p < n; p++)
        {
            double s = 0;
            for (int k = 0; k < d; k++)
            {
                s += points[(p * d) + k] * points[(p * d) + k];
            }

            radii[p] = Math.Sqrt(s);
        }

        Assert.All(radii, r => Assert.True(r < 1));
        Assert.True(KolmogorovSmirnov(radii, r => Math.Pow(r, d)) < Critical(n));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void DirectionsAreUniform(int d)
    {
        // For a uniform direction, each coordinate x₁ has CDF F(t) with density ∝ (1 − t²)^{(d−3)/2}: checked through
        // a projection that is uniform for every d: for d=2 the angle, otherwise the sign and |x₁| quantiles by simulation-free CDFs.
        const int n = 20000;
        var points = new double[n * d];
        UnitBallSampler.Sphere(new Xoshiro256(200 + (ulong)d), d, points);
        for (int p = 0; p < n; p++)
        {
            double s = 0;
            for (int k = 0; k < d; k++)
            {
                s += points[(p * d) + k] * points[(p * d) + k];
            }

            NumericAssert.Absolute(1, Math.Sqrt(s), 1e-14, "boundary radius");
        }

        var x1 = Enumerable.Range(0, n).Select(p => points[p * d]).ToArray();
        Func<double, double> cdf = d switch
        {
            1 => t => t < 0 ? 0 : t < 1 ? 0.5 : 1,
            2 => t => 1 - (Math.Acos(Math.Clamp(t, -1, 1)) / Math.PI),
            3 => t => (Math.Clamp(t, -1, 1) + 1) / 2,
            _ => t => { t = Math.Clamp(t, -1, 1); return 0.5 + ((t * Math.Sqrt(1 - (t * t))) + Math.Asin(t)) / Math.PI; },
        };
        if (d == 1)
        {
            double positive = x1.Count(v => v > 0) / (double)n;
            NumericAssert.Absolute(0.5, positive, 0.02, "sign balance");
            return;
        }

        Assert.True(KolmogorovSmirnov(x1, cdf) < Critical(n));
        // Uniformity also means no preferred axis: the last coordinate has the same law.
        var xd = Enumerable.Range(0, n).Select(p => points[(p * d) + d - 1]).ToArray();
        Assert.True(KolmogorovSmirnov(xd, cdf) < Critical(n));
    }

    [Fact]
    public void SameSeedSamePoints()
    {
        var a = new double[300];
        var b = new double[300];
        UnitBallSampler.Interior(new Xoshiro256(9), 3, a);
        UnitBallSampler.Interior(new Xoshiro256(9), 3, b);
        Assert.Equal(a, b);
    }
}
