namespace Pinn.Shooting.Files;

/// <summary>One saved catalog entry: its radial profile on the file's grid, and for a disk-solver entry its grid values.</summary>
/// <param name="Name">The entry's name.</param>
/// <param name="U0">u(0), when known.</param>
/// <param name="UPrimeAt1">u'(1), when it came from shooting.</param>
/// <param name="FromShooting">Whether shooting found it.</param>
/// <param name="Profile">u at r = i/(n − 1), i = 0 … n − 1, along the x1 axis.</param>
/// <param name="Disk">The disk solver's values (null for shooting and closed-form entries).</param>
public sealed record CatalogFileEntry(string Name, double? U0, double? UPrimeAt1, bool FromShooting, double[] Profile, DiskFileValues? Disk = null);
