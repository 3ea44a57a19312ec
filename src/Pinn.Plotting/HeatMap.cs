namespace Pinn.Plotting;

/// <summary>
/// A colour map of a function on a rectangle, drawn under a chart's axes with a colour bar: values on a uniform grid
/// of cell centres from (<see cref="X0"/>, <see cref="Y0"/>) to (<see cref="X1"/>, <see cref="Y1"/>); NaN cells (e.g.
/// outside the unit disk) are left blank.
/// </summary>
/// <param name="Values">Values[i, j] at x = X0 + i·(X1 − X0)/(nx − 1), y = Y0 + j·(Y1 − Y0)/(ny − 1).</param>
/// <param name="X0">First x.</param>
/// <param name="X1">Last x.</param>
/// <param name="Y0">First y.</param>
/// <param name="Y1">Last y.</param>
/// <param name="ColorTitle">The colour bar's title.</param>
/// <param name="Diverging">A blue–white–red scale symmetric about 0 (for signed functions) instead of viridis.</param>
public sealed record HeatMap(double[,] Values, double X0, double X1, double Y0, double Y1, string ColorTitle, bool Diverging = true);
