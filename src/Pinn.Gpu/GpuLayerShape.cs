using Pinn.Core.Networks;

namespace Pinn.Gpu;

/// <summary>
/// A layer's channel layout, width and activation as one kernel argument (a value type, as ILGPU kernels need), with
/// the row arithmetic of <see cref="ChannelLayout"/>.
/// </summary>
internal readonly struct GpuLayerShape(ChannelLayout layout, int width, Activation activation)
{
    public readonly int Points = layout.Points, DerivativePoints = layout.DerivativePoints, Dimension = layout.Dimension, Width = width, Activation = (int)activation;

    /// <summary>Row of ∂/∂x_k of point p (as <see cref="ChannelLayout.GradientRow"/> + p).</summary>
    public int GradientRow(int k, int p) => Points + (k * DerivativePoints) + p;

    /// <summary>Row of the Laplacian of point p (as <see cref="ChannelLayout.LaplacianRow"/> + p).</summary>
    public int LaplacianRow(int p) => Points + (Dimension * DerivativePoints) + p;
}
