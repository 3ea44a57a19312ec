using System.Numerics.Tensors;
using Pinn.Core.Randomness;

namespace Pinn.Core.Geometry;

/// <summary>
/// Quasi-random points of the unit ball and the unit sphere of R^d: the Halton sequence (bases the first primes), each
/// coordinate shifted modulo 1 by a uniform random number per draw (Cranley–Patterson rotation: every point is uniform,
/// the set stays evenly spread, and each draw is a new set), carried to the ball by maps that preserve volume —
/// d = 1: x = 2u − 1; d = 2: r = √u₁, φ = 2πu₂; d = 3: r = u₁^⅓ and Archimedes' z = 2u₂ − 1, φ = 2πu₃; d ≥ 4: the direction
/// of a Gaussian vector made from d coordinates by the inverse normal CDF, r = u_{d+1}^{1/d}. On the sphere: d = 1 the
/// two points ±1 in turn; d = 2 equispaced angles with a random offset; d ≥ 3 the same maps without the radius.
/// Points are written row-major, d coordinates per point.
/// </summary>
public static class HaltonBallSampler
{
    private static readonly int[] Primes = FirstPrimes(66);

    /// <summary>Fills <paramref name="points"/> with <c>points.Length / d</c> evenly spread points of the open unit ball.</summary>
    /// <param name="random">The injected generator (the shifts).</param>
    /// <param name="dimension">d, 1 to 64.</param>
    /// <param name="points">Destination, a multiple of d long.</param>
    public static void Interior(Xoshiro256 random, int dimension, Span<double> points)
    {
        int count = Count(dimension, points);
        int coordinates = dimension <= 3 ? dimension : dimension + 1;
        var shift = Shifts(random, coordinates);
        Span<double> u = stackalloc double[coordinates];
        for (int p = 0; p < count; p++)
        {
            Coordinates(p + 1, shift, u);
            var x = points.Slice(p * dimension, dimension);
            switch (dimension)
            {
                case 1:
                    x[0] = (2 * u[0]) - 1;
                    break;
                case 2:
                    Circle(Math.Sqrt(u[0]), u[1], x);
                    break;
                case 3:
                    Sphere3(Math.Cbrt(u[0]), u[1], u[2], x);
                    break;
                default:
                    Direction(u[..dimension], x);
                    TensorPrimitives.Multiply(x, Math.Pow(u[dimension], 1.0 / dimension), x);
                    break;
            }
        }
    }

    /// <summary>Fills <paramref name="points"/> with evenly spread points of the unit sphere (|x| = 1).</summary>
    /// <param name="random">The injected generator (the shifts).</param>
    /// <param name="dimension">d, 1 to 64.</param>
    /// <param name="points">Destination, a multiple of d long.</param>
    public static void Sphere(Xoshiro256 random, int dimension, Span<double> points)
    {
        int count = Count(dimension, points);
        int coordinates = dimension switch { <= 2 => 1, 3 => 2, _ => dimension };
        var shift = Shifts(random, coordinates);
        Span<double> u = stackalloc double[coordinates];
        for (int p = 0; p < count; p++)
        {
            var x = points.Slice(p * dimension, dimension);
            switch (dimension)
            {
                case 1:
                    x[0] = p % 2 == 0 ? 1 : -1;
                    break;
                case 2:
                    Circle(1, (p + shift[0]) / count, x);
                    break;
                case 3:
                    Coordinates(p + 1, shift, u);
                    Sphere3(1, u[0], u[1], x);
                    break;
                default:
                    Coordinates(p + 1, shift, u);
                    Direction(u, x);
                    break;
            }
        }
    }

    /// <summary>The radical inverse of <paramref name="index"/> in base <paramref name="b"/>: the Halton coordinate.</summary>
    /// <param name="index">The point's index, ≥ 0.</param>
    /// <param name="b">The base, ≥ 2.</param>
    public static double RadicalInverse(long index, int b)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfLessThan(b, 2);
        double scale = 1, value = 0;
        while (index > 0)
        {
            scale /= b;
            value += scale * (index % b);
            index /= b;
        }

        return value;
    }

    private static int Count(int dimension, Span<double> points)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimension, 64);
        if (points.Length % dimension != 0)
        {
            throw new ArgumentException("The destination length must be a multiple of the dimension.", nameof(points));
        }

        return points.Length / dimension;
    }

    private static double[] Shifts(Xoshiro256 random, int coordinates)
    {
        var shift = new double[coordinates];
        for (int i = 0; i < coordinates; i++)
        {
            shift[i] = random.NextDouble();
        }

        return shift;
    }

    /// <summary>Halton point <paramref name="index"/>, shifted modulo 1, kept inside (0, 1) so that maps stay finite.</summary>
    private static void Coordinates(long index, double[] shift, Span<double> u)
    {
        for (int i = 0; i < u.Length; i++)
        {
            double v = RadicalInverse(index, Primes[i]) + shift[i];
            v -= Math.Floor(v);
            u[i] = Math.Clamp(v, 1e-16, 1 - 1e-16);
        }
    }

    private static void Circle(double radius, double turn, Span<double> x)
    {
        double angle = 2 * Math.PI * turn;
        x[0] = radius * Math.Cos(angle);
        x[1] = radius * Math.Sin(angle);
    }

    private static void Sphere3(double radius, double height, double turn, Span<double> x)
    {
        double z = (2 * height) - 1, ring = Math.Sqrt(Math.Max(0, 1 - (z * z)));
        double angle = 2 * Math.PI * turn;
        x[0] = radius * ring * Math.Cos(angle);
        x[1] = radius * ring * Math.Sin(angle);
        x[2] = radius * z;
    }

    private static void Direction(ReadOnlySpan<double> u, Span<double> x)
    {
        double norm2 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = InverseNormal(u[i]);
            norm2 += x[i] * x[i];
        }

        if (norm2 > 1e-300)
        {
            TensorPrimitives.Multiply(x, 1 / Math.Sqrt(norm2), x);
        }
        else
        {
            x.Clear();
            x[0] = 1;
        }
    }

    /// <summary>The standard normal quantile, Acklam's rational approximation (relative error below 1.2e-9).</summary>
    /// <param name="p">A probability in (0, 1).</param>
    internal static double InverseNormal(double p)
    {
        const double low = 0.02425;
        if (p < low || p > 1 - low)
        {
            double q = Math.Sqrt(-2 * Math.Log(Math.Min(p, 1 - p)));
            double tail = Horner(q, [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00])
                / Horner(q, [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00, 1]);
            return p < low ? tail : -tail;
        }

        double s = p - 0.5, t = s * s;
        return s * Horner(t, [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00])
            / Horner(t, [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01, 1]);

        static double Horner(double x, ReadOnlySpan<double> c)
        {
            double v = c[0];
            for (int i = 1; i < c.Length; i++)
            {
                v = (v * x) + c[i];
            }

            return v;
        }
    }

    private static int[] FirstPrimes(int count)
    {
        var primes = new List<int>(count);
        for (int n = 2; primes.Count < count; n++)
        {
            if (primes.TrueForAll(p => n % p != 0))
            {
                primes.Add(n);
            }
        }

        return [.. primes];
    }
}
