using Pinn.Core.LinearAlgebra;
using Pinn.Core.Symbolic;
using Pinn.Problems;

namespace Pinn.Shooting.Disk;

/// <summary>
/// A reference solver for problems on the unit disk (d = 2) that assumes no symmetry: spectral collocation
/// (Chebyshev in r, Fourier in θ, <see cref="DiskGrid"/>) of −∇²u + N(x, u) = f in the disk, u = g on the circle,
/// solved by Newton's method with a dense LU factorization (<see cref="LuFactorization"/>, blocked on our GEMM) and a backtracking line search, with
/// deflation (Farrell, Birkisson and Funke 2015) to find further solutions from the same start. Stateless: every
/// call compiles the problem and builds its grid.
/// </summary>
public static class DiskSolver
{
    /// <summary>Newton's method from a starting function.</summary>
    /// <param name="problem">A d = 2 problem.</param>
    /// <param name="start">u₀(x₁, x₂): e.g. a trained network, a shooting profile, or a guess.</param>
    /// <param name="options">Grid and stopping settings (default <see cref="DiskSolverOptions"/>'s).</param>
    /// <param name="deflate">Solutions to deflate (the solve is pushed away from them), or null.</param>
    /// <exception cref="ProblemDefinitionException">The problem is not two-dimensional.</exception>
    public static DiskSolution Solve(NonlinearPoisson problem, Func<double, double, double> start, DiskSolverOptions? options = null, IReadOnlyList<DiskSolution>? deflate = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        var system = new DiskSystem(problem, (options ?? new DiskSolverOptions()).Validate());
        return system.Newton(system.Grid.Sample(start), deflate ?? []);
    }

    /// <summary>
    /// Refines a solution given as a function (e.g. a PINN): Newton's method started from it, no deflation. The result
    /// is the solution of the discrete equations nearest the start, to the solver's tolerance. For a non-radial start
    /// of a rotation-invariant problem the start is first turned so that its strongest angular mode is a cosine
    /// (symmetric about the x1 axis, as the grid is): the discrete equations have isolated solutions there, while at
    /// an arbitrary angle the rotations make Newton's matrix nearly singular and the residual stalls near 1e-8; the
    /// result keeps that turn in its <see cref="DiskSolution.Angle"/>, so it evaluates in the start's frame.
    /// </summary>
    /// <param name="problem">A d = 2 problem.</param>
    /// <param name="start">The function to refine.</param>
    /// <param name="options">Grid and stopping settings.</param>
    public static DiskSolution Refine(NonlinearPoisson problem, Func<double, double, double> start, DiskSolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        var system = new DiskSystem(problem, (options ?? new DiskSolverOptions()).Validate());
        var sampled = system.Grid.Sample(start);
        double angle = SolutionSymmetry.Of(problem).Rotations ? AlignmentAngle(system.Grid, sampled) : 0;
        if (angle == 0)
        {
            return system.Newton(sampled, []);
        }

        // v(x) = start(R_φ x): the strongest mode becomes A·cos(hθ).
        double c = Math.Cos(angle), s = Math.Sin(angle);
        var aligned = system.Newton(system.Grid.Sample((x, y) => start((c * x) - (s * y), (s * x) + (c * y))), []);
        return new DiskSolution(aligned.Grid, aligned.Values.ToArray(), aligned.Residuals, aligned.Converged, aligned.Note, angle);
    }

    /// <summary>
    /// φ such that u(R_φ x) has its strongest angular harmonic h (over all circles) as A·cos(hθ): φ = ψ/h for the mode
    /// A·cos(hθ − ψ); 0 for a radial u (no harmonic above 1e-12 of the mean).
    /// </summary>
    private static double AlignmentAngle(DiskGrid grid, double[] values)
    {
        var coefficients = grid.Coefficients(values);
        int m = grid.AngularPoints, half = m / 2;
        double best = 0, psi = 0, scale = 1e-300;
        int harmonic = 0;
        for (int i = 0; i <= grid.RadialPoints; i++)
        {
            scale = Math.Max(scale, Math.Abs(coefficients[i * m]));
            for (int h = 1; h < half; h++)
            {
                double a = coefficients[(i * m) + (2 * h) - 1], b = coefficients[(i * m) + (2 * h)], size = Math.Sqrt((a * a) + (b * b));
                if (size > best)
                {
                    best = size;
                    psi = Math.Atan2(b, a);
                    harmonic = h;
                }
            }
        }

        return harmonic == 0 || best <= 1e-12 * scale ? 0 : psi / harmonic;
    }

