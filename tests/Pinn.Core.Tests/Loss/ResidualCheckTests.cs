using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;
using Pinn.Core.Symbolic;
using static Pinn.Core.Symbolic.Expr;

namespace Pinn.Core.Tests.Loss;

/// <summary>The residual check against closed forms and finite differences.</summary>
public class ResidualCheckTests
{
    private static readonly ResidualNetworkShape Shape = new(2, 8, 2, Activation.Tanh);

    [Fact]
    public void AConstantNetworkHasTheResidualAndBoundaryErrorOfAConstant()
    {
        // −∇²u + u = 1 in the disk, u = 0 on the circle; the network with only its output bias c is u ≡ c:
        // R = c − 1 everywhere, u − g = c on the circle, the equation's terms ∇²u = 0, N(u) = c, f = 1.
        var form = new ResidualForm(2, U, new ConstantExpr(1), new ConstantExpr(1), new ConstantExpr(0), new Dictionary<string, double>());
        var theta = new double[Shape.ParameterCount];
        theta[Shape.OutputBiasOffset] = 0.25;
        var check = ResidualCheck.Of(form, Shape, theta, interior: 256);
        NumericAssert.Relative(0.75, check.ResidualRms, 1e-14, what: "RMS residual");
        NumericAssert.Relative(1, check.EquationScale, 1e-14, what: "scale: max(RMS ∇²u, RMS N(u), RMS f)");
        NumericAssert.Relative(0.25, check.BoundaryRms, 1e-14, what: "RMS boundary error");
        NumericAssert.Relative(0.25, check.SolutionScale, 1e-14, what: "RMS u");
        NumericAssert.Relative(1, check.RelativeBoundaryError, 1e-14, what: "relative boundary error");
        NumericAssert.Relative(1, check.ErrorEstimate, 1e-14, what: "estimate: the larger of the two (the boundary's 1 over the residual's 0.75)");
        Assert.Equal((256, 32), (check.InteriorPoints, check.BoundaryPoints));
    }

    [Fact]
    public void NearTheTrivialSolutionTheScalesStopAtTheFloor()
    {
        // −∇²u + u = 0, u = 0 on the circle, and u ≡ 1e-6: every scale is 1e-6, below the floor 1e-3, so the estimate is
        // the absolute residual over 1e-3 rather than a meaningless ratio of two tiny numbers (which would be 1).
        var form = new ResidualForm(2, U, new ConstantExpr(1), new ConstantExpr(0), new ConstantExpr(0), new Dictionary<string, double>());
        var theta = new double[Shape.ParameterCount];
        theta[Shape.OutputBiasOffset] = 1e-6;
        var check = ResidualCheck.Of(form, Shape, theta, interior: 64);
        Assert.Equal((ResidualCheck.ScaleFloor, ResidualCheck.ScaleFloor), (check.EquationScale, check.SolutionScale));
        NumericAssert.Relative(1e-3, check.ErrorEstimate, 1e-9, what: "1e-6 over the floor 1e-3");
    }

    [Fact]
    public void TheLaplacianItUsesMatchesFiniteDifferencesOfTheValues()
    {
        var theta = new double[Shape.ParameterCount];
        NetworkInitializer.Initialize(Shape, new Xoshiro256(3), theta);
        double[][] points = [[0.1, -0.3], [0.5, 0.2], [-0.6, -0.1]];
        var (u, laplacian) = NetworkEvaluation.WithLaplacians(Shape, theta, points);
        const double h = 1e-3;
        for (int i = 0; i < points.Length; i++)
        {
            double fd = 0;
            for (int k = 0; k < 2; k++)
            {
                var plus = (double[])points[i].Clone();
                var minus = (double[])points[i].Clone();
                plus[k] += h;
                minus[k] -= h;
                var v = NetworkEvaluation.Values(Shape, theta, [plus, minus]);
                fd += (v[0] - (2 * u[i]) + v[1]) / (h * h);
            }

            NumericAssert.Absolute(fd, laplacian[i], 1e-5, what: $"∇²u at point {i} (central differences, h = 1e-3)");
        }

        Assert.Equal(NetworkEvaluation.Values(Shape, theta, points), u);
    }
}
