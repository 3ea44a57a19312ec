using Pinn.Core.Compute.Cpu;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Randomness;
using Pinn.Problems;

namespace Pinn.Core.Tests.Loss;

/// <summary>The residual vector r(θ) and its per-point Jacobian J = ∂r/∂θ, checked in float64 against finite differences.</summary>
public class PinnLossJacobianTests
{
    private static (PinnLoss<double> Loss, CpuBackend<double> Backend, double[] Theta) Build(ResidualNetworkShape shape, LossOptions options, int interior, int boundary, int chunkPoints = 0)
    {
        var backend = new CpuBackend<double>(2);
        var problem = ProblemCatalog.Sin2(shape.InputDimension, 3);
        var loss = new PinnLoss<double>(backend, problem.ToResidualForm(), shape, interior, boundary, options, chunkPoints);
        loss.Resample(new Xoshiro256(17));
        var theta = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Xoshiro256(5), theta);
        return (loss, backend, theta);
    }

    private static double[] Residuals(PinnLoss<double> loss, CpuBackend<double> backend, double[] theta, double[]? jacobian = null)
    {
        var t = backend.Allocate(theta.Length);
        backend.Upload(theta, t.All);
        var r = new double[loss.ResidualRows];
        CpuBuffer<double>? j = jacobian is null ? null : new CpuBuffer<double>(jacobian.Length);
        loss.Linearize(t.All, r, j?.All);
        j?.Array.CopyTo(jacobian!, 0);
        return r;
    }

    [Theory]
    [InlineData(1, 6, Activation.Sigmoid, false, 0)]
    [InlineData(2, 8, Activation.Sigmoid, false, 7)]
    [InlineData(2, 6, Activation.Tanh, true, 0)]
    [InlineData(3, 5, Activation.Sin, false, 0)]
    [InlineData(3, 8, Activation.Sigmoid, true, 11)]
    public void JacobianMatchesFiniteDifferencesInEveryBlock(int d, int width, Activation activation, bool residualOnBoundary, int chunkPoints)
    {
        var shape = new ResidualNetworkShape(d, width, 2, activation);
        var (loss, backend, theta) = Build(shape, new LossOptions(BoundaryWeight: 10, WeightDecay: 0, ResidualOnBoundary: residualOnBoundary), 19, 7, chunkPoints);
        int rows = loss.ResidualRows, cols = theta.Length;
        Assert.Equal(residualOnBoundary ? 19 + 7 + 7 : 19 + 7, rows);
        var jacobian = new double[rows * cols];
        Residuals(loss, backend, theta, jacobian);
        // Columns far below the typical one are compared at the typical column's scale (finite differences of r carry
        // round-off of order ε‖r‖/h there).
        double typicalColumn = Math.Sqrt(jacobian.Sum(x => x * x) / cols);
        var random = new Random(3);
        foreach (var block in shape.Blocks)
        {
            var indices = block.Length <= 10 ? Enumerable.Range(0, block.Length) : Enumerable.Range(0, 10).Select(_ => random.Next(block.Length));
            foreach (int i in indices)
            {
                int index = block.Offset + i;
                double h = 1e-6 * Math.Max(1, Math.Abs(theta[index]));
                var plus = (double[])theta.Clone();
                var minus = (double[])theta.Clone();
                plus[index] += h;
                minus[index] -= h;
                var rp = Residuals(loss, backend, plus);
                var rm = Residuals(loss, backend, minus);
                var fd = new double[rows];
                var column = new double[rows];
                for (int p = 0; p < rows; p++)
                {
                    fd[p] = (rp[p] - rm[p]) / (2 * h);
                    column[p] = jacobian[(p * cols) + index];
                }

                NumericAssert.NormRelative(fd, column, 1e-6, $"∂r/∂{block.Name}[{i}]", floor: 0.1 * typicalColumn);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ResidualNormAndJacobianAgreeWithTheLossAndItsGradient(bool residualOnBoundary)
    {
        var shape = new ResidualNetworkShape(2, 16, 3);
        var options = new LossOptions(BoundaryWeight: 100, WeightDecay: 2e-4, ResidualOnBoundary: residualOnBoundary);
        var (loss, backend, theta) = Build(shape, options, 300, 40, chunkPoints: 128);
        int rows = loss.ResidualRows, cols = theta.Length;
        var jacobian = new double[rows * cols];
        var t = backend.Allocate(cols);
        backend.Upload(theta, t.All);
        var r = new double[rows];
        var j = new CpuBuffer<double>(rows * cols);
        var parts = loss.Linearize(t.All, r, j.All);
        var g = backend.Allocate(cols);
        var expected = loss.Evaluate(t.All, g.All);

        // ‖r‖² + λ‖θ‖² is V, and 2·Jᵀr + 2λθ is ∂V/∂θ from the summed reverse pass.
        NumericAssert.Relative(expected.Total, parts.Total, 1e-12, what: "V from r");
        NumericAssert.Relative(expected.Total, r.Sum(x => x * x) + parts.Regularization, 1e-12, what: "‖r‖² + penalty");
        var fromJacobian = new double[cols];
        for (int p = 0; p < rows; p++)
        {
            for (int c = 0; c < cols; c++)
            {
                fromJacobian[c] += 2 * r[p] * j.Array[(p * cols) + c];
            }
        }

        for (int c = 0; c < cols; c++)
        {
            fromJacobian[c] += 2 * options.WeightDecay * theta[c];
        }

        NumericAssert.NormRelative(((CpuBuffer<double>)g).Array, fromJacobian, 1e-11, "2Jᵀr + 2λθ vs ∂V/∂θ");
    }
}
