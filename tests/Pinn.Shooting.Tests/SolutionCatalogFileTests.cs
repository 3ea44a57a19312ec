using Pinn.Problems;

namespace Pinn.Shooting.Tests;

/// <summary>A saved catalog evaluates like the original (profiles on a 2001-point grid), and damage is one clear error.</summary>
public class SolutionCatalogFileTests
{
    [Fact]
    public void ASavedCatalogEvaluatesLikeTheOriginal()
    {
        var problem = ProblemCatalog.Sin2(2, 5);
        var catalog = SolutionCatalog.Build(problem, RadialShooting.FindAll(problem, new ShootingOptions(-20, 20)));
        string path = Path.Combine(Path.GetTempPath(), $"pinn-catalog-{Guid.NewGuid():N}.json");
        try
        {
            SolutionCatalogFile.Save(path, catalog, 2);
            var loaded = SolutionCatalogFile.Load(path);
            Assert.Equal(catalog.Entries.Select(e => (e.Name, e.U0, e.UPrimeAt1)), loaded.Entries.Select(e => (e.Name, e.U0, e.UPrimeAt1)));
            foreach (var (original, saved) in catalog.Entries.Zip(loaded.Entries))
            {
                // Linear interpolation on a grid of 1/2000: error ≤ h²/8·max|u''| ≈ 3e-5 for sin²(5r²) (|u''| ≤ 2e3).
                foreach (double r in new[] { 0.0, 0.1234, 0.5, 0.777, 0.999, 1.0 })
                {
                    NumericAssert.Absolute(original.Evaluate([r, 0]), saved.Evaluate([0, r]), 5e-5, $"{original.Name} at r = {r}");
                }
            }

            File.WriteAllText(path, "{\"grid\": \"g\", \"solutions\": [{\"name\": \"a\", \"profile\": [1]}]}");
            Assert.Contains("at least 2 values", Assert.Throws<InvalidDataException>(() => SolutionCatalogFile.Load(path)).Message);
            File.WriteAllText(path, "{\"grid\": ");
            Assert.Contains("not a readable solution catalog", Assert.Throws<InvalidDataException>(() => SolutionCatalogFile.Load(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheShootFileRoundTripsAndDamageIsOneError()
    {
        var problem = ProblemCatalog.Bratu(2, 1);
        var roots = RadialShooting.FindAll(problem, new ShootingOptions(-20, 20));
        var catalog = SolutionCatalog.Build(problem, roots);
        var grid = Enumerable.Range(0, 11).Select(i => i / 10.0).ToArray();
        string path = Path.Combine(Path.GetTempPath(), $"pinn-shoot-{Guid.NewGuid():N}.json");
        try
        {
            SolutionCatalogFile.SaveShot(path, catalog, roots, grid);
            var file = SolutionCatalogFile.LoadShot(path);
            Assert.Equal(grid, file.Grid);
            Assert.Equal(catalog.Entries.Select(e => e.Name), file.Solutions.Select(s => s.Name));
            Assert.Equal(roots.Select(r => r.U0), file.Solutions.Select(s => s.U0));
            Assert.Equal(grid.Select(roots[1].At), file.Solutions[1].Profile);
            File.WriteAllText(path, "{\"grid\": [0, 1], \"solutions\": [{\"name\": \"a\", \"u0\": 1, \"uPrimeAt1\": 0, \"residual\": 0, \"profile\": [1]}]}");
            Assert.Contains("a profile on it", Assert.Throws<InvalidDataException>(() => SolutionCatalogFile.LoadShot(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
