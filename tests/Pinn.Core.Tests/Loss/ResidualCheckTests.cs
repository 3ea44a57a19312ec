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

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-2.0)]
    public void OnManufacturedProblemsTheEstimateBracketsTheTrueError(double c)
    {
        // −∇²u + c·u² = f in the disk, u = g on the circle, u* = 0.6·tanh(1.3x₁ − 0.8x₂ + 0.2) + 0.4x₂² manufactured;
        // a small network polished in float64, the estimate against the relative L2 error on a grid at five stages, the
        // error from 3e-1 down to 7e-6. Measured ratios estimate / error: 1.5 – 11.5 (c = 0, 1, −2); asserted:
        // error ≤ estimate ≤ 30·error.
        var s = (1.3 * X) - (0.8 * Y) + 0.2;
        var exact = (0.6 * Tanh(s)) + (0.4 * (Y ^ 2));
        var laplacian = (-2 * ((1.3 * 1.3) + (0.8 * 0.8)) * 0.6 * Tanh(s) * (1 - (Tanh(s) ^ 2))) + 0.8;
        var form = new ResidualForm(2, c * (U ^ 2), 2 * c * U, -laplacian + (c * (exact ^ 2)), exact, new Dictionary<string, double>());
        var shape = new ResidualNetworkShape(2, 6, 1, Activation.Tanh);
        var backend = new Pinn.Core.Compute.Cpu.CpuBackend<double>(1);
        var loss = new PinnLoss<double>(backend, form, shape, 256, 32, new LossOptions(BoundaryWeight: 10, WeightDecay: 0));
        loss.Resample(new Xoshiro256(7));
        var theta = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Xoshiro256(1), theta);
        var lm = new Pinn.Optimizers.GaussNewton(new PinnLeastSquares(loss, backend), new Pinn.Optimizers.GaussNewtonOptions(Tolerance: 0, Space: Pinn.Optimizers.GaussNewtonSpace.Parameters));
        var grid = new List<double[]>();
        for (int i = -12; i <= 12; i++)
        {
            for (int j = -12; j <= 12; j++)
            {
                if ((i * i) + (j * j) <= 144)
                {
                    grid.Add([i / 12.0, j / 12.0]);
                }
            }
        }

        var u = ExprCompiler.Compile(exact, 2);
        var reference = grid.Select(x => u.Evaluate(x)).ToArray();
        int checkedStages = 0;
        foreach (int iterations in new[] { 3, 10, 30, 100, 300 })
        {
            while (lm.Iterations < iterations && !lm.Finished)
            {
                lm.Iterate(theta);
            }

            double error = Pinn.Core.LinearAlgebra.RelativeError.Rms(NetworkEvaluation.Values(shape, theta, grid), reference);
            double estimate = ResidualCheck.Of(form, shape, theta).ErrorEstimate;
            NumericAssert.InRange(estimate, error, 30 * error, $"estimate after {lm.Iterations} iterations (error {error:E3})");
            checkedStages++;
        }

        Assert.Equal(5, checkedStages);
    }
}
