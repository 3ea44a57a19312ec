namespace Pinn.Core.Compute;

/// <summary>
/// A backend's compiled form of a problem's residual R = −∇²u + N(u) − f and boundary error u − g
/// (on a GPU: generated device code; on the CPU: compiled delegates).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public interface IResidualKernel<T>
    where T : unmanaged
{
    /// <summary>The dimension d.</summary>
    int Dimension { get; }
}
