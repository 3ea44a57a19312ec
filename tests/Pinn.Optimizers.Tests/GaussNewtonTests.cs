using Pinn.Core.Configuration;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.LinearAlgebra;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;
using Pinn.Core.Symbolic;
using Pinn.Core.Training;
using static Pinn.Core.Symbolic.Expr;

namespace Pinn.Optimizers.Tests;

public class GaussNewtonTests
{
    private static readonly Dictionary<string, double> NoParameters = [];

    /// <summary>−u″ + N(u) = f on (−1, 1) in d = 1 with u = g at ±1.</summary>
    private static ResidualForm Form(Expr nonlinearity, Expr derivative) =>
        new(1, nonlinearity, derivative, Sin(3.0 * X) + (X * X), Cos(X), NoParameters);

    private static (PinnLoss<double> Loss, CpuBackend<double> Backend, double[] Theta, ResidualNetworkShape Shape) Build(ResidualForm form, int width, int interior, int boundary, double weightDecay = 0)
    {
        var backend = new CpuBackend<double>(2);
        var shape = new ResidualNetworkShape(1, width, 1, Activation.Tanh);
        var loss = new PinnLoss<double>(backend, form, shape, interior, boundary, new LossOptions(BoundaryWeight: 10, WeightDecay: weightDecay));
        loss.Resample(new Xoshiro256(11));
        var theta = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Xoshiro256(4), theta);
        return (loss, backend, theta, shape);
    }

    [Fact]
    public void SolvesALinearProblemOnItsPointsToNearMachinePrecision()
    {
        // N(u) = 0: r(θ) is still nonlinear in θ, but with fewer residual rows (12) than parameters (97) Gauss–Newton
        // interpolates the points, and once close it converges fast down to round-off.
        var (loss, backend, theta, _) = Build(Form(0.0, 0.0), 8, 10, 2);
        var lm = new GaussNewton(new PinnLeastSquares(loss, backend), new GaussNewtonOptions(InitialDamping: 1e-6, MinimumDamping: 1e-15, Tolerance: 0));
        var losses = new List<double>();
        for (int i = 0; i < 100 && !lm.Finished && (losses.Count == 0 || losses[^1] > 1e-26); i++)
        {
            var step = lm.Iterate(theta);
            if (losses.Count == 0)
            {
                losses.Add(step.LossBefore);
            }

            losses.Add(step.Loss);
        }

        Assert.True(losses[0] > 1, $"the start should be far from a solution (V = {losses[0]})");
        Assert.True(losses[^1] < 1e-24, $"V after {losses.Count - 1} iterations: {losses[^1]:E3}");

        // Near the solution every iteration gains more than a factor 5 on average (measured: about 15).
        int close = losses.FindIndex(v => v <= 1e-10);
        double rate = Math.Pow(losses[^1] / losses[close], 1.0 / (losses.Count - 1 - close));
        Assert.True(rate < 0.2, $"mean contraction per iteration below V = 1e-10: {rate:G3}");
    }

    [Fact]
    public void DrivesALinearPoissonProblemToItsSolutionWithinOneInTenBillion()
    {
        // −∇²u = f in the disk, u = g on the circle, with u* = 0.6·tanh(1.3x₁ − 0.8x₂ + 0.2) + 0.1 — a function the
        // network (d = 2, N = 4, D = 1, tanh) represents exactly, so the only limit is the polisher. 144 residual rows
        // against 37 parameters: the zero-residual minimiser is u* itself, and the error is measured against it on a
        // grid between the collocation points, not at them. Four neurons where one suffices make the minimum degenerate
        // (the spare neurons' weights multiply each other), so convergence is sublinear here, error ∝ k^−2.7
        // (measured: 3.4e-7 after 100 iterations, 3.4e-11 after 1 000); with one neuron it reaches round-off in
        // under 100.
        var s = (1.3 * X) - (0.8 * Y) + 0.2;
        var exact = (0.6 * Tanh(s)) + 0.1;
        var f = 2 * ((1.3 * 1.3) + (0.8 * 0.8)) * 0.6 * Tanh(s) * (1 - (Tanh(s) ^ 2));
        var form = new ResidualForm(2, 0.0, 0.0, f, exact, NoParameters);
        var backend = new CpuBackend<double>(1);
        var shape = new ResidualNetworkShape(2, 4, 1, Activation.Tanh);
        var loss = new PinnLoss<double>(backend, form, shape, 128, 16, new LossOptions(BoundaryWeight: 10, WeightDecay: 0));
        loss.Resample(new Xoshiro256(5));
        var theta = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Xoshiro256(2), theta);
        var lm = new GaussNewton(new PinnLeastSquares(loss, backend), new GaussNewtonOptions(InitialDamping: 1e-3, MinimumDamping: 1e-15, Tolerance: 0, Space: GaussNewtonSpace.Parameters));
        for (int i = 0; i < 1000 && !lm.Finished; i++)
        {
            lm.Iterate(theta);
        }

        var grid = new List<double[]>();
        for (int i = -10; i <= 10; i++)
        {
            for (int j = -10; j <= 10; j++)
            {
                if ((i * i) + (j * j) <= 100)
                {
                    grid.Add([i / 10.0, j / 10.0]);
                }
            }
        }

        var u = ExprCompiler.Compile(exact, 2, NoParameters);
        var reference = grid.Select(x => u.Evaluate(x)).ToArray();
        double error = RelativeError.Rms(NetworkEvaluation.Values(shape, theta, grid), reference);
        NumericAssert.InRange(error, 0, 1e-10, $"relative L2 error to u* on a grid between the points after {lm.Iterations} iterations");
    }

    [Fact]
    public void StepSolvesTheDampedNormalEquationsWithTheWeightPenalty()
    {
        // Sample-space step with the penalty (push-through identity) against the parameter-space normal equations
        // (JᵀJ + (λ + μ)I)δ = −(Jᵀr + λθ), solved independently.
        const double lambda = 3e-3;
        var form = Form(U * U, 2.0 * U);
        var (loss, backend, theta, shape) = Build(form, 5, 9, 2, lambda);
        int n = shape.ParameterCount, rows = loss.ResidualRows;
        var t = backend.Allocate(n);
        backend.Upload(theta, t.All);
        var r = new double[rows];
        var j = new CpuBuffer<double>(rows * n);
        loss.Linearize(t.All, r, j.All);

        var lm = new GaussNewton(new PinnLeastSquares(loss, backend), new GaussNewtonOptions(InitialDamping: 1e-2, MaximumDamping: 1e12));
        var start = (double[])theta.Clone();
        var result = lm.Iterate(theta);
        Assert.True(result.Accepted);
        Assert.Equal(1, result.Factorizations);

        // The first iteration's μ is InitialDamping × the mean diagonal of JJᵀ.
        double trace = 0;
        for (int p = 0; p < rows; p++)
        {
            for (int c = 0; c < n; c++)
            {
                trace += j.Array[(p * n) + c] * j.Array[(p * n) + c];
            }
        }

        double mu = 1e-2 * trace / rows;
        var normal = new double[n * n];
        var rhs = new double[n];
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                double s = a == b ? lambda + mu : 0;
                for (int p = 0; p < rows; p++)
                {
                    s += j.Array[(p * n) + a] * j.Array[(p * n) + b];
                }

                normal[(a * n) + b] = s;
            }

            double g = lambda * start[a];
            for (int p = 0; p < rows; p++)
            {
                g += j.Array[(p * n) + a] * r[p];
            }

            rhs[a] = -g;
        }

        Assert.True(CholeskyFactorization.TryFactor(normal, n, 1));
        CholeskyFactorization.Solve(normal, n, rhs);
        var step = theta.Zip(start, (after, before) => after - before).ToArray();
        NumericAssert.NormRelative(rhs, step, 1e-8, "δθ");
    }

    [Fact]
    public void RestoredStateContinuesIdentically()
    {
        var form = Form(U * U, 2.0 * U);
        var (loss, backend, theta, _) = Build(form, 6, 20, 2);
        var options = new GaussNewtonOptions();
        var a = new GaussNewton(new PinnLeastSquares(loss, backend), options);
        for (int i = 0; i < 3; i++)
        {
            a.Iterate(theta);
        }

        var saved = a.SaveState();
        var b = new GaussNewton(new PinnLeastSquares(loss, backend), options);
        b.RestoreState(saved);
        var copy = (double[])theta.Clone();
        var ra = a.Iterate(theta);
        var rb = b.Iterate(copy);
        Assert.Equal(theta, copy);
        Assert.Equal(ra, rb);
        Assert.Equal(a.Damping, b.Damping);
        Assert.Throws<InvalidDataException>(() => b.RestoreState(new Pinn.Core.Optimization.OptimizerState { Kind = "bbi" }));
    }

    [Fact]
    public void StopsWithAReasonWhenNoStepLowersTheLoss()
    {
        // At an exact minimiser of the points (after convergence) every step is rejected until μ passes its limit.
        var (loss, backend, theta, _) = Build(Form(0.0, 0.0), 8, 10, 2);
        var lm = new GaussNewton(new PinnLeastSquares(loss, backend), new GaussNewtonOptions(MaximumDamping: 1e2, Tolerance: 0));
        string? reason = null;
        for (int i = 0; i < 200 && reason is null; i++)
        {
            reason = lm.Iterate(theta).StopReason;
        }

        Assert.NotNull(reason);
        Assert.True(lm.Finished);
        var after = lm.Iterate(theta);
        Assert.False(after.Accepted);
        Assert.Equal(0, after.Factorizations);
    }

    [Theory]
    [InlineData(0L, 0, 0, 0.0, 1e-3, "Iterations")]
    [InlineData(10L, -1, 0, 0.0, 1e-3, "InteriorPoints")]
    [InlineData(10L, 0, 0, -1.0, 1e-3, "WeightDecay")]
    [InlineData(10L, 0, 0, 0.0, double.NaN, "InitialDamping")]
    [InlineData(10L, 0, 0, 0.0, 1e9, "InitialDamping")]
    public void InvalidOptionsNameTheirField(long iterations, int interior, int boundary, double weightDecay, double damping, string field)
    {
        var e = Assert.Throws<OptionsValidationException>(() => new GaussNewtonOptions(iterations, interior, boundary, WeightDecay: weightDecay, InitialDamping: damping).Validate());
        Assert.Equal(field, e.ParamName);
    }
    [Fact]
    public void TheDeflatedGramMatrixIsTheRankOneUpdateOfJJt()
    {
        // J̃ = M·J + r·gᵀ formed explicitly, against the O(P²) update of JJᵀ the polisher uses.
        const int rows = 5, n = 7;
        var random = new Xoshiro256(8);
        double Next() => (2 * random.NextDouble()) - 1;
        var j = Enumerable.Range(0, rows * n).Select(_ => Next()).ToArray();
        var r = Enumerable.Range(0, rows).Select(_ => Next()).ToArray();
        var g = Enumerable.Range(0, n).Select(_ => Next()).ToArray();
        const double m = 2.5;
        var gram = new double[rows * rows];
        var a = new double[rows];
        for (int p = 0; p < rows; p++)
        {
            for (int q = 0; q < rows; q++)
            {
                gram[(p * rows) + q] = Enumerable.Range(0, n).Sum(k => j[(p * n) + k] * j[(q * n) + k]);
            }

            a[p] = Enumerable.Range(0, n).Sum(k => j[(p * n) + k] * g[k]);
        }

        GaussNewton.DeflateGram(gram, rows, m, a, r, g.Sum(x => x * x));
        for (int p = 0; p < rows; p++)
        {
            for (int q = 0; q <= p; q++)
            {
                double explicitEntry = Enumerable.Range(0, n).Sum(k => ((m * j[(p * n) + k]) + (r[p] * g[k])) * ((m * j[(q * n) + k]) + (r[q] * g[k])));
                NumericAssert.Relative(explicitEntry, gram[(p * rows) + q], 1e-13, floor: 1e-12, what: $"(J̃J̃ᵀ)[{p},{q}]");
            }
        }
    }

    [Theory]
    [InlineData(false, 0.0)]
    [InlineData(false, 1e-3)]
    [InlineData(true, 1e-3)]
    public void ThePolisherTakesTheSameStepsOnTheParametersAsOnTheSamples(bool deflate, double weightDecay)
    {
        // The push-through identity: (J̃ᵀJ̃ + cI)⁻¹J̃ᵀ = J̃ᵀ(J̃J̃ᵀ + cI)⁻¹, so the two sides give one step in exact arithmetic
        // (rows > parameters here: 40 + 2 rows, 6-wide network = 25 parameters), with and without deflation and λ.
        var form = Form(U * U, 2.0 * U);
        var (loss, backend, start, shape) = Build(form, 3, 40, 2, weightDecay);
        Pinn.Core.Optimization.IDeflation? Deflation()
        {
            if (!deflate)
            {
                return null;
            }

            var points = Enumerable.Range(0, 11).Select(i => -0.9 + (0.18 * i)).ToArray();
            var d = new NetworkDeflation<double>(backend, shape, points, new DeflationOptions(Points: points.Length));
            d.Add(points.Select(x => Math.Sin(x)).ToArray());
            return d;
        }

        double[] Polish(GaussNewtonSpace space, int iterations)
        {
            var theta = (double[])start.Clone();
            var lm = new GaussNewton(new PinnLeastSquares(loss, backend), new GaussNewtonOptions(Tolerance: 0, Space: space), Deflation());
            for (int i = 0; i < iterations; i++)
            {
                lm.Iterate(theta);
            }

            return theta;
        }

        Assert.True(loss.ResidualRows > shape.ParameterCount);
        NumericAssert.NormRelative(Polish(GaussNewtonSpace.Samples, 1), Polish(GaussNewtonSpace.Parameters, 1), 1e-9, "θ after one iteration");
        NumericAssert.NormRelative(Polish(GaussNewtonSpace.Samples, 5), Polish(GaussNewtonSpace.Parameters, 5), 1e-7, "θ after five iterations");
        Assert.Equal(Polish(GaussNewtonSpace.Parameters, 3), Polish(GaussNewtonSpace.Auto, 3)); // more rows than parameters: Auto factors the parameters
    }

    [Fact]
    public void TheDeflatedNormalMatrixIsTheRankTwoUpdateOfJtJ()
    {
        // J̃ᵀJ̃ with J̃ = M·J + r·gᵀ formed explicitly, against the update of JᵀJ the parameter side uses.
        const int rows = 6, n = 4;
        var random = new Xoshiro256(5);
        double Next() => (2 * random.NextDouble()) - 1;
        var j = Enumerable.Range(0, rows * n).Select(_ => Next()).ToArray();
        var r = Enumerable.Range(0, rows).Select(_ => Next()).ToArray();
        var g = Enumerable.Range(0, n).Select(_ => Next()).ToArray();
        const double m = 1.7;
        var normal = new double[n * n];
        var a = new double[n];
        for (int p = 0; p < n; p++)
        {
            a[p] = Enumerable.Range(0, rows).Sum(i => j[(i * n) + p] * r[i]);
            for (int q = 0; q < n; q++)
            {
                normal[(p * n) + q] = Enumerable.Range(0, rows).Sum(i => j[(i * n) + p] * j[(i * n) + q]);
            }
        }

        GaussNewton.DeflateNormal(normal, n, m, g, a, r.Sum(x => x * x));
        for (int p = 0; p < n; p++)
        {
            for (int q = 0; q < n; q++)
            {
                double explicitEntry = Enumerable.Range(0, rows).Sum(i => ((m * j[(i * n) + p]) + (r[i] * g[p])) * ((m * j[(i * n) + q]) + (r[i] * g[q])));
                NumericAssert.Relative(explicitEntry, normal[(p * n) + q], 1e-13, floor: 1e-12, what: $"(J̃ᵀJ̃)[{p},{q}]");
            }
        }
    }

    [Fact]
    public void DeflationAgainstOneBratuSolutionConvergesToTheOther()
    {
        // −u″ − λe^u = 0 on (−1, 1), u(±1) = 0, λ = 1/2: u = 2 ln(cosh θ / cosh θx) with 2θ² = λ cosh²θ, two roots θ.
        var form = new ResidualForm(1, -(0.5 * Exp(U)), -(0.5 * Exp(U)), 0.0, 0.0, NoParameters);
        double lowerTheta = BratuClosedForm.Theta(0.5, 0, 1), upperTheta = BratuClosedForm.Theta(0.5, 1, 4);
        var grid = Enumerable.Range(0, 41).Select(i => new[] { -1 + (i / 20.0) }).ToArray();
        double[] Exact(double t) => grid.Select(x => BratuClosedForm.Value(t, x[0])).ToArray();

        var (loss, backend, start, shape) = Build(form, 12, 48, 2);
        var options = new GaussNewtonOptions(Tolerance: 0);
        double[] Polish(Pinn.Core.Optimization.IDeflation? deflation)
        {
            var theta = (double[])start.Clone();
            var lm = new GaussNewton(new PinnLeastSquares(loss, backend), options, deflation);
            for (int i = 0; i < 150 && !lm.Finished; i++)
            {
                lm.Iterate(theta);
            }

            return theta;
        }

        // Plain Gauss–Newton from a network near 0 finds the lower solution.
        var lower = Polish(null);
        var lowerValues = NetworkEvaluation.Values(shape, lower, grid);
        NumericAssert.NormRelative(Exact(lowerTheta), lowerValues, 1e-3, "plain: the lower solution");

        // Deflated against it, from the same start, it finds the upper one (u(0) = 2 ln cosh θ₂ ≈ 2.9).
        var points = grid.SelectMany(x => x).ToArray();
        var deflation = new NetworkDeflation<double>(backend, shape, points, new DeflationOptions(Points: grid.Length));
        deflation.Add(lowerValues);
        var upper = Polish(deflation);
        NumericAssert.NormRelative(Exact(upperTheta), NetworkEvaluation.Values(shape, upper, grid), 1e-3, "deflated: the upper solution");
    }

    [Fact]
    public void PolishesAnyLeastSquaresSystemNotOnlyThePinnLoss()
    {
        // r_i(a, b) = a·exp(b·t_i) − y_i with y from a = 1.5, b = −0.7: a zero-residual problem whose minimiser is exact.
        var system = new ExponentialFit(1.5, -0.7, 12);
        var lm = new GaussNewton(system, new GaussNewtonOptions(InitialDamping: 1e-3, Tolerance: 0));
        var theta = new[] { 1.0, 0.0 };
        for (int i = 0; i < 40 && !lm.Finished; i++)
        {
            lm.Iterate(theta);
        }

        NumericAssert.Relative(1.5, theta[0], 1e-12, what: "a");
        NumericAssert.Relative(-0.7, theta[1], 1e-12, what: "b");
        var phases = system.Profiler.Snapshot();
        Assert.All(new[] { Pinn.Core.Optimization.PolishPhase.Linearize, Pinn.Core.Optimization.PolishPhase.Gram, Pinn.Core.Optimization.PolishPhase.Solve, Pinn.Core.Optimization.PolishPhase.Trial }, phase => Assert.True(phases.ContainsKey(phase), $"{phase} timed"));
    }

    private sealed class ExponentialFit(double a, double b, int rows) : Pinn.Core.Optimization.ILeastSquaresSystem
    {
        private readonly double[] t = Enumerable.Range(0, rows).Select(i => i / (double)(rows - 1)).ToArray();

        public int ParameterCount => 2;

        public int Rows => rows;

        public double WeightDecay => 0;

        public int Threads => 1;

        public Pinn.Core.Compute.PhaseProfiler Profiler { get; } = new();

        public double Evaluate(double[] theta, Span<double> residuals, double[]? jacobian)
        {
            double sum = 0;
            for (int i = 0; i < rows; i++)
            {
                double e = Math.Exp(theta[1] * t[i]);
                residuals[i] = (theta[0] * e) - (a * Math.Exp(b * t[i]));
                sum += residuals[i] * residuals[i];
                if (jacobian is not null)
                {
                    jacobian[2 * i] = e;
                    jacobian[(2 * i) + 1] = theta[0] * t[i] * e;
                }
            }

            return sum;
        }
    }
}
