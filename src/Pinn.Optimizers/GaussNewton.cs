using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.LinearAlgebra;
using Pinn.Core.Optimization;

namespace Pinn.Optimizers;

/// <summary>
/// Gauss–Newton polishing with Levenberg–Marquardt damping, solved on the smaller side of the system (see
/// <see cref="GaussNewtonOptions.Space"/>). With the residual
/// vector r(θ) and its Jacobian J (<see cref="ILeastSquaresSystem"/>, P rows), V = ‖r‖² + λ‖θ‖², and the step
/// minimises the model ‖r + Jδ‖² + λ‖θ + δ‖² + μ‖δ‖². With c = λ + μ its exact solution is
/// δ = −(λ/c)θ − Jᵀ(J·Jᵀ + cI)⁻¹(r − (λ/c)Jθ) (the push-through identity): with fewer rows than parameters one P × P
/// Cholesky factorization replaces the |θ| × |θ| system, and the weight penalty is applied exactly rather than as |θ|
/// extra rows (J·Jᵀ formed once per iteration, lower triangle, <see cref="GramMatrix"/>). With more rows than
/// parameters the same step is (JᵀJ + cI)δ = −(Jᵀr + λθ), an |θ| × |θ| factorization. A rejected step only refactors
/// with a larger μ. μ follows Nielsen's rule: after a step with gain ratio ρ = (actual decrease)/(model decrease) &gt; 0,
/// μ ← μ·max(1/3, 1 − (2ρ − 1)³); after a rejected one μ ← μ·ν, ν ← 2ν. μ is measured in units of the mean
/// diagonal of J·Jᵀ at the first iteration.
/// <para>
/// With a deflation factor M(θ) (<see cref="IDeflation"/>), the residual is r̃ = M·r and V = M²‖r‖² + λ‖θ‖². Its
/// Jacobian J̃ = M·J + r·gᵀ (g = ∇θ M) is a rank-one update of J and is never formed: J̃J̃ᵀ = M²JJᵀ + M(a·rᵀ + r·aᵀ) +
/// ‖g‖²·r·rᵀ with a = J·g updates the Gram matrix in O(P²), J̃ᵀα = M·Jᵀα + (rᵀα)·g and J̃δ = M·Jδ + (gᵀδ)·r; on the
/// parameter side J̃ᵀJ̃ = M²JᵀJ + M(g·bᵀ + b·gᵀ) + ‖r‖²·g·gᵀ and J̃ᵀr̃ = M²·b + M‖r‖²·g with b = Jᵀr.
/// </para>
/// </summary>
public sealed class GaussNewton : IPolisher
{
    private static readonly ConditionalWeakTable<ILeastSquaresSystem, Workspace> Workspaces = [];

    private readonly ILeastSquaresSystem system;
    private readonly GaussNewtonOptions options;
    private readonly IDeflation? deflation;
    private double damping = double.NaN;
    private double scale = double.NaN;
    private double growth = 2;
    private long iterations;

    /// <summary>Creates one member's polisher. Members polished one after another share the dense workspace.</summary>
    /// <param name="system">The phase's loss as a least-squares system.</param>
    /// <param name="options">Validated settings.</param>
    /// <param name="deflation">Deflation against known solutions, or null.</param>
    public GaussNewton(ILeastSquaresSystem system, GaussNewtonOptions options, IDeflation? deflation = null)
    {
        this.system = system ?? throw new ArgumentNullException(nameof(system));
        this.options = options.Validate();
        this.deflation = deflation;
    }

    /// <inheritdoc />
    public bool Finished { get; private set; }

    /// <summary>Accepted iterations so far.</summary>
    public long Iterations => iterations;

    /// <summary>The current damping μ (absolute), NaN before the first iteration.</summary>
    public double Damping => damping;

