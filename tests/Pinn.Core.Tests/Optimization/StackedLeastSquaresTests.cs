using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Randomness;

namespace Pinn.Core.Tests.Optimization;

/// <summary>Two least-squares systems stacked: rows, Jacobian and V against the systems evaluated alone.</summary>
public class StackedLeastSquaresTests
{
    [Fact]
    public void RowsAndJacobianAreTheFirstSystemsThenTheSecondsTimesTheWeight()
    {
        var shape = new ResidualNetworkShape(2, 5, 1, Activation.Tanh);
        var theta = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Xoshiro256(4), theta);
        double[][] points = [[0.1, 0.2], [-0.5, 0.3], [0.7, -0.6], [0.0, -1.0]];
        var a = new ValueFit(shape, points, [0.3, -0.1, 0.8, 0.05]);
        var b = new ValueFit(shape, points[..3], [1.0, 2.0, -1.0]);
        const double w = 2.5;
        var stack = new StackedLeastSquares(a, b, w);
        Assert.Equal(a.Rows + b.Rows, stack.Rows);

        int n = shape.ParameterCount;
        var (ra, ja) = (new double[a.Rows], new double[a.Rows * n]);
        var (rb, jb) = (new double[b.Rows], new double[b.Rows * n]);
        double va = a.Evaluate(theta, ra, ja), vb = b.Evaluate(theta, rb, jb);
        var (r, j) = (new double[stack.Rows], new double[stack.Rows * n]);
        double v = stack.Evaluate(theta, r, j);

        NumericAssert.Relative(va + (w * w * vb), v, 1e-14, what: "V = V₁ + w²V₂");
        for (int i = 0; i < stack.Rows; i++)
        {
            double expected = i < a.Rows ? ra[i] : w * rb[i - a.Rows];
            NumericAssert.Absolute(expected, r[i], 1e-15, what: $"row {i}");
            for (int p = 0; p < n; p++)
            {
                double dj = i < a.Rows ? ja[(i * n) + p] : w * jb[((i - a.Rows) * n) + p];
                NumericAssert.Absolute(dj, j[(i * n) + p], 1e-15, what: $"J[{i}, {p}]");
            }
        }

        // Residuals alone (no Jacobian) are the same rows; a second call reuses the buffers.
        var again = new double[stack.Rows];
        NumericAssert.Relative(v, stack.Evaluate(theta, again, null), 1e-14, what: "V without the Jacobian");
        Assert.Equal(r, again);
    }

    [Fact]
    public void MismatchedParametersAndBadWeightsAreRefused()
    {
        double[][] points = [[0.1, 0.2], [-0.5, 0.3]];
        var a = new ValueFit(new ResidualNetworkShape(2, 5, 1, Activation.Tanh), points, [0.0, 1.0]);
        var b = new ValueFit(new ResidualNetworkShape(2, 6, 1, Activation.Tanh), points, [0.0, 1.0]);
        Assert.Contains("same parameters", Assert.Throws<ArgumentException>(() => new StackedLeastSquares(a, b, 1)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new StackedLeastSquares(a, a, double.NaN));
        Assert.Throws<ArgumentException>(() => new StackedLeastSquares(a, a, -1));
    }
}
