using Pinn.Shooting.Disk;

namespace Pinn.Shooting;

/// <summary>One known solution of a problem: from shooting, from a closed form, from the disk solver, or several of them.</summary>
/// <param name="Name">e.g. <c>analytic</c>, <c>shoot-2</c> or <c>disk-1</c>.</param>
/// <param name="U0">u(0) when known.</param>
/// <param name="UPrimeAt1">u'(1) when found by shooting.</param>
/// <param name="Evaluate">u(x) for a point x of the ball.</param>
/// <param name="FromShooting">Whether shooting found it.</param>
/// <param name="IsRadial">Whether it is a function of |x| alone.</param>
/// <param name="Disk">The disk solver's solution (d = 2) when the entry came from it; <see cref="Evaluate"/> then interpolates it.</param>
public sealed record CatalogEntry(string Name, double? U0, double? UPrimeAt1, Func<double[], double> Evaluate, bool FromShooting, bool IsRadial, DiskSolution? Disk = null);