    /// <inheritdoc />
    public PolishIteration Iterate(double[] theta)
    {
        if (Finished)
        {
            return new PolishIteration(double.NaN, double.NaN, damping, 0, 0, false, null);
        }

        int rows = system.Rows, n = theta.Length;
        var w = Workspaces.GetValue(system, _ => new Workspace());
        w.Ensure(rows, n);
        var profiler = system.Profiler;
        long t = profiler.Start();
        double before = system.Evaluate(theta, w.Residuals, w.Jacobian);
        profiler.Stop(PolishPhase.Linearize, t);
        bool deflated = deflation is { Count: > 0 };
        double factor = 1, gg = 0;
        var j = w.Jacobian;
        double rr = TensorPrimitives.SumOfSquares(w.Residuals);
        if (deflated)
        {
            factor = deflation!.Factor(theta, w.DeflationGradient);
            before = (factor * factor * rr) + (before - rr);
            gg = TensorPrimitives.SumOfSquares(w.DeflationGradient);
        }

        if (!double.IsFinite(before))
        {
            return Stop(before, 0, $"the loss is not finite ({before}) at polish iteration {iterations + 1}");
        }

        // The normal matrix of the smaller side: J̃·J̃ᵀ (P × P) on the samples, or J̃ᵀJ̃ (n × n) on the parameters. Both give
        // the same step; the choice is only what it costs.
        bool onParameters = options.Space == GaussNewtonSpace.Parameters || (options.Space == GaussNewtonSpace.Auto && rows > n);
        int order = onParameters ? n : rows;
        w.EnsureNormal(order);
        t = profiler.Start();
        if (onParameters)
        {
            // H = JᵀJ; with deflation J̃ᵀJ̃ = M²H + M(g·aᵀ + a·gᵀ) + ‖r‖²·g·gᵀ, a = Jᵀr; b = J̃ᵀr̃ = M²·a + M‖r‖²·g.
            CpuGemm<double>.Multiply(Transpose.Yes, Transpose.No, n, n, rows, 1.0, j, 0, n, j, 0, n, 0.0, w.Normal, 0, n, system.Threads);
            MultiplyTransposed(j, rows, n, w.Residuals, w.Gradient);
            if (deflated)
            {
                DeflateNormal(w.Normal, n, factor, w.DeflationGradient, w.Gradient, rr);
                TensorPrimitives.Multiply(w.Gradient, factor * factor, w.Gradient);
                TensorPrimitives.MultiplyAdd(w.DeflationGradient, factor * rr, w.Gradient, w.Gradient);
            }
        }
        else
        {
            GramMatrix.Lower(j, rows, n, w.Normal, system.Threads);
            if (deflated)
            {
                Multiply(j, rows, n, w.DeflationGradient, w.JG); // a = J·g, only the sample side needs it
                DeflateGram(w.Normal, rows, factor, w.JG, w.Residuals, gg);
            }
        }

        profiler.Stop(PolishPhase.Gram, t);

        // r̃ = M·r (r itself when not deflated).
        TensorPrimitives.Multiply(w.Residuals, factor, w.Deflated);
        if (double.IsNaN(scale))
        {
            // μ's unit: the mean diagonal of J̃·J̃ᵀ, trace / P, whichever side is factored (the traces are equal).
            double trace = 0;
            for (int p = 0; p < order; p++)
            {
                trace += w.Normal[(p * order) + p];
            }

            scale = Math.Max(trace / rows, double.Epsilon);
            damping = options.InitialDamping * scale;
        }

        double lambda = system.WeightDecay;
        if (lambda > 0 && !onParameters)
        {
            // J̃θ = M·Jθ + (gᵀθ)·r.
            Multiply(j, rows, n, theta, w.JTheta);
            TensorPrimitives.Multiply(w.JTheta, factor, w.JTheta);
            if (deflated)
            {
                TensorPrimitives.MultiplyAdd(w.Residuals, TensorPrimitives.Dot(w.DeflationGradient, theta), w.JTheta, w.JTheta);
            }
        }

        int factorizations = 0;
        while (true)
        {
            if (damping > options.MaximumDamping * scale)
            {
                return Stop(before, factorizations, $"no Gauss–Newton step lowers the loss (μ > {options.MaximumDamping:G3} × mean diag JJᵀ) at polish iteration {iterations + 1}");
            }

            double c = lambda + damping;
            Array.Copy(w.Normal, w.Factor, (long)order * order);
            for (int p = 0; p < order; p++)
            {
                w.Factor[(p * order) + p] += c;
            }

            factorizations++;
            t = profiler.Start();
            if (!CholeskyFactorization.TryFactor(w.Factor, order, system.Threads))
            {
                profiler.Stop(PolishPhase.Solve, t);
                Reject();
                continue;
            }

            var step = w.Step;
            if (onParameters)
            {
                // (J̃ᵀJ̃ + cI)δ = −(J̃ᵀr̃ + λθ).
                TensorPrimitives.MultiplyAdd(theta, lambda, w.Gradient, step);
                TensorPrimitives.Negate(step, step);
                CholeskyFactorization.Solve(w.Factor, n, step);
            }
            else
            {
                // α = (J̃J̃ᵀ + cI)⁻¹(r̃ − (λ/c)J̃θ); δ = −(λ/c)θ − J̃ᵀα.
                var alpha = w.Alpha;
                w.Deflated.CopyTo(alpha, 0);
                if (lambda > 0)
                {
                    TensorPrimitives.MultiplyAdd(w.JTheta, -lambda / c, alpha, alpha);
                }

                CholeskyFactorization.Solve(w.Factor, rows, alpha);
                TensorPrimitives.Multiply(theta, -lambda / c, step);
                for (int p = 0; p < rows; p++)
                {
                    TensorPrimitives.MultiplyAdd(j.AsSpan(p * n, n), -factor * alpha[p], step, step);
                }

                if (deflated)
                {
                    TensorPrimitives.MultiplyAdd(w.DeflationGradient, -TensorPrimitives.Dot(w.Residuals, alpha), step, step);
                }
            }

            profiler.Stop(PolishPhase.Solve, t);

            // The model's decrease: V − (‖r̃ + J̃δ‖² + λ‖θ + δ‖²), J̃δ = M·Jδ + (gᵀδ)·r.
            Multiply(j, rows, n, step, w.JStep);
            TensorPrimitives.Multiply(w.JStep, factor, w.JStep);
            if (deflated)
            {
                TensorPrimitives.MultiplyAdd(w.Residuals, TensorPrimitives.Dot(w.DeflationGradient, step), w.JStep, w.JStep);
            }

            TensorPrimitives.Add(w.JStep, w.Deflated, w.JStep);
            TensorPrimitives.Add(theta, step, w.TrialHost);
            double model = TensorPrimitives.SumOfSquares(w.JStep) + (lambda * TensorPrimitives.SumOfSquares(w.TrialHost));
            double predicted = before - model;
            t = profiler.Start();
            double after = system.Evaluate(w.TrialHost, w.TrialResiduals, null);
            if (deflated)
            {
                double rrTrial = TensorPrimitives.SumOfSquares(w.TrialResiduals);
                double factorTrial = deflation!.Factor(w.TrialHost, []);
                after = (factorTrial * factorTrial * rrTrial) + (after - rrTrial);
            }

            profiler.Stop(PolishPhase.Trial, t);
            double rho = (before - after) / predicted;
            if (double.IsFinite(after) && after < before && predicted > 0)
            {
                w.TrialHost.CopyTo(theta, 0);
                iterations++;
                damping = Math.Max(options.MinimumDamping * scale, damping * Math.Max(1.0 / 3, 1 - Math.Pow((2 * rho) - 1, 3)));
                growth = 2;
                double norm = Math.Sqrt(TensorPrimitives.SumOfSquares(step));
                string? stop = before - after < options.Tolerance * before
                    ? $"converged: polish iteration {iterations} lowered the loss by less than {options.Tolerance:G3} of it"
                    : null;
                Finished = stop is not null;
                return new PolishIteration(before, after, damping, norm, factorizations, true, stop);
            }

            Reject();
        }
    }

