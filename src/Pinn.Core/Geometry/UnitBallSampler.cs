using System.Numerics.Tensors;
using Pinn.Core.Randomness;

namespace Pinn.Core.Geometry;

/// <summary>
/// Exact uniform samplers for the unit ball and the unit sphere of R^d: a Gaussian vector's direction is uniform
/// on the sphere; scaling it by U^{1/d} makes the radius CDF r^d, i.e. uniform in volume (no rejection).
/// Points are written row-major, d coordinates per point.
/// </summary>
public static class UnitBallSampler
{
    /// <summary>Fills <paramref name="points"/> with <c>points.Length / d</c> uniform points of the open unit ball.</summary>
    /// <param name="random">The injected generator.</param>
    /// <param name="dimension">d ≥ 1.</param>
    /// <param name="points">Destination, a multiple of d long.</param>
    public static void Interior(Xoshiro256 random, int dimension, Span<double> points)
    {
        Sphere(random, dimension, points);
        for (int p = 0; p < points.Length / dimension; p++)
        {
            double radius = Math.Pow(random.NextDouble(), 1.0 / dimension);
            var x = points.Slice(p * dimension, dimension);
            TensorPrimitives.Multiply(x, radius, x);
        }
    }

    /// <summary>Fills <paramref name="points"/> with uniform points of the unit sphere (|x| = 1).</summary>
    /// <param name="random">The injected generator.</param>
    /// <param name="dimension">d ≥ 1.</param>
    /// <param name="points">Destination, a multiple of d long.</param>
    public static void Sphere(Xoshiro256 random, int dimension, Span<double> points)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (points.Length % dimension != 0)
        {
            throw new ArgumentException("The destination length must be a multiple of the dimension.", nameof(points));
        }

        for (int p = 0; p < points.Length / dimension; p++)
        {
            var x = points.Slice(p * dimension, dimension);
            double norm2;
            do
            {
                norm2 = 0;
                for (int i = 0; i < dimension; i++)
                {
                    x[i] = random.NextGaussian();
                    norm2 += x[i] * x[i];
                }
            }
            while (norm2 < 1e-300);
            TensorPrimitives.Multiply(x, 1 / Math.Sqrt(norm2), x);
        }
    }
}
