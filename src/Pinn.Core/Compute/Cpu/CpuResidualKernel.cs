using Pinn.Core.Problems;

namespace Pinn.Core.Compute.Cpu;

/// <summary>The CPU form of a residual: compiled delegates for N(x, u) and ∂N/∂u.</summary>
/// <typeparam name="T">float or double.</typeparam>
internal sealed class CpuResidualKernel<T>(ResidualForm form) : IResidualKernel<T>
    where T : unmanaged
{
    public CompiledResidualForm Compiled { get; } = form.Compile();

    public int Dimension => form.Dimension;

    /// <summary>Whether N uses the point: then the loss passes each point's coordinates.</summary>
    public bool UsesPoint { get; } = form.NonlinearityUsesPoint;
}