    /// <inheritdoc />
    public OptimizerState SaveState() => new GaussNewtonState(damping, scale, growth, iterations, Finished).ToState();

    /// <inheritdoc />
    public void RestoreState(OptimizerState state)
    {
        var s = GaussNewtonState.From(state);
        (damping, scale, growth, iterations, Finished) = (s.Damping, s.Scale, s.Growth, s.Iterations, s.Finished);
    }

    private void Reject()
    {
        damping *= growth;
        growth *= 2;
    }

    private PolishIteration Stop(double loss, int factorizations, string reason)
    {
        Finished = true;
        return new PolishIteration(loss, loss, damping, 0, factorizations, false, reason);
    }

    /// <summary>The lower triangle of J̃J̃ᵀ from that of JJᵀ: M²·G + M·(a·rᵀ + r·aᵀ) + ‖g‖²·r·rᵀ, a = J·g.</summary>
    internal static void DeflateGram(double[] gram, int rows, double factor, double[] a, double[] r, double gg)
    {
        double m2 = factor * factor;
        for (int p = 0; p < rows; p++)
        {
            var row = gram.AsSpan(p * rows, p + 1);
            for (int q = 0; q <= p; q++)
            {
                row[q] = (m2 * row[q]) + (factor * ((a[p] * r[q]) + (r[p] * a[q]))) + (gg * r[p] * r[q]);
            }
        }
    }

