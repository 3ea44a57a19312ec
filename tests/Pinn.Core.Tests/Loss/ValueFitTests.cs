using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Randomness;

namespace Pinn.Core.Tests.Loss;

/// <summary>The value fit's residuals and Jacobian against their definition and finite differences.</summary>
public class ValueFitTests
{
    [Fact]
    public void ResidualsAreTheMisfitOverRootPAndTheJacobianMatchesFiniteDifferences()
    {
        var shape = new ResidualNetworkShape(2, 5, 1, Activation.Tanh);
        var theta = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Xoshiro256(4), theta);
        double[][] points = [[0.1, 0.2], [-0.5, 0.3], [0.7, -0.6], [0.0, -1.0]];
        double[] targets = [0.3, -0.1, 0.8, 0.05];
        var fit = new ValueFit(shape, points, targets);
        var residuals = new double[fit.Rows];
        var jacobian = new double[fit.Rows * fit.ParameterCount];
        double v = fit.Evaluate(theta, residuals, jacobian);

        // The loss's one interior row is held at zero; the others are (u − t)/√P.
        int first = fit.Rows - points.Length;
        Assert.All(residuals[..first], r => Assert.Equal(0, r));
        var u = NetworkEvaluation.Values(shape, theta, points);
        for (int k = 0; k < points.Length; k++)
        {
            NumericAssert.Absolute((u[k] - targets[k]) / 2, residuals[first + k], 1e-14, what: $"residual {k}");
        }

        NumericAssert.Relative(residuals.Sum(r => r * r), v, 1e-14, what: "V = ‖r‖²");

        // Central differences in float64, every parameter.
        const double h = 1e-6;
        var plus = new double[fit.Rows];
        var minus = new double[fit.Rows];
        for (int p = 0; p < fit.ParameterCount; p++)
        {
            double saved = theta[p];
            theta[p] = saved + h;
            fit.Evaluate(theta, plus, null);
            theta[p] = saved - h;
            fit.Evaluate(theta, minus, null);
            theta[p] = saved;
            for (int row = 0; row < fit.Rows; row++)
            {
                NumericAssert.Absolute((plus[row] - minus[row]) / (2 * h), jacobian[(row * fit.ParameterCount) + p], 1e-8, what: $"∂r{row}/∂θ{p}");
            }
        }
    }
}
