namespace Pinn.Core.Compute;

/// <summary>The phases of a training step that a <see cref="PhaseProfiler"/> times (one name per phase, used by the network, the loss and the benchmarks).</summary>
public static class StepPhase
{
    /// <summary>Input layer and residual activations in Taylor mode (forward).</summary>
    public const string ForwardPointwise = "forward pointwise";

    /// <summary>Forward products Z = Y·Wᵀ.</summary>
    public const string ForwardGemm = "forward GEMM";

    /// <summary>Output layer, forward and backward.</summary>
    public const string OutputLayer = "output layer";

    /// <summary>Residual-loss kernel: residuals, loss terms and their seeds.</summary>
    public const string LossKernel = "loss kernel";

    /// <summary>Adjoints of the activations and of the input layer (backward).</summary>
    public const string BackwardPointwise = "backward pointwise";

    /// <summary>Weight-gradient products dW = dZᵀ·Y.</summary>
    public const string BackwardGemmWeights = "backward GEMM dW";

    /// <summary>Input-adjoint products dY += dZ·W.</summary>
    public const string BackwardGemmInputs = "backward GEMM dY";

    /// <summary>Whether a phase is one of the step's matrix products (the flops a benchmark counts).</summary>
    /// <param name="phase">A phase name.</param>
    public static bool IsProduct(string phase) => phase is ForwardGemm or BackwardGemmWeights or BackwardGemmInputs;
}
