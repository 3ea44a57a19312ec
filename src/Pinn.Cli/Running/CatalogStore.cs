using System.Text.Json;
using System.Text.Json.Nodes;
using Pinn.Core.IO;
using Pinn.Problems;
using Pinn.Shooting;

namespace Pinn.Cli.Running;

/// <summary>Computes a problem's solution catalogue once per run and saves/loads it (profiles on a 2001-point radial grid).</summary>
internal static class CatalogStore
{
    public const int GridPoints = 2001;

    /// <summary>Shoots (when the problem is radial) and builds the catalogue; the note says what was done.</summary>
    public static (SolutionCatalog Catalog, string Note) Build(NonlinearPoisson problem, ShootingOptions options)
    {
        try
        {
            var roots = RadialShooting.FindAll(problem, options);
            return (SolutionCatalog.Build(problem, roots), $"shooting found {roots.Count} radial solution(s) with u(0) in [{options.Minimum}, {options.Maximum}]");
        }
        catch (ProblemDefinitionException e)
        {
            return (SolutionCatalog.Build(problem, null), $"no shooting ({e.Message}); catalogue = the problem's known solutions");
        }
    }

    public static void Save(string path, SolutionCatalog catalog, int dimension)
    {
        var entries = new JsonArray();
        foreach (var e in catalog.Entries)
        {
            var profile = new JsonArray();
            for (int i = 0; i < GridPoints; i++)
            {
                var x = new double[dimension];
                x[0] = (double)i / (GridPoints - 1);
                profile.Add(e.Evaluate(x));
            }

            entries.Add(new JsonObject { ["name"] = e.Name, ["u0"] = e.U0, ["uPrimeAt1"] = e.UPrimeAt1, ["fromShooting"] = e.FromShooting, ["profile"] = profile });
        }

        AtomicFile.WriteText(path, new JsonObject { ["grid"] = "r = i/2000, i = 0..2000, along the x1 axis", ["solutions"] = entries }.ToJsonString() + "\n");
    }

    public static SolutionCatalog Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return SolutionCatalog.FromProfiles(doc.RootElement.GetProperty("solutions").EnumerateArray().Select(e => (
            e.GetProperty("name").GetString()!,
            e.GetProperty("u0").ValueKind == JsonValueKind.Number ? e.GetProperty("u0").GetDouble() : (double?)null,
            e.GetProperty("uPrimeAt1").ValueKind == JsonValueKind.Number ? e.GetProperty("uPrimeAt1").GetDouble() : (double?)null,
            e.GetProperty("profile").EnumerateArray().Select(v => v.GetDouble()).ToArray())));
    }
}
