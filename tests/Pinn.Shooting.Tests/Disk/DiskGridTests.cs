using Pinn.Shooting.Disk;

namespace Pinn.Shooting.Tests.Disk;

public sealed class DiskGridTests
{
    [Fact]
    public void LaplacianOfASmoothNonRadialFunctionMatchesTheClosedFormToOneInTenBillion()
    {
        // u = e^{x1} sin(2 x2) + x1³ x2: ∇²u = −3 e^{x1} sin(2 x2) + 6 x1 x2.
        var grid = new DiskGrid(20, 32);
        var values = grid.Sample((x, y) => (Math.Exp(x) * Math.Sin(2 * y)) + (x * x * x * y));
        var lap = grid.Laplacian();
        var points = grid.Points();
        for (int p = grid.AngularPoints; p < grid.Count; p++)
        {
            double sum = 0;
            for (int q = 0; q < grid.Count; q++)
            {
                sum += lap[p, q] * values[q];
            }

            double x = points[2 * p], y = points[(2 * p) + 1];
            double exact = (-3 * Math.Exp(x) * Math.Sin(2 * y)) + (6 * x * y);
            NumericAssert.Absolute(exact, sum, 1e-8, $"∇²u at ({x:F3}, {y:F3})");
        }
    }

    [Fact]
    public void BoundaryRowsOfTheLaplacianAreZero()
    {
        var grid = new DiskGrid(4, 8);
        var lap = grid.Laplacian();
        for (int p = 0; p < grid.AngularPoints; p++)
        {
            for (int q = 0; q < grid.Count; q++)
            {
                Assert.Equal(0.0, lap[p, q]);
            }
        }
    }

    [Fact]
    public void InterpolationReproducesASmoothFunctionBetweenTheNodesAndAtTheOrigin()
    {
        var grid = new DiskGrid(16, 32);
        static double U(double x, double y) => Math.Cos(x + (2 * y)) + (x * y * y);
        var values = grid.Sample(U);
        var random = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            double r = Math.Sqrt(random.NextDouble()), t = 2 * Math.PI * random.NextDouble();
            double x = r * Math.Cos(t), y = r * Math.Sin(t);
            NumericAssert.Absolute(U(x, y), grid.Evaluate(values, x, y), 1e-11, $"u({x:F3}, {y:F3})");
        }

        NumericAssert.Absolute(1.0, grid.Evaluate(values, 0, 0), 1e-12, "u(0)");
        NumericAssert.Absolute(U(1, 0), grid.Evaluate(values, 1, 0), 1e-12, "u on the circle at a node");
    }

    [Fact]
    public void RejectsAnOddNumberOfAngles()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DiskGrid(8, 7));
        Assert.Contains("even", e.Message, StringComparison.Ordinal);
    }
}
