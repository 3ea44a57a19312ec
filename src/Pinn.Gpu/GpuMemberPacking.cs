using ILGPU;
using ILGPU.Runtime;
using Pinn.Core.Compute;
using Pinn.Core.Networks;

namespace Pinn.Gpu;

/// <summary>
/// <see cref="IComputeKernels{T}.PackMembers"/> and its inverse as one launch each: one thread per parameter finds its
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

    /// <summary>As <see cref="IComputeKernels{T}.PackMembers"/>.</summary>
    public void Pack(ResidualNetworkShape shape, int count, BufferView<float> members, BufferView<float> packed)
    {
        if (count > 0)
        {
            pack(count * shape.ParameterCount, GpuBuffer.View(members), GpuBuffer.View(packed), new PackShape(shape, count));
        }
    }

    /// <summary>As <see cref="IComputeKernels{T}.UnpackMembers"/>.</summary>
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

        /// <summary>Where packed element i lives in the member-after-member layout (plain arithmetic: it runs inside kernels).</summary>
        public int MemberIndex(int i)
        {
            int n = Width, k = Count;
            int inputWeights = n * Dimension, layer = (n * n) + n, residualStart = inputWeights + n, outputStart = residualStart + (Depth * layer);
            int offset, length, local;
            if (i < k * inputWeights)
            {
                offset = 0;
                length = inputWeights;
                local = i;
            }
            else if (i < k * residualStart)
            {
                offset = inputWeights;
                length = n;
                local = i - (k * inputWeights);
            }
            else if (i < k * outputStart)
            {
                int r = i - (k * residualStart);
                int s = r / (k * layer), q = r - (s * k * layer);
                bool weights = q < k * n * n;
                offset = residualStart + (s * layer) + (weights ? 0 : n * n);
                length = weights ? n * n : n;
                local = weights ? q : q - (k * n * n);
            }
            else
            {
                int r = i - (k * outputStart);
                bool weights = r < k * n;
                offset = outputStart + (weights ? 0 : n);
                length = weights ? n : 1;
                local = weights ? r : r - (k * n);
            }

            int member = local / length;
            return (member * Parameters) + offset + (local - (member * length));
        }
    }
}