    /// <summary>The full J̃ᵀJ̃ from JᵀJ: M²·H + M·(g·aᵀ + a·gᵀ) + ‖r‖²·g·gᵀ, a = Jᵀr.</summary>
    internal static void DeflateNormal(double[] normal, int n, double factor, double[] g, double[] a, double rr)
    {
        double m2 = factor * factor;
        for (int p = 0; p < n; p++)
        {
            var row = normal.AsSpan(p * n, n);
            for (int q = 0; q < n; q++)
            {
                row[q] = (m2 * row[q]) + (factor * ((g[p] * a[q]) + (a[p] * g[q]))) + (rr * g[p] * g[q]);
            }
        }
    }

    /// <summary>y = Jᵀ·x for J rows × n row-major.</summary>
    private static void MultiplyTransposed(double[] j, int rows, int n, ReadOnlySpan<double> x, Span<double> y)
    {
        y.Clear();
        for (int p = 0; p < rows; p++)
        {
            TensorPrimitives.MultiplyAdd(j.AsSpan(p * n, n), x[p], y, y);
        }
    }

    /// <summary>y = J·x for J rows × n row-major.</summary>
    private static void Multiply(double[] j, int rows, int n, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int p = 0; p < rows; p++)
        {
            y[p] = TensorPrimitives.Dot(j.AsSpan(p * n, n), x);
        }
    }

    /// <summary>The dense buffers of one phase (shared by the members that are polished one after another).</summary>
    private sealed class Workspace
    {
        public double[] Jacobian { get; private set; } = [];

        public double[] Residuals { get; private set; } = [];

        public double[] TrialResiduals { get; private set; } = [];

        public double[] Normal { get; private set; } = [];

        public double[] Factor { get; private set; } = [];

        public double[] Gradient { get; private set; } = [];

        public double[] Alpha { get; private set; } = [];

        public double[] JTheta { get; private set; } = [];

        public double[] JStep { get; private set; } = [];

        public double[] Step { get; private set; } = [];

        public double[] TrialHost { get; private set; } = [];

        public double[] Deflated { get; private set; } = [];

        public double[] DeflationGradient { get; private set; } = [];

        public double[] JG { get; private set; } = [];

        public void Ensure(int rows, int n)
        {
            if (Residuals.Length == rows && Step.Length == n)
            {
                return;
            }

            Jacobian = new double[checked(rows * n)];
            Residuals = new double[rows];
            TrialResiduals = new double[rows];
            Gradient = new double[n];
            Alpha = new double[rows];
            JTheta = new double[rows];
            JStep = new double[rows];
            Step = new double[n];
            TrialHost = new double[n];
            Deflated = new double[rows];
            DeflationGradient = new double[n];
            JG = new double[rows];
        }

        /// <summary>The normal matrix and its factor for a system of order <paramref name="order"/> (P or n).</summary>
        public void EnsureNormal(int order)
        {
            long size = checked((long)order * order);
            if (Normal.LongLength != size)
            {
                Normal = new double[size];
                Factor = new double[size];
            }
        }
    }
}
