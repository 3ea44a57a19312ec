namespace Pinn.Shooting.Files;

/// <summary>One radial solution in shoot.json.</summary>
/// <param name="Name">Its catalog name.</param>
/// <param name="U0">u(0).</param>
/// <param name="UPrimeAt1">u'(1).</param>
/// <param name="Residual">|u(1) − g|.</param>
/// <param name="Profile">u at the file's grid.</param>
public sealed record ShootFileSolution(string Name, double U0, double UPrimeAt1, double Residual, double[] Profile);
