using Pinn.Core.Symbolic;
using Pinn.Problems;
using Pinn.Shooting.Disk;

namespace Pinn.Shooting.Tests.Disk;

public sealed class DiskSolverTests
{
    [Fact]
    public void SolvesAManufacturedNonRadialProblemToOneInABillionWithQuadraticConvergence()
    {
        // u* = e^{x1} sin(x2) + x1 x2² + 0.3, N(u) = u³: f and g derived symbolically.
        var exact = ExprParser.Parse("exp(x1)*sin(x2) + x1*x2^2 + 0.3");
        var problem = Manufactured.From(exact, ExprParser.Parse("u^3"), 2);
        var solution = DiskSolver.Solve(problem, (_, _) => 0);
        Assert.True(solution.Converged, solution.Note);
        Assert.True(solution.Residual <= 1e-10, $"residual {solution.Residual:G3}");
        var u = ExprCompiler.Compile(exact, 2, problem.Parameters);
        var random = new Random(3);
        for (int i = 0; i < 100; i++)
        {
            double r = Math.Sqrt(random.NextDouble()), t = 2 * Math.PI * random.NextDouble();
            var x = new[] { r * Math.Cos(t), r * Math.Sin(t) };
            NumericAssert.Absolute(u.Evaluate(x), solution.Evaluate(x), 1e-9, $"u({x[0]:F3}, {x[1]:F3})");
        }

        // Quadratic convergence: once the residual is below 1e-2, each is at most C times the square of the one
        // before (C = 1e3 allows for the constant and for the round-off floor).
        var history = solution.Residuals;
        for (int k = 1; k < history.Count; k++)
        {
            if (history[k - 1] < 1e-2 && history[k] > 1e-13)
            {
                Assert.True(history[k] <= 1e3 * history[k - 1] * history[k - 1], $"iteration {k}: {history[k]:G3} after {history[k - 1]:G3}");
            }
        }

        Assert.True(solution.AngularVariation() > 0.1, "the solution depends on the angle");
    }

    [Fact]
    public void FindsBothBratuSolutionsOnTheDiskAsTheirClosedFormsByDeflation()
    {
        var problem = ProblemCatalog.Bratu(2, 1);
        // The upper solution is steep (b ≈ 45.6): 32 radii resolve it to 1e-10.
        var found = DiskSolver.FindAll(problem, [(_, _) => 0], new DiskSolverOptions(RadialPoints: 32, AngularPoints: 16));
        Assert.Equal(2, found.Count);
        var expected = ProblemCatalog.BratuClosedFormParameters(1).Select(p => 2 * Math.Log(1 + p.B)).OrderBy(v => v).ToArray();
        var u0 = found.Select(s => s.U0).OrderBy(v => v).ToArray();
        for (int i = 0; i < 2; i++)
        {
            NumericAssert.Relative(expected[i], u0[i], 1e-9, what: $"u(0) of solution {i}");
            Assert.True(found[i].Residual <= 1e-10, $"residual {found[i].Residual:G3}");
        }

        // Away from the centre too, against 2 ln[(1 + b)/(1 + b r²)].
        foreach (var (s, b) in found.OrderBy(s => s.U0).Zip(ProblemCatalog.BratuClosedFormParameters(1).OrderBy(p => p.B).Select(p => p.B)))
        {
            foreach (double r in new[] { 0.2, 0.55, 0.9 })
            {
                double x = r * Math.Cos(1.1), y = r * Math.Sin(1.1);
                NumericAssert.Absolute(2 * Math.Log((1 + b) / (1 + (b * r * r))), s.Evaluate(x, y), 1e-9, $"u at r = {r}");
            }
        }
    }

    [Theory]
    [InlineData("paper-2d-quick.json")]
    [InlineData("bratu-2d.json")]
    [InlineData("zero-data-2d.json")]
    public void AgreesWithShootingOnEveryRadialSolutionOfAShippedProblemToOneInOneHundredMillion(string file)
    {
        var problem = ProblemJson.ReadDocument(File.ReadAllText(TestPaths.Problem(file)), file);
        var roots = RadialShooting.FindAll(problem, new ShootingOptions(-60, 40));
        Assert.NotEmpty(roots);
        var options = new DiskSolverOptions(RadialPoints: 32, AngularPoints: 16);
        foreach (var root in roots)
        {
            var refined = DiskSolver.Refine(problem, (x, y) => root.At(Math.Sqrt((x * x) + (y * y))), options);
            Assert.True(refined.Converged, $"{file}, u(0) = {root.U0}: {refined.Note}");
            NumericAssert.Absolute(root.U0, refined.U0, 1e-8 * Math.Max(1, Math.Abs(root.U0)), $"{file}: u(0)");
            Assert.True(refined.AngularVariation() < 1e-10, "a radial solution stays radial");
        }
    }

