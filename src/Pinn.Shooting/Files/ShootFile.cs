namespace Pinn.Shooting.Files;

/// <summary>The contents of shoot.json (<c>pinn shoot</c>): every radial solution found and its profile.</summary>
/// <param name="Grid">The radii the profiles are sampled at.</param>
/// <param name="Solutions">The solutions, by u(0) descending.</param>
public sealed record ShootFile(double[] Grid, IReadOnlyList<ShootFileSolution> Solutions);
