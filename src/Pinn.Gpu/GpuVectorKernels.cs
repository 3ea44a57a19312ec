using ILGPU;
using ILGPU.Runtime;
using Pinn.Core.Compute;

namespace Pinn.Gpu;

/// <summary>
/// The vector operations of the compute seam as ILGPU kernels (what the optimizers' updates are made of): y ← αx + y,
/// x ← αx, x ← x + c, fill, copy, and the reductions x·y and "all finite". Reductions are deterministic: each of a fixed
/// number of groups sums its strided share in double through a shared-memory tree, and the host adds the group sums
/// in group order, so a result does not depend on scheduling.
/// </summary>
public sealed class GpuVectorKernels
{
    private const int GroupSize = 64;
    private const int Groups = 64;

    private readonly Accelerator accelerator;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, float> axpy;
    private readonly Action<Index1D, ArrayView<float>, float> scale;
    private readonly Action<Index1D, ArrayView<float>, float> shift;
    private readonly Action<Index1D, ArrayView<float>, float> fill;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>> copy;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<double>, int> dot;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<double>, int> nonFinite;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> partials;

    /// <summary>Compiles the kernels for a device.</summary>
    /// <param name="device">The device.</param>
    public GpuVectorKernels(GpuDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        accelerator = device.Accelerator;
        axpy = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, float>(AxpyKernel);
        scale = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, float>(ScaleKernel);
        shift = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, float>(ShiftKernel);
        fill = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, float>(FillKernel);
        copy = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(CopyKernel);
        dot = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<double>, int>(DotKernel);
        nonFinite = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<double>, int>(NonFiniteKernel);
        partials = accelerator.Allocate1D<double>(Groups);
    }

    /// <summary>y ← αx + y.</summary>
    public void Axpy(double alpha, BufferView<float> x, BufferView<float> y)
    {
        Same(x, y);
        if (x.Length > 0)
        {
            axpy(x.Length, GpuBuffer.View(x), GpuBuffer.View(y), (float)alpha);
        }
    }

    /// <summary>x ← αx.</summary>
    public void Scale(double alpha, BufferView<float> x)
    {
        if (x.Length > 0)
        {
            scale(x.Length, GpuBuffer.View(x), (float)alpha);
        }
    }

    /// <summary>x ← x + value.</summary>
    public void Shift(BufferView<float> x, double value)
    {
        if (x.Length > 0)
        {
            shift(x.Length, GpuBuffer.View(x), (float)value);
        }
    }

    /// <summary>x ← value.</summary>
    public void Fill(BufferView<float> x, double value)
    {
        if (x.Length > 0)
        {
            fill(x.Length, GpuBuffer.View(x), (float)value);
        }
    }

    /// <summary>destination ← source.</summary>
    public void Copy(BufferView<float> source, BufferView<float> destination)
    {
        Same(source, destination);
        if (source.Length > 0)
        {
            copy(source.Length, GpuBuffer.View(source), GpuBuffer.View(destination));
        }
    }

    /// <summary>x·y, accumulated in double.</summary>
    public double Dot(BufferView<float> x, BufferView<float> y)
    {
        Same(x, y);
        if (x.Length == 0)
        {
            return 0;
        }

        dot(new KernelConfig(Groups, GroupSize), GpuBuffer.View(x), GpuBuffer.View(y), partials.View, x.Length);
        return SumPartials();
    }

    /// <summary>Whether every element is finite.</summary>
    public bool AllFinite(BufferView<float> x)
    {
        if (x.Length == 0)
        {
            return true;
        }

        nonFinite(new KernelConfig(Groups, GroupSize), GpuBuffer.View(x), partials.View, x.Length);
        return SumPartials() == 0;
    }

    private double SumPartials()
    {
        var host = partials.GetAsArray1D();
        double sum = 0;
        foreach (double p in host)
        {
            sum += p;
        }

        return sum;
    }

    private static void Same(BufferView<float> a, BufferView<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Vector lengths differ ({a.Length} and {b.Length}).", nameof(b));
        }
    }

    internal static void AxpyKernel(Index1D i, ArrayView<float> x, ArrayView<float> y, float alpha) => y[i] += alpha * x[i];

    internal static void ScaleKernel(Index1D i, ArrayView<float> x, float alpha) => x[i] *= alpha;

    internal static void ShiftKernel(Index1D i, ArrayView<float> x, float value) => x[i] += value;

    internal static void FillKernel(Index1D i, ArrayView<float> x, float value) => x[i] = value;

    internal static void CopyKernel(Index1D i, ArrayView<float> source, ArrayView<float> destination) => destination[i] = source[i];

    internal static void DotKernel(ArrayView<float> x, ArrayView<float> y, ArrayView<double> partial, int n)
    {
        var shared = SharedMemory.Allocate<double>(GroupSize);
        double sum = 0;
        for (int i = (Grid.IdxX * GroupSize) + Group.IdxX; i < n; i += Groups * GroupSize)
        {
            sum += (double)x[i] * y[i];
        }

        Reduce(shared, sum, partial);
    }

    internal static void NonFiniteKernel(ArrayView<float> x, ArrayView<double> partial, int n)
    {
        var shared = SharedMemory.Allocate<double>(GroupSize);
        double count = 0;
        for (int i = (Grid.IdxX * GroupSize) + Group.IdxX; i < n; i += Groups * GroupSize)
        {
            float v = x[i];
            count += v - v == 0f ? 0 : 1; // v − v is NaN exactly when v is NaN or ±∞
        }

        Reduce(shared, count, partial);
    }

    /// <summary>The group's tree sum in shared memory; thread 0 writes it to partial[group].</summary>
    private static void Reduce(ArrayView<double> shared, double value, ArrayView<double> partial)
    {
        int t = Group.IdxX;
        shared[t] = value;
        Group.Barrier();
        for (int offset = GroupSize / 2; offset > 0; offset /= 2)
        {
            if (t < offset)
            {
                shared[t] += shared[t + offset];
            }

            Group.Barrier();
        }

        if (t == 0)
        {
            partial[Grid.IdxX] = shared[0];
        }
    }
}
