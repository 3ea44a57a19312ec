using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Optimization;

namespace Pinn.Core.Loss;

/// <summary>The PINN loss in float64 on a CPU backend as a least-squares system (<see cref="PinnLoss{T}.Linearize"/>).</summary>
public sealed class PinnLeastSquares : ILeastSquaresSystem
{
    private readonly PinnLoss<double> loss;
    private readonly CpuBackend<double> backend;
    private readonly CpuBuffer<double> theta;
    private CpuBuffer<double>? jacobianView;

    /// <summary>Wraps a loss and the backend it runs on.</summary>
    /// <param name="loss">The loss (its points and weights).</param>
    /// <param name="backend">Its CPU backend.</param>
    public PinnLeastSquares(PinnLoss<double> loss, CpuBackend<double> backend)
    {
        this.loss = loss ?? throw new ArgumentNullException(nameof(loss));
        this.backend = backend ?? throw new ArgumentNullException(nameof(backend));
        ParameterCount = loss.Shape.ParameterCount;
        theta = new CpuBuffer<double>(ParameterCount);
    }

    /// <inheritdoc />
    public int ParameterCount { get; }

    /// <inheritdoc />
    public int Rows => loss.ResidualRows;

    /// <inheritdoc />
    public double WeightDecay => loss.Options.WeightDecay;

    /// <inheritdoc />
    public int Threads => backend.Threads;

    /// <inheritdoc />
    public PhaseProfiler Profiler => backend.Profiler;

    /// <inheritdoc />
    public double Evaluate(double[] theta, Span<double> residuals, double[]? jacobian)
    {
        ArgumentNullException.ThrowIfNull(theta);
        theta.CopyTo(this.theta.Array, 0);
        if (jacobian is not null && !ReferenceEquals(jacobianView?.Array, jacobian))
        {
            jacobianView = new CpuBuffer<double>(jacobian);
        }

        return loss.Linearize(this.theta.All, residuals, jacobian is null ? null : jacobianView!.All).Total;
    }
}
