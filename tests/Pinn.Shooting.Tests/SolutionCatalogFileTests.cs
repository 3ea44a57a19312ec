using Pinn.Problems;

namespace Pinn.Shooting.Tests;

/// <summary>A saved catalogue evaluates like the original (profiles on a 2001-point grid), and damage is one clear error.</summary>
public class SolutionCatalogFileTests
{
    [Fact]
    public void ASavedCatalogueEvaluatesLikeTheOriginal()
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
            Assert.Contains("not a readable solution catalogue", Assert.Throws<InvalidDataException>(() => SolutionCatalogFile.Load(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