    /// <summary>
    /// The energy E(u) = ∫ ½|∇u|² + F(x, u) − f u dA of which the problem is the Euler–Lagrange equation, with
    /// F(x, u) = ∫₀ᵘ N(x, s) ds (16-point Gauss–Legendre in s) and ∫|∇u|² = −∫ u∇²u dA + ∮ u ∂u/∂r ds (on the grid's
    /// spectral Laplacian and boundary derivative). Among solutions, the ground state is the one of least energy.
    /// </summary>
    /// <param name="problem">The problem the solution solves (d = 2).</param>
    /// <param name="solution">The solution.</param>
    public static double Energy(NonlinearPoisson problem, DiskSolution solution)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(solution);
        var grid = solution.Grid;
        var u = solution.Values.ToArray();
        var lap = grid.Laplacian(includeBoundary: true);
        var points = grid.Points();
        var n = ExprCompiler.Compile(problem.Nonlinearity, 2, problem.Parameters);
        var f = ExprCompiler.Compile(problem.Source, 2, problem.Parameters);
        var rule = new MathNet.Numerics.Integration.GaussLegendreRule(0, 1, 16);
        var density = new double[grid.Count];
        for (int p = 0; p < grid.Count; p++)
        {
            double laplacian = 0;
            for (int q = 0; q < grid.Count; q++)
            {
                laplacian += lap[p, q] * u[q];
            }

            double primitive = 0;
            for (int k = 0; k < rule.Order; k++)
            {
                primitive += rule.GetWeight(k) * u[p] * n.Evaluate(points, 2 * p, rule.GetAbscissa(k) * u[p]);
            }

            density[p] = (-0.5 * u[p] * laplacian) + primitive - (f.Evaluate(points, 2 * p) * u[p]);
        }

        var du = grid.BoundaryRadialDerivative(u);
        double boundary = 0;
        for (int k = 0; k < grid.AngularPoints; k++)
        {
            boundary += u[k] * du[k];
        }

