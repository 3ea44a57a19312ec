namespace Pinn.Shooting;

/// <summary>One radial solution at one parameter value of a sweep.</summary>
/// <param name="Parameter">The parameter's value.</param>
/// <param name="U0">u(0).</param>
/// <param name="Norm">‖u‖: the root-mean-square of u over the ball.</param>
public sealed record SweepPoint(double Parameter, double U0, double Norm);
