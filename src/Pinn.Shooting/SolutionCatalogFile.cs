using System.Text.Json;
using Pinn.Core.IO;
using Pinn.Shooting.Disk;
using Pinn.Shooting.Files;

namespace Pinn.Shooting;

/// <summary>
/// Saves a <see cref="SolutionCatalog"/> as radial profiles (JSON, <see cref="CatalogFile"/>) and loads it back: a run
/// directory keeps the catalog it was classified against, so that reports can be redrawn without shooting again.
/// Entries are sampled along the x1 axis; an entry of the disk solver also keeps its grid values, so it is restored
/// exactly, non-radial ones included.
/// </summary>
public static class SolutionCatalogFile
{
    /// <summary>Profile samples per entry: r = i/2000, i = 0 … 2000.</summary>
    public const int GridPoints = 2001;

    /// <summary>Writes the catalog atomically.</summary>
    /// <param name="path">The file.</param>
    /// <param name="catalog">The catalog.</param>
    /// <param name="dimension">The problem's dimension (entries are evaluated at (r, 0, …, 0)).</param>
    public static void Save(string path, SolutionCatalog catalog, int dimension)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var entries = catalog.Entries.Select(e => new CatalogFileEntry(e.Name, e.U0, e.UPrimeAt1, e.FromShooting, Profile(e, dimension), e.Disk is { } disk ? new DiskFileValues(disk.Grid.RadialPoints, disk.Grid.AngularPoints, disk.Residual, disk.Values.ToArray(), disk.Angle) : null)).ToList();
        var file = new CatalogFile($"r = i/{GridPoints - 1}, i = 0..{GridPoints - 1}, along the x1 axis", entries, catalog.Symmetry.Any ? catalog.Symmetry : null);
        AtomicFile.WriteText(path, JsonSerializer.Serialize(file, ShootingJsonContext.Default.CatalogFile) + "\n");
    }

    /// <summary>Reads a catalog written by <see cref="Save"/>.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="InvalidDataException">The file is not a catalog (damaged, truncated or of another kind).</exception>
    public static SolutionCatalog Load(string path)
    {
        CatalogFile? file;
        try
        {
            file = JsonSerializer.Deserialize(File.ReadAllText(path), ShootingJsonContext.Default.CatalogFile);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable solution catalog ({e.Message}).", e);
        }

        if (file?.Solutions is null || file.Solutions.Any(s => s?.Name is null || s.Profile is not { Length: >= 2 }))
        {
            throw new InvalidDataException($"'{path}' is not a solution catalog: every entry needs a name and a profile of at least 2 values.");
        }

        var entries = new List<CatalogEntry>();
        foreach (var s in file.Solutions)
        {
            if (s.Disk is { } disk)
            {
                var solution = DiskSolution.Restore(disk.RadialPoints, disk.AngularPoints, disk.Residual, disk.Values ?? [], disk.Angle);
                entries.Add(SolutionCatalog.DiskEntry(s.Name, solution));
            }
            else
            {
                entries.Add(SolutionCatalog.FromProfiles([(s.Name, s.U0, s.UPrimeAt1, s.Profile)]).Entries[0]);
            }
        }

        return SolutionCatalog.FromEntries(entries, file.Symmetry);
    }

    /// <summary>Writes shoot.json: the radial solutions (with their catalog names) sampled on <paramref name="grid"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="catalog">The catalog built from <paramref name="solutions"/>.</param>
    /// <param name="solutions">The radial solutions, in the catalog's order.</param>
    /// <param name="grid">Radii in [0, 1].</param>
    public static void SaveShot(string path, SolutionCatalog catalog, IReadOnlyList<RadialSolution> solutions, double[] grid)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(solutions);
        var shot = catalog.Entries.Where(e => e.FromShooting).Zip(solutions, (e, s) => new ShootFileSolution(e.Name, s.U0, s.UPrimeAt1, s.Residual, grid.Select(s.At).ToArray())).ToList();
        AtomicFile.WriteText(path, JsonSerializer.Serialize(new ShootFile(grid, shot), ShootingJsonContext.Default.ShootFile) + "\n");
    }

    /// <summary>Reads shoot.json.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="InvalidDataException">The file is damaged or of another kind.</exception>
    public static ShootFile LoadShot(string path)
    {
        try
        {
            var file = JsonSerializer.Deserialize(File.ReadAllText(path), ShootingJsonContext.Default.ShootFile);
            return file?.Grid is not null && file.Solutions is not null && file.Solutions.All(s => s?.Profile?.Length == file.Grid.Length)
                ? file
                : throw new InvalidDataException($"'{path}' is not a shoot.json file: it needs a grid and a profile on it for every solution.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable shoot.json file ({e.Message}).", e);
        }
    }

    private static double[] Profile(CatalogEntry entry, int dimension)
    {
        var profile = new double[GridPoints];
        var x = new double[dimension];
        for (int i = 0; i < GridPoints; i++)
        {
            x[0] = (double)i / (GridPoints - 1);
            profile[i] = entry.Evaluate(x);
        }

        return profile;
    }
}
