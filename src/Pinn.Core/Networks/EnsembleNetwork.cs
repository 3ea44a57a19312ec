using System.Numerics;
using Pinn.Core.Compute;

namespace Pinn.Core.Networks;

/// <summary>
/// K members of one residual network evaluated side by side in Taylor mode, so that each layer of every member is one
/// launch: the activations of the K members sit side by side in the columns of one matrix (rows × K·N, member m in
/// columns [m·N, (m + 1)·N)), where the input layer and the Taylor activation kernels run unchanged with width K·N; each
/// residual layer's K products are one <see cref="IComputeKernels{T}.GemmBatched"/>. Parameters and gradients are in
/// the packed layout of <see cref="IComputeKernels{T}.PackMembers"/> (tensor by tensor, members inside each tensor),
/// which makes every member's input weights, and every layer's biases, one contiguous K·N block.
/// The outputs are member after member (K × rows). Same maps as <see cref="TaylorNetwork{T}"/>, member by member.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class EnsembleNetwork<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IComputeBackend<T> backend;
    private readonly DeviceBuffer<T> z0;
    private readonly DeviceBuffer<T>[] y;
    private readonly DeviceBuffer<T>[] z;
    private readonly DeviceBuffer<T> dY;
    private readonly DeviceBuffer<T> dZ;
    private readonly DeviceBuffer<T> ones;
    private BufferView<T> lastTheta;

    /// <summary>Allocates the workspace.</summary>
    /// <param name="backend">Where to compute.</param>
    /// <param name="shape">The network of every member.</param>
    /// <param name="layout">The channel layout of the batch.</param>
    /// <param name="members">K ≥ 1.</param>
    public EnsembleNetwork(IComputeBackend<T> backend, ResidualNetworkShape shape, ChannelLayout layout, int members)
    {
        this.backend = backend;
        Shape = shape.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        if (layout.Dimension != shape.InputDimension)
        {
            throw new ArgumentException($"The layout has dimension {layout.Dimension} but the network takes {shape.InputDimension} inputs.", nameof(layout));
        }

        Layout = layout;
        Members = members;
        long cells = (long)layout.Rows * shape.Width * members;
        if (cells > int.MaxValue || (long)layout.Rows * members > int.MaxValue)
        {
            throw new ArgumentException($"{members} members need {cells} activations per layer, more than one buffer can hold; use fewer points, members or a narrower network.", nameof(members));
        }

        z0 = backend.Allocate(layout.Points * Width);
        y = new DeviceBuffer<T>[shape.Depth + 1];
        z = new DeviceBuffer<T>[shape.Depth + 1];
        for (int s = 0; s <= shape.Depth; s++)
        {
            y[s] = backend.Allocate((int)cells);
            if (s > 0)
            {
                z[s] = backend.Allocate((int)cells);
            }
        }

        dY = backend.Allocate((int)cells);
        dZ = backend.Allocate((int)cells);
        Output = backend.Allocate(layout.Rows * members);
        ones = backend.Allocate(Math.Max(1, layout.Points));
        backend.Fill(ones.All, 1);
    }

    /// <summary>The network of every member.</summary>
    public ResidualNetworkShape Shape { get; }

    /// <summary>The channel layout.</summary>
    public ChannelLayout Layout { get; }

    /// <summary>K.</summary>
    public int Members { get; }

    /// <summary>The outputs after <see cref="Forward"/>: member m's channel rows (as <see cref="TaylorNetwork{T}.Output"/>) start at m·<see cref="ChannelLayout.Rows"/>.</summary>
    public DeviceBuffer<T> Output { get; }

    private int Width => Shape.Width * Members;

    /// <summary>Forward pass of every member.</summary>
    /// <param name="packedTheta">K·P parameters in the packed layout.</param>
    /// <param name="points">The batch, <see cref="ChannelLayout.Points"/> × d.</param>
    public void Forward(BufferView<T> packedTheta, BufferView<T> points)
    {
        var shape = Shape;
        int n = shape.Width, k = Members, rows = Layout.Rows, wide = Width;
        lastTheta = packedTheta;
        backend.InputLayerForward(Layout, shape.Activation, wide, points, Packed(packedTheta, shape.WeightOffset(0), n * shape.InputDimension), Packed(packedTheta, shape.BiasOffset(0), n), z0.All, y[0].All);
        for (int s = 1; s <= shape.Depth; s++)
        {
            backend.GemmBatched(k, Transpose.No, Transpose.Yes, rows, n, n, 1, y[s - 1].All, wide, n, Packed(packedTheta, shape.WeightOffset(s), n * n), n, n * n, 0, z[s].All, wide, n);
            backend.ResidualActivationForward(Layout, shape.Activation, wide, z[s].All, Packed(packedTheta, shape.BiasOffset(s), n), y[s - 1].All, y[s].All);
        }

        // u_m = y_m·w_m on every channel row, then + b_m on the value rows (derivative channels carry no bias).
        backend.GemmBatched(k, Transpose.No, Transpose.No, rows, 1, n, 1, y[shape.Depth].All, wide, n, Packed(packedTheta, shape.OutputWeightOffset, n), 1, n, 0, Output.All, 1, rows);
        backend.GemmBatched(k, Transpose.No, Transpose.No, Layout.Points, 1, 1, 1, ones.All, 1, 0, Packed(packedTheta, shape.OutputBiasOffset, 1), 1, 1, 1, Output.All, 1, rows);
    }

    /// <summary>Reverse pass after <see cref="Forward"/>: every member's ∂V/∂θ in the packed layout (overwritten).</summary>
    /// <param name="seed">∂V/∂u for every channel row, member after member (K × rows).</param>
    /// <param name="points">The same batch as the forward pass.</param>
    /// <param name="packedGradient">Receives K·P gradients in the packed layout.</param>
    public void Backward(BufferView<T> seed, BufferView<T> points, BufferView<T> packedGradient)
    {
        var shape = Shape;
        var theta = lastTheta;
        int n = shape.Width, k = Members, rows = Layout.Rows, wide = Width, depth = shape.Depth, d = shape.InputDimension;
        var g = packedGradient;
        backend.GemmBatched(k, Transpose.No, Transpose.No, 1, 1, Layout.Points, 1, seed, rows, rows, ones.All, 1, 0, 0, Packed(g, shape.OutputBiasOffset, 1), 1, 1);
        backend.GemmBatched(k, Transpose.Yes, Transpose.No, n, 1, rows, 1, y[depth].All, wide, n, seed, 1, rows, 0, Packed(g, shape.OutputWeightOffset, n), 1, n);
        backend.GemmBatched(k, Transpose.No, Transpose.No, rows, n, 1, 1, seed, 1, rows, Packed(theta, shape.OutputWeightOffset, n), n, n, 0, dY.All, wide, n);
        for (int s = depth; s >= 1; s--)
        {
            backend.ResidualActivationBackward(Layout, shape.Activation, wide, z[s].All, dY.All, dZ.All, Packed(g, shape.BiasOffset(s), n));
            backend.GemmBatched(k, Transpose.Yes, Transpose.No, n, n, rows, 1, dZ.All, wide, n, y[s - 1].All, wide, n, 0, Packed(g, shape.WeightOffset(s), n * n), n, n * n);
            backend.GemmBatched(k, Transpose.No, Transpose.No, rows, n, n, 1, dZ.All, wide, n, Packed(theta, shape.WeightOffset(s), n * n), n, n * n, 1, dY.All, wide, n);
        }

        backend.InputLayerBackward(Layout, shape.Activation, wide, points, Packed(theta, shape.WeightOffset(0), n * d), z0.All, dY.All, Packed(g, shape.WeightOffset(0), n * d), Packed(g, shape.BiasOffset(0), n));
    }

    /// <summary>Every member's copy of the tensor at <paramref name="offset"/> (length <paramref name="length"/> per member).</summary>
    private BufferView<T> Packed(BufferView<T> packed, int offset, int length) => packed.Slice(Members * offset, Members * length);
}
