namespace Pinn.Core.Networks;

/// <summary>
/// How the Taylor-mode channels of a batch are stacked as rows of one matrix, so that each layer is one GEMM:
/// rows [0, P) hold the values of all P points; then d blocks of <see cref="DerivativePoints"/> rows hold ∂/∂x_k
/// of the first <see cref="DerivativePoints"/> points; then one block holds their Laplacians. Points beyond
/// <see cref="DerivativePoints"/> (boundary points, when their residual is not needed) carry values only.
/// </summary>
/// <param name="Points">P, all points (interior first, then boundary).</param>
/// <param name="DerivativePoints">The leading points that carry gradient and Laplacian channels.</param>
/// <param name="Dimension">d.</param>
public readonly record struct ChannelLayout(int Points, int DerivativePoints, int Dimension)
{
    /// <summary>Total rows: P + (d + 1)·P_l.</summary>
    public int Rows => Points + ((Dimension + 1) * DerivativePoints);

    /// <summary>First row of the ∂/∂x_k block.</summary>
    /// <param name="k">0-based coordinate.</param>
    public int GradientRow(int k) => Points + (k * DerivativePoints);

    /// <summary>First row of the Laplacian block.</summary>
    public int LaplacianRow => Points + (Dimension * DerivativePoints);
}
