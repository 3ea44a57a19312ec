namespace Pinn.Shooting.Files;

/// <summary>A disk-solver solution as saved in a catalog: enough to rebuild its spectral interpolant exactly.</summary>
/// <param name="RadialPoints">n of its <see cref="Disk.DiskGrid"/>.</param>
/// <param name="AngularPoints">M of its grid.</param>
/// <param name="Residual">Its final Newton residual.</param>
/// <param name="Values">The (n + 1)·M grid values, boundary circle first.</param>
/// <param name="Angle">The rotation between the grid's frame and the solution's (<see cref="Disk.DiskSolution.Angle"/>).</param>
public sealed record DiskFileValues(int RadialPoints, int AngularPoints, double Residual, double[] Values, double Angle = 0);