    [Fact]
    public void RefusesAProblemInThreeDimensions()
    {
        var e = Assert.Throws<ProblemDefinitionException>(() => DiskSolver.Solve(ProblemCatalog.Bratu(3, 1), (_, _) => 0));
        Assert.Equal("dimension", e.Field);
    }

    [Fact]
    public void ReportsANewtonFailureInsteadOfReturningGarbage()
    {
        // −∇²u = 5 eᵘ has no solution on the disk (λ > 2).
        var s = DiskSolver.Solve(ProblemCatalog.Bratu(2, 1).WithParameter("lambda", 5), (_, _) => 0, new DiskSolverOptions(RadialPoints: 8, AngularPoints: 8, MaxIterations: 30));
        Assert.False(s.Converged);
        Assert.False(string.IsNullOrEmpty(s.Note));
    }
}

public sealed class DiskCatalogTests
{
    private static readonly NonlinearPoisson Cubic = new(2, ExprParser.Parse("-u^3"), 0.0, 0.0, name: "cubic");

    [Fact]
    public void FindsTheTrivialBothRadialAndNonRadialSignChangingSolutionsOfTheCubicProblem()
    {
        // −∇²u = u³ on the disk, u = 0: u ≡ 0, the positive radial solution and its negative (checked against
        // shooting), and non-radial sign-changing solutions (each once, not once per rotation), all at Newton
        // residual ≤ 1e-10 with quadratic convergence at the end.
        var found = DiskSolver.Catalog(Cubic);
        var shot = RadialShooting.FindAll(Cubic, new ShootingOptions(-10, 10)).Select(s => s.U0).ToArray();
        Assert.Equal(3, shot.Length);
        var radial = found.Where(s => s.AngularVariation() < 1e-8).Select(s => s.U0).OrderBy(v => v).ToArray();
        Assert.Equal(3, radial.Length);
        foreach (var (expected, actual) in shot.OrderBy(v => v).Zip(radial))
        {
            NumericAssert.Absolute(expected, actual, 1e-8 * Math.Max(1, Math.Abs(expected)), "u(0) of a radial solution against shooting");
        }

        var nonRadial = found.Where(s => s.AngularVariation() > 0.5).ToList();
        Assert.NotEmpty(nonRadial);
        foreach (var s in found)
        {
            Assert.True(s.Converged && s.Residual <= 1e-10, $"residual {s.Residual:G3}: {s.Note}");
        }

        var symmetry = SolutionSymmetry.Of(Cubic);
        Assert.Equal(new SolutionSymmetry(true, true), symmetry);
        var points = SolutionClassifier.SamplePoints(2, new ClassifierOptions(RadialPoints: 21));
        for (int i = 0; i < nonRadial.Count; i++)
        {
            for (int j = i + 1; j < nonRadial.Count; j++)
            {
                double d = symmetry.Distance(points, points.Select(nonRadial[j].Evaluate).ToArray(), nonRadial[i].Evaluate, 1);
                Assert.True(d > 1e-2, $"non-radial solutions {i} and {j} are images of each other (distance {d:G3})");
            }
        }
    }

    [Fact]
    public void RefinesAPerturbedRotatedNonRadialSolutionDespiteItsNearlySingularRotationDirection()
    {
        // A trained network's values: the nodal solution turned by 0.3 rad, off by a smooth 1e-3 perturbation. Newton
        // converges (shifting the nearly singular Newton matrix where a full step fails) to residual ≤ 1e-10.
        var nodal = DiskSolver.Catalog(Cubic).First(s => s.AngularVariation() > 0.5);
        double c = Math.Cos(0.3), sn = Math.Sin(0.3);
        var refined = DiskSolver.Refine(Cubic, (x, y) => nodal.Evaluate((c * x) - (sn * y), (sn * x) + (c * y)) + (1e-3 * Math.Sin(3 * x) * (1 - (x * x) - (y * y))));
        Assert.True(refined.Converged, refined.Note);
        Assert.True(refined.Residual <= 1e-10, $"residual {refined.Residual:G3}");
        NumericAssert.Relative(DiskSolver.Energy(Cubic, nodal), DiskSolver.Energy(Cubic, refined), 1e-7, what: "energy of the refined copy (another grid)");
        Assert.NotEqual(0, refined.Angle);

        // It evaluates in the start's frame: close to the turned nodal solution, not to the unturned one.
        var points = SolutionClassifier.SamplePoints(2, new ClassifierOptions(RadialPoints: 21));
        var turned = points.Select(x => nodal.Evaluate((c * x[0]) - (sn * x[1]), (sn * x[0]) + (c * x[1]))).ToArray();
        double error = Pinn.Core.LinearAlgebra.RelativeError.Rms(points.Select(refined.Evaluate).ToArray(), turned);
        Assert.True(error < 3e-3, $"distance to the turned solution {error:G3}");
    }

