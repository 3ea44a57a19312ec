using Pinn.Core.Networks;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;

namespace Pinn.Core.Compute;

/// <summary>
/// The runtime part of a compute backend: its memory (allocation, transfers to and from the host), how work is
/// scheduled on it (lanes, batched members) and where its phases are timed. Nothing here computes.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public interface IComputeRuntime<T>
    where T : unmanaged
{
    /// <summary>Where the phases of a step are timed (<see cref="PhaseProfiler.Disabled"/> unless profiling).</summary>
    PhaseProfiler Profiler { get; }

    /// <summary>A short description, e.g. <c>cpu (2 threads, AVX-512)</c>.</summary>
    string Name { get; }

    /// <summary>
    /// How many lanes should evaluate <paramref name="items"/> independent pieces of work side by side, each lane on its
    /// own <see cref="CreateMemberBackend"/> (1: one after another on this backend, every product using all of it). The
    /// pieces are ensemble members (each lane with its own <see cref="Loss.PinnLoss{T}.ForLane"/>) or the chunks of one
    /// batch (<see cref="Loss.PinnLoss{T}"/>).
    /// </summary>
    /// <param name="items">Pieces of work: ensemble members K, or chunks.</param>
    int Lanes(int items);

    /// <summary>
    /// A backend for one of the members evaluated side by side: on the CPU a single-threaded backend with the same
    /// kernel choices and profiler (lanes' phases add up in it), so that members share the cores instead of every
    /// product being split. Its buffers are interchangeable with this backend's.
    /// </summary>
    IComputeBackend<T> CreateMemberBackend();

    /// <summary>Allocates a zeroed buffer.</summary>
    /// <param name="length">Number of elements.</param>
    DeviceBuffer<T> Allocate(int length);

    /// <summary>Copies host doubles into a view (converting to T).</summary>
    /// <param name="source">The values.</param>
    /// <param name="destination">The view; same length.</param>
    void Upload(ReadOnlySpan<double> source, BufferView<T> destination);

    /// <summary>Copies a view to host doubles.</summary>
    /// <param name="source">The view.</param>
    /// <param name="destination">The values; same length.</param>
    void Download(BufferView<T> source, Span<double> destination);

    /// <summary>
    /// Whether ensemble members should be trained K at a time through <see cref="Loss.EnsembleLoss{T}"/> — every
    /// member's layer in one launch (<see cref="IComputeKernels{T}.GemmBatched"/>, the Taylor kernels over K·N columns) — instead of one
    /// member after another. True where launches are the cost (a GPU); the CPU evaluates members one after another or
    /// on lanes side by side (<see cref="Lanes"/>). The batched operations below have loop implementations,
    /// so every backend can run the batched path.
    /// </summary>
    bool BatchesMembers => false;
}
