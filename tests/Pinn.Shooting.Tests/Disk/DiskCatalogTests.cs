using Pinn.Core.Symbolic;
using Pinn.Problems;
using Pinn.Shooting.Disk;

namespace Pinn.Shooting.Tests.Disk;

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