    [Fact]
    public void ARotatedOrNegatedCopyOfANonRadialEntryIsClassifiedAsThatEntry()
    {
        var found = DiskSolver.Catalog(Cubic);
        var catalog = SolutionCatalog.FromDisk(Cubic, found);
        var nonRadial = catalog.Entries.First(e => !e.IsRadial);
        foreach (var (phi, sign) in new[] { (0.7, 1.0), (2.9, -1.0), (0.0, -1.0) })
        {
            double c = Math.Cos(phi), s = Math.Sin(phi);
            var result = SolutionClassifier.Classify(x => sign * nonRadial.Evaluate([(c * x[0]) - (s * x[1]), (s * x[0]) + (c * x[1])]), 2, catalog);
            Assert.Equal(nonRadial.Name, result.Class);
            Assert.True(result.Distance < 1e-6, $"distance {result.Distance:G3} at φ = {phi}, sign {sign}");
        }

        // Without the symmetry, the rotated copy is far from every entry.
        var plain = SolutionCatalog.FromEntries(catalog.Entries);
        var rotated = SolutionClassifier.Classify(x => nonRadial.Evaluate([(Math.Cos(0.7) * x[0]) - (Math.Sin(0.7) * x[1]), (Math.Sin(0.7) * x[0]) + (Math.Cos(0.7) * x[1])]), 2, plain);
        Assert.True(rotated.Distances[nonRadial.Name] > 0.1, $"plain distance {rotated.Distances[nonRadial.Name]:G3}");
    }