        return grid.Integrate(density) + (0.5 * boundary * 2 * Math.PI / grid.AngularPoints);
    }

    /// <summary>
    /// Every solution reachable from the given starts: each start is solved again and again with the solutions
    /// found so far deflated, until it fails to converge to a new one.
    /// </summary>
    /// <param name="problem">A d = 2 problem.</param>
    /// <param name="starts">Starting functions, tried in order.</param>
    /// <param name="options">Grid and stopping settings.</param>
    /// <param name="maxSolutions">Stop after this many.</param>
    /// <returns>The distinct converged solutions, in the order found.</returns>
    public static IReadOnlyList<DiskSolution> FindAll(NonlinearPoisson problem, IEnumerable<Func<double, double, double>> starts, DiskSolverOptions? options = null, int maxSolutions = 16)
    {
        ArgumentNullException.ThrowIfNull(starts);
        var system = new DiskSystem(problem, (options ?? new DiskSolverOptions()).Validate());
        var found = new List<DiskSolution>();
        foreach (var start in starts)
        {
            var initial = system.Grid.Sample(start);
            while (found.Count < maxSolutions)
            {
                var s = system.Newton(initial, found);
                if (!s.Converged || found.Any(f => system.Same(f, s, 1e-3)))
                {
                    break;
                }

                found.Add(s);
            }

            if (found.Count >= maxSolutions)
            {
                break;
            }
        }

        return found;
    }

    /// <summary>
    /// The starts <see cref="Catalog"/> tries, in order: the problem's closed-form solutions, u ≡ 0, then the bumps
    /// c(1 − r²) for c = ±1, ±4, ±16, ±64, and for c = ±4, ±16, ±64 an off-centre bump c(1 − r²)e^(−8|x − (0.6, 0)|²)
    /// and the first angular modes c·r(1 − r²)cos θ, c·r(1 − r²)sin θ and c·r²(1 − r²)cos 2θ, each scaled by
    /// max(1, the largest |g| on the circle).
    /// </summary>
    /// <param name="problem">A d = 2 problem.</param>
    public static IReadOnlyList<Func<double, double, double>> DefaultStarts(NonlinearPoisson problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var starts = new List<Func<double, double, double>>();
        foreach (var exact in problem.KnownSolutions.Values)
        {
            var c = ExprCompiler.Compile(exact, 2, problem.Parameters);
            starts.Add((x, y) => c.Evaluate([x, y]));
        }

        var g = ExprCompiler.Compile(problem.Boundary, 2, problem.Parameters);
        double scale = 1;
        for (int k = 0; k < 64; k++)
        {
            double t = 2 * Math.PI * k / 64, v = Math.Abs(g.Evaluate([Math.Cos(t), Math.Sin(t)]));
            scale = double.IsFinite(v) ? Math.Max(scale, v) : scale;
        }

        starts.Add((_, _) => 0);
        foreach (double c in new[] { 1.0, 4, 16, 64 })
        {
            foreach (double sign in new[] { 1.0, -1 })
            {
                double a = sign * c * scale;
                starts.Add((x, y) => a * (1 - (x * x) - (y * y)));
            }
        }

        foreach (double c in new[] { 4.0, 16, 64 })
        {
            foreach (double sign in new[] { 1.0, -1 })
            {
                double a = sign * c * scale;
                starts.Add((x, y) => a * (1 - (x * x) - (y * y)) * Math.Exp(-8 * (((x - 0.6) * (x - 0.6)) + (y * y))));
                starts.Add((x, y) => a * x * (1 - (x * x) - (y * y)));
                starts.Add((x, y) => a * y * (1 - (x * x) - (y * y)));
                starts.Add((x, y) => a * ((x * x) - (y * y)) * (1 - (x * x) - (y * y)));
            }
        }

        return starts;
    }

    /// <summary>
    /// The solutions of a d = 2 problem the disk solver finds from <see cref="DefaultStarts"/>: a search with
    /// deflation (<see cref="FindAll"/>) on a coarse grid (n = 12, M = 16, at most 25 Newton iterations per try: a
    /// factorization there costs milliseconds), then every coarse solution refined by Newton's method on the grid of
    /// <paramref name="options"/>; refinements that land on the same solution are kept once. For problems shooting
    /// cannot treat (f, g or N depending on direction), and to look for non-radial solutions of radial problems.
    /// </summary>
    /// <param name="problem">A d = 2 problem.</param>
    /// <param name="options">The final grid and stopping settings (default <see cref="DiskSolverOptions"/>'s).</param>
    /// <param name="maxSolutions">Stop the search after this many.</param>
    public static IReadOnlyList<DiskSolution> Catalog(NonlinearPoisson problem, DiskSolverOptions? options = null, int maxSolutions = 8)
    {
        var fine = (options ?? new DiskSolverOptions()).Validate();
        var coarse = fine with
        {
            RadialPoints = Math.Min(12, fine.RadialPoints),
            AngularPoints = Math.Min(16, fine.AngularPoints),
            MaxIterations = Math.Min(25, fine.MaxIterations),
            Tolerance = Math.Max(fine.Tolerance, 1e-9),
        };
        var found = FindAll(problem, DefaultStarts(problem), coarse, maxSolutions);
        var system = new DiskSystem(problem, fine);
        var refined = new List<DiskSolution>();
        foreach (var s in found)
        {
            var r = Resolve(problem, system.Newton(system.Grid.Sample(s.Evaluate), []), fine);
            if (r.Converged && !refined.Any(f => system.Same(f, r, 1e-6)))
            {
                refined.Add(r);
            }
        }

        return refined;
    }

    /// <summary>Spectral tail above which <see cref="Catalog"/> refines a solution on a finer grid.</summary>
    public const double ResolvedTail = 1e-8;

    /// <summary>Largest grid (stored values) <see cref="Catalog"/> refines to.</summary>
    public const int MaximumGridValues = 3000;

    /// <summary>
    /// Refines a converged solution on finer grids while its spectral tail exceeds <see cref="ResolvedTail"/>: 1.5 ×
    /// the angles where the angular tail is the larger, 1.5 × the radii otherwise, up to
    /// <see cref="MaximumGridValues"/> values, and only while each step lowers the tail at least 4× (a sharp solution,
    /// such as Hénon's ground state for large α, may stop short: its <see cref="DiskSolution.SpectralTail"/> says how
    /// far, and a larger <see cref="DiskSolverOptions.AngularPoints"/> goes further).
    /// </summary>
    private static DiskSolution Resolve(NonlinearPoisson problem, DiskSolution solution, DiskSolverOptions options)
    {
        var current = solution;
        while (current.Converged && current.SpectralTail > ResolvedTail)
        {
            var (angular, radial) = current.Grid.SpectralTail(current.Values);
            int n = current.Grid.RadialPoints, m = current.Grid.AngularPoints;
            var next = angular >= radial
                ? options with { RadialPoints = n, AngularPoints = 2 * (int)Math.Ceiling(0.75 * m) }
                : options with { RadialPoints = (int)Math.Ceiling(1.5 * n), AngularPoints = m };
            if ((next.RadialPoints + 1) * next.AngularPoints > MaximumGridValues || next.AngularPoints > 256 || next.RadialPoints > 128)
            {
                break;
            }

            var finer = Refine(problem, current.Evaluate, next);
            if (!finer.Converged)
            {
                break;
            }

            // A tail that does not fall by at least 4× per step will not reach the target within the size limit.
            bool slow = finer.SpectralTail > 0.25 * current.SpectralTail;
            current = finer;
            if (slow)
            {
                break;
            }
        }

        return current;
    }

    /// <summary>The discretised equations of one problem on one grid.</summary>
    private sealed class DiskSystem
    {
        /// <summary>|u| beyond this counts as divergence (as in shooting).</summary>
        private const double BlowUpBound = 1e8;

        private readonly DiskSolverOptions options;
        private readonly double[,] laplacian;
        private readonly double[] rowScale;
        private readonly double[] points;
        private readonly double[] source;
        private readonly CompiledExpr nonlinearity;
        private readonly CompiledExpr derivative;
        private readonly SolutionSymmetry symmetry;
        private readonly double[][] samples;

        public DiskSystem(NonlinearPoisson problem, DiskSolverOptions options)
        {
            ArgumentNullException.ThrowIfNull(problem);
            if (problem.Dimension != 2)
            {
                throw new ProblemDefinitionException("dimension", $"the disk solver works on the unit disk (d = 2); this problem has d = {problem.Dimension}.");
            }

            this.options = options;
            symmetry = SolutionSymmetry.Of(problem);
            samples = SolutionClassifier.SamplePoints(2, new ClassifierOptions(Directions: 8, RadialPoints: 21));
            Grid = new DiskGrid(options.RadialPoints, options.AngularPoints);
            laplacian = Grid.Laplacian();
            points = Grid.Points();
            int count = Grid.Count;
            rowScale = new double[count];
            for (int p = 0; p < count; p++)
            {
                double largest = 0;
                for (int q = 0; q < count; q++)
                {
                    largest = Math.Max(largest, Math.Abs(laplacian[p, q]));
                }

                rowScale[p] = 1 / (1 + largest);
            }

            nonlinearity = ExprCompiler.Compile(problem.Nonlinearity, 2, problem.Parameters);
            derivative = ExprCompiler.Compile(problem.NonlinearityDerivative, 2, problem.Parameters);
            var f = ExprCompiler.Compile(problem.Source, 2, problem.Parameters);
            var g = ExprCompiler.Compile(problem.Boundary, 2, problem.Parameters);
            source = new double[count];
            for (int p = 0; p < count; p++)
            {
                source[p] = Grid.IsBoundary(p) ? g.Evaluate(points, 2 * p) : f.Evaluate(points, 2 * p);
            }
        }

        public DiskGrid Grid { get; }

        /// <summary>F(u): −∇²u + N(x, u) − f inside, u − g on the circle.</summary>
        public void Residual(double[] u, double[] result)
        {
            int count = Grid.Count;
            for (int p = 0; p < count; p++)
            {
                if (Grid.IsBoundary(p))
                {
                    result[p] = u[p] - source[p];
                    continue;
                }

                double lap = 0;
                for (int q = 0; q < count; q++)
                {
                    lap += laplacian[p, q] * u[q];
                }

                result[p] = -lap + nonlinearity.Evaluate(points, 2 * p, u[p]) - source[p];
            }
        }

        /// <summary>The scaled max-norm of F reported as the Newton residual.</summary>
        public double Measure(double[] residual)
        {
            double largest = 0;
            for (int p = 0; p < residual.Length; p++)
            {
                double v = Math.Abs(residual[p]) * (Grid.IsBoundary(p) ? 1 : rowScale[p]);
                largest = double.IsNaN(v) ? double.NaN : Math.Max(largest, v);
            }

            return largest;
        }

        /// <summary>
        /// Whether two solutions are one: the same values to 1e-6 at sample points (relative RMS, floor 1), or, for non-radial
        /// solutions of a problem with symmetries, images of each other to <paramref name="tolerance"/> at sample points.
        /// </summary>
        public bool Same(DiskSolution a, DiskSolution b, double tolerance)
        {
            var va = samples.Select(a.Evaluate).ToArray();
            var vb = samples.Select(b.Evaluate).ToArray();
            if (Pinn.Core.LinearAlgebra.RelativeError.Rms(vb, va, 1) <= 1e-6)
            {
                return true;
            }

            // Radial solutions are compared as they are (as shooting lists u and −u apart); a non-radial one stands
            // for all its images.
            if (!symmetry.Any || a.AngularVariation() < 1e-6 || b.AngularVariation() < 1e-6)
            {
                return false;
            }

            return symmetry.Distance(samples, vb, a.Evaluate, 1) <= tolerance;
        }

        /// <summary>The RMS distance between two value vectors on the grid.</summary>
        public double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            double sum = 0;
            for (int p = 0; p < a.Length; p++)
            {
                double d = a[p] - b[p];
                sum += d * d;
            }

            return Math.Sqrt(sum / a.Length);
        }

        public DiskSolution Newton(double[] initial, IReadOnlyList<DiskSolution> deflate)
        {
            int count = Grid.Count;
            var u = (double[])initial.Clone();
            var f = new double[count];
            var trial = new double[count];
            var trialF = new double[count];
            var history = new List<double>();
            var jacobian = new double[count * count];
            var pivots = new int[count];
            var step = new double[count];
            Residual(u, f);
            double merit = Merit(u, f, deflate);
            for (int iteration = 0; ; iteration++)
            {
                double measure = Measure(f);
                history.Add(measure);
                if (!double.IsFinite(measure))
                {
                    return new DiskSolution(Grid, u, history, false, $"the residual became non-finite at iteration {iteration}");
                }

                if (measure <= options.Tolerance)
                {
                    return new DiskSolution(Grid, u, history, true, $"converged in {iteration} Newton iterations");
                }

                if (u.Any(v => Math.Abs(v) > BlowUpBound))
                {
                    return new DiskSolution(Grid, u, history, false, $"diverged: |u| passed {BlowUpBound:G1} at iteration {iteration}");
                }

                if (iteration >= options.MaxIterations)
                {
                    return new DiskSolution(Grid, u, history, false, $"not converged after {iteration} Newton iterations (residual {measure:G3})");
                }

                // The Newton step; where its line search fails, the same with the diagonal shifted by 1e-10, 1e-8, 1e-6
                // of its largest entry: a non-radial solution of a rotation-invariant problem has a nearly singular
                // direction (the rotations), along which a full Newton step is meaningless.
                bool accepted = false;
                foreach (double shift in Shifts)
                {
                    if (!NewtonStep(u, f, jacobian, pivots, step, shift, deflate))
                    {
                        continue;
                    }

                    double alpha = 1;
                    for (int halving = 0; halving < 12 && !accepted; halving++, alpha /= 2)
                    {
                        for (int p = 0; p < count; p++)
                        {
                            trial[p] = u[p] + (alpha * step[p]);
                        }

                        Residual(trial, trialF);
                        double trialMerit = Merit(trial, trialF, deflate);
                        if (trialMerit <= merit * (1 - (1e-4 * alpha)) || (halving == 0 && Measure(trialF) <= options.Tolerance))
                        {
                            Array.Copy(trial, u, count);
                            Array.Copy(trialF, f, count);
                            merit = trialMerit;
                            accepted = true;
                        }
                    }

                    if (accepted)
                    {
                        break;
                    }
                }

                if (!accepted)
                {
                    history.Add(Measure(f));
                    return new DiskSolution(Grid, u, history, false, $"the line search found no decrease at iteration {iteration} (residual {Measure(f):G3})");
                }
            }
        }

        /// <summary>Diagonal shifts of the Newton matrix tried in turn, relative to its largest diagonal entry.</summary>
        private static readonly double[] Shifts = [0, 1e-10, 1e-8, 1e-6];

        /// <summary>
        /// The (deflated) Newton step at u: (J + shift·max|Jᵢᵢ|·I) step = −F on the interior equations, step = −F on the
        /// circle; false when the matrix is singular or the step not finite.
        /// </summary>
        private bool NewtonStep(double[] u, double[] f, double[] jacobian, int[] pivots, double[] step, double shift, IReadOnlyList<DiskSolution> deflate)
        {
            int count = Grid.Count;
            double largest = 0;
            for (int p = 0; p < count; p++)
            {
                var row = jacobian.AsSpan(p * count, count);
                if (Grid.IsBoundary(p))
                {
                    row.Clear();
                    row[p] = 1;
                    continue;
                }

                for (int q = 0; q < count; q++)
                {
                    row[q] = -laplacian[p, q];
                }

                row[p] += derivative.Evaluate(points, 2 * p, u[p]);
                largest = Math.Max(largest, Math.Abs(row[p]));
            }

            if (shift > 0)
            {
                for (int p = 0; p < count; p++)
                {
                    if (!Grid.IsBoundary(p))
                    {
                        jacobian[(p * count) + p] += shift * largest;
                    }
                }
            }

            if (!LuFactorization.TryFactor(jacobian, count, pivots, Environment.ProcessorCount))
            {
                return false;
            }

            for (int p = 0; p < count; p++)
            {
                step[p] = -f[p];
            }

            LuFactorization.Solve(jacobian, count, pivots, step);
            if (step.Any(v => !double.IsFinite(v)))
            {
                return false;
            }

            // Deflation: the Newton step of η(u)F(u) is the undeflated step times 1 / (1 − ∇η·δ / η).
            if (deflate.Count > 0)
            {
                double ratio = 0;
                foreach (var known in deflate)
                {
                    var k = known.Values;
                    double distance = Distance(u, k), inner = 0;
                    for (int p = 0; p < count; p++)
                    {
                        inner += (u[p] - k[p]) * step[p] / count;
                    }

                    double power = Math.Pow(distance, -options.DeflationPower);
                    ratio += -options.DeflationPower * power / (distance * distance) * inner / (power + options.DeflationShift);
                }

                double tau = 1 / (1 - ratio);
                if (double.IsFinite(tau))
                {
                    for (int p = 0; p < count; p++)
                    {
                        step[p] *= tau;
                    }
                }
            }

            return true;
        }

        /// <summary>The line search's merit: ‖η(u)·F(u)‖₂ with the scaled rows of <see cref="Measure"/>.</summary>
        private double Merit(double[] u, double[] residual, IReadOnlyList<DiskSolution> deflate)
        {
            double sum = 0;
            for (int p = 0; p < residual.Length; p++)
            {
                double v = residual[p] * (Grid.IsBoundary(p) ? 1 : rowScale[p]);
                sum += v * v;
            }

            double eta = 1;
            foreach (var known in deflate)
            {
                eta *= Math.Pow(Distance(u, known.Values), -options.DeflationPower) + options.DeflationShift;
            }

            double merit = eta * Math.Sqrt(sum);
            return double.IsNaN(merit) ? double.PositiveInfinity : merit;
        }
    }
}
