using ILGPU;
using ILGPU.Runtime;
using Pinn.Core.Compute;
using Pinn.Core.Networks;

namespace Pinn.Gpu;

/// <summary>
/// <see cref="IComputeBackend{T}.PackMembers"/> and its inverse as one launch each: one thread per parameter finds its
/// tensor (W₀, b₀, W_s, b_s, w, b) from the network's shape and moves it between the member-after-member and the
/// tensor-after-tensor layouts.
/// </summary>
public sealed class GpuMemberPacking
{
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, PackShape> pack;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, PackShape> unpack;

    /// <summary>Compiles the kernels for a device.</summary>
    /// <param name="device">The device.</param>
    public GpuMemberPacking(GpuDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        pack = device.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, PackShape>(PackKernel);
        unpack = device.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, PackShape>(UnpackKernel);
    }

    /// <summary>As <see cref="IComputeBackend{T}.PackMembers"/>.</summary>
    public void Pack(ResidualNetworkShape shape, int count, BufferView<float> members, BufferView<float> packed)
    {
        if (count > 0)
        {
            pack(count * shape.ParameterCount, GpuBuffer.View(members), GpuBuffer.View(packed), new PackShape(shape, count));
        }
    }

    /// <summary>As <see cref="IComputeBackend{T}.UnpackMembers"/>.</summary>
    public void Unpack(ResidualNetworkShape shape, int count, BufferView<float> packed, BufferView<float> members)
    {
        if (count > 0)
        {
            unpack(count * shape.ParameterCount, GpuBuffer.View(packed), GpuBuffer.View(members), new PackShape(shape, count));
        }
    }

    internal static void PackKernel(Index1D i, ArrayView<float> members, ArrayView<float> packed, PackShape s) => packed[i] = members[s.MemberIndex(i)];

    internal static void UnpackKernel(Index1D i, ArrayView<float> packed, ArrayView<float> members, PackShape s) => members[s.MemberIndex(i)] = packed[i];

    /// <summary>The network's sizes as one kernel argument, and the map from a packed index to the member layout.</summary>
    internal readonly struct PackShape(ResidualNetworkShape shape, int count)
    {
        public readonly int Width = shape.Width, Dimension = shape.InputDimension, Depth = shape.Depth, Parameters = shape.ParameterCount, Count = count;

        /// <summary>Where packed element i lives in the member-after-member layout.</summary>
        public int MemberIndex(int i)
        {
            int n = Width, k = Count;
            int inputWeights = n * Dimension, layer = (n * n) + n;
            int offset, length, local;
            if (i < k * inputWeights)
            {
                (offset, length, local) = (0, inputWeights, i);
            }
            else if (i < k * (inputWeights + n))
            {
                (offset, length, local) = (inputWeights, n, i - (k * inputWeights));
            }
            else if (i < k * (inputWeights + n + (Depth * layer)))
            {
                int r = i - (k * (inputWeights + n));
                int s = r / (k * layer), q = r - (s * k * layer);
                int start = inputWeights + n + (s * layer);
                (offset, length, local) = q < k * n * n ? (start, n * n, q) : (start + (n * n), n, q - (k * n * n));
            }
            else
            {
                int start = inputWeights + n + (Depth * layer);
                int r = i - (k * start);
                (offset, length, local) = r < k * n ? (start, n, r) : (start + n, 1, r - (k * n));
            }

            int member = local / length;
            return (member * Parameters) + offset + (local - (member * length));
        }
    }
}