    [Fact]
    public void ASavedDiskCatalogRestoresNonRadialEntriesExactlyWithTheirSymmetry()
    {
        var catalog = SolutionCatalog.FromDisk(Cubic, DiskSolver.Catalog(Cubic));
        string path = Path.Combine(Path.GetTempPath(), $"pinn-disk-catalog-{Guid.NewGuid():N}.json");
        try
        {
            SolutionCatalogFile.Save(path, catalog, 2);
            var loaded = SolutionCatalogFile.Load(path);
            Assert.Equal(catalog.Symmetry, loaded.Symmetry);
            Assert.Equal(catalog.Entries.Select(e => (e.Name, e.IsRadial)), loaded.Entries.Select(e => (e.Name, e.IsRadial)));
            foreach (var (a, b) in catalog.Entries.Zip(loaded.Entries))
            {
                foreach (var x in new[] { new[] { 0.3, -0.4 }, [0.0, 0.0], [-0.71, 0.7] })
                {
                    Assert.Equal(a.Evaluate(x), b.Evaluate(x));
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BuildsTheCatalogOfANonRadialManufacturedProblemWithItsClosedFormNamed()
    {
        // −∇²u + u² = f with u* = sin(3x1)(1 − r²) + 0.5x2 (no radial symmetry; shooting refuses it): the disk
        // solver finds u* (named "analytic", to 1e-9) and a second solution.
        var problem = Manufactured.From(ExprParser.Parse("sin(3*x1)*(1-r^2) + 0.5*x2"), ExprParser.Parse("u^2"), 2);
        Assert.Throws<ProblemDefinitionException>(() => RadialShooting.FindAll(problem));
        var catalog = SolutionCatalog.FromDisk(problem, DiskSolver.Catalog(problem));
        Assert.Equal(SolutionSymmetry.None, catalog.Symmetry);
        Assert.Equal(["analytic", "disk-2"], catalog.Entries.Select(e => e.Name));
        var exact = ExprCompiler.Compile(problem.KnownSolutions["analytic"], 2, problem.Parameters);
        foreach (var x in new[] { new[] { 0.3, -0.4 }, [0.0, 0.5], [-0.6, 0.7] })
        {
            NumericAssert.Absolute(exact.Evaluate(x), catalog.Entries[0].Evaluate(x), 1e-9, "the analytic entry");
        }

        Assert.False(catalog.Entries[1].IsRadial);
    }
}

public sealed class DiskEnergyAndHenonTests
{
    [Fact]
    public void TheEnergyOfClosedFormSolutionsIsExact()
    {
        // −∇²u = 4, u = 0: u = 1 − r², E = ∫ ½|∇u|² − 4u = 2π ∫ (2r² − 4 + 4r²) r dr = −π.
        var bump = DiskSolver.Solve(new NonlinearPoisson(2, Expr.Number(0), Expr.Number(4), Expr.Number(0)), (_, _) => 0, new DiskSolverOptions(8, 8));
        NumericAssert.Relative(-Math.PI, DiskSolver.Energy(new NonlinearPoisson(2, Expr.Number(0), Expr.Number(4), Expr.Number(0)), bump), 1e-12, what: "E(1 − r²)");

        // −∇²u = 0, u = x1 on the circle: u = x1, E = ½∫|∇u|² = π/2 (the boundary term carries it).
        var linear = new NonlinearPoisson(2, Expr.Number(0), Expr.Number(0), ExprParser.Parse("x1"));
        NumericAssert.Relative(Math.PI / 2, DiskSolver.Energy(linear, DiskSolver.Solve(linear, (_, _) => 0, new DiskSolverOptions(8, 8))), 1e-12, what: "E(x1)");

        // N(u) = u³, u* = x1 x2 + 0.5: E = ∫ ½|∇u|² + u⁴/4 − f u with f = u*³ (u* harmonic): by 2-D quadrature.
        var cubic = Manufactured.From(ExprParser.Parse("x1*x2 + 0.5"), ExprParser.Parse("u^3"), 2);
        var solution = DiskSolver.Solve(cubic, (_, _) => 0, new DiskSolverOptions(12, 16));
        double expected = PolarQuadrature((x, y) =>
        {
            double u = (x * y) + 0.5;
            return (0.5 * ((y * y) + (x * x))) + (Math.Pow(u, 4) / 4) - (u * u * u * u);
        });
        NumericAssert.Relative(expected, DiskSolver.Energy(cubic, solution), 1e-11, what: "E of the manufactured cubic solution");
    }

    [Fact]
    public void TheHenonGroundStateIsNonRadialAndBelowTheRadialSolution()
    {
        // −∇²u = |x|^6 u³ on the disk, u = 0: the positive radial solution (checked against shooting with N(r, u))
        // and a one-signed non-radial one of lower energy — the ground state breaks the symmetry (Smets, Su and Willem).
        var problem = new NonlinearPoisson(2, ExprParser.Parse("-r^6*u^3"), Expr.Number(0), Expr.Number(0), name: "henon");
        var found = DiskSolver.Catalog(problem);
        var shot = RadialShooting.FindAll(problem, new ShootingOptions(0.5, 30)).Single();
        var radial = found.Single(s => s.AngularVariation() < 1e-8 && s.U0 > 1);
        NumericAssert.Relative(shot.U0, radial.U0, 1e-8, what: "u(0) of the positive radial solution against shooting");
        // One-signed and non-radial (u and −u are one solution here: N is odd and f = g = 0).
        static bool OneSigned(DiskSolution s) => s.Values.ToArray().Min() > -1e-8 || s.Values.ToArray().Max() < 1e-8;
        var positive = found.Where(s => s.AngularVariation() > 0.1 && OneSigned(s)).ToList();
        Assert.NotEmpty(positive);
        double radialEnergy = DiskSolver.Energy(problem, radial);
        var ground = positive.MinBy(s => DiskSolver.Energy(problem, s))!;
        double groundEnergy = DiskSolver.Energy(problem, ground);
        Assert.True(groundEnergy < 0.6 * radialEnergy, $"non-radial {groundEnergy:G6} against radial {radialEnergy:G6}");

        // The catalog resolved it (spectral tail ≤ 1e-8, or it says how far it got): on a grid 1.5 times finer in
        // both directions its energy agrees to 1e-7 and the solution itself to 1e-6 up to a rotation (rotations are a
        // direction in which Newton's matrix is singular: the finer grid's solve may settle at another angle).
        Assert.True(ground.SpectralTail < 1e-7, $"spectral tail {ground.SpectralTail:G3} on {ground.Grid.RadialPoints} × {ground.Grid.AngularPoints}");
        var finer = DiskSolver.Refine(problem, ground.Evaluate, new DiskSolverOptions(36, 2 * (int)(0.75 * ground.Grid.AngularPoints)));
        Assert.True(finer.Converged, finer.Note);
        NumericAssert.Relative(groundEnergy, DiskSolver.Energy(problem, finer), 1e-7, what: "the ground state's energy on two grids");
        var points = SolutionClassifier.SamplePoints(2, new ClassifierOptions(RadialPoints: 21));
        double distance = SolutionSymmetry.Of(problem).Distance(points, points.Select(finer.Evaluate).ToArray(), ground.Evaluate, 1);
        Assert.True(distance < 1e-6, $"distance up to rotation {distance:G3}");
    }

    private static double PolarQuadrature(Func<double, double, double> h)
    {
        var r = new MathNet.Numerics.Integration.GaussLegendreRule(0, 1, 24);
        double sum = 0;
        const int Angles = 64;
        for (int i = 0; i < r.Order; i++)
        {
            for (int k = 0; k < Angles; k++)
            {
                double t = 2 * Math.PI * k / Angles, rr = r.GetAbscissa(i);
                sum += r.GetWeight(i) * rr * h(rr * Math.Cos(t), rr * Math.Sin(t)) * 2 * Math.PI / Angles;
            }
        }

        return sum;
    }
}
