using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Randomness;
using Pinn.Core.Training.Checkpoints;

namespace Pinn.Core.Training;

/// <summary>
/// The members a run trains, as the first-order phase holds them: each member's θ on the backend (one buffer for all
/// when the device batches members), its optimizer and its status, and where a member of the whole ensemble sits in
/// this run (a shard trains a block). Member m's initial network comes from random stream 0 (shared) or 1000 + its
/// index, its optimizer's randomness from stream 2000 + its index, so that a shard sets a member up exactly as the
/// whole run does.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal sealed class MemberSet<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IComputeBackend<T> backend;
    private readonly ResidualNetworkShape shape;

    /// <summary>Sets up the run's members at step 0.</summary>
    /// <param name="backend">Where θ live.</param>
    /// <param name="shape">The network.</param>
    /// <param name="options">Validated run options.</param>
    /// <param name="batched">Whether the members' θ are one buffer, member after member (a device that batches members).</param>
    public MemberSet(IComputeBackend<T> backend, ResidualNetworkShape shape, RunOptions options, bool batched)
    {
        this.backend = backend;
        this.shape = shape;
        (First, int k) = options.TrainedMembers;
        ulong seed = options.Training.Seed;
        Packed = batched ? backend.Allocate(k * shape.ParameterCount) : null;
        Theta = new BufferView<T>[k];
        Optimizers = new IOptimizer<T>[k];
        Status = new MemberStatus[k];
        var host = new double[shape.ParameterCount];
        for (int m = 0; m < k; m++)
        {
            ulong id = (ulong)(First + m);
            NetworkInitializer.Initialize(shape, Xoshiro256.ForStream(seed, options.Ensemble.SameInitialization ? 0UL : 1000UL + id), host);
            Theta[m] = Packed?.Slice(m * host.Length, host.Length) ?? backend.Allocate(host.Length).All;
            backend.Upload(host, Theta[m]);
            Optimizers[m] = options.Optimizer.Create(backend, shape.Blocks, Xoshiro256.ForStream(seed, 2000UL + id));
            Status[m] = MemberStatus.Start(First + m);
        }
    }

    /// <summary>The index in the whole ensemble of the first member this run trains.</summary>
    public int First { get; }

    /// <summary>How many members this run trains.</summary>
    public int Count => Theta.Length;

    /// <summary>All members' θ, member after member, when the device batches them; else null.</summary>
    public DeviceBuffer<T>? Packed { get; }

    /// <summary>Each member's θ.</summary>
    public BufferView<T>[] Theta { get; }

    /// <summary>Each member's optimizer.</summary>
    public IOptimizer<T>[] Optimizers { get; }

    /// <summary>Each member's status (replaced as it trains).</summary>
    public MemberStatus[] Status { get; }

    /// <summary>Where member <paramref name="member"/> (its index in the whole ensemble) sits in this run's arrays.</summary>
    /// <param name="member">The index in the whole ensemble.</param>
    public int PositionOf(int member)
    {
        int position = member - First;
        if (position < 0 || position >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(member), member, $"This run trains members {First} to {First + Count - 1}.");
        }

        return position;
    }

    /// <summary>The first-order θ of the member at <paramref name="position"/>, as doubles.</summary>
    /// <param name="position">Its position in this run.</param>
    public double[] Download(int position)
    {
        var host = new double[shape.ParameterCount];
        backend.Download(Theta[position], host);
        return host;
    }

    /// <summary>Sets the θ of the member at <paramref name="position"/> (e.g. a warm start, after checking the values).</summary>
    /// <param name="position">Its position in this run.</param>
    /// <param name="parameters">θ.</param>
    public void Upload(int position, ReadOnlySpan<double> parameters) => backend.Upload(parameters, Theta[position]);

    /// <summary>Checks warm-start parameters: the network's size, every value finite.</summary>
    /// <param name="parameters">θ.</param>
    public void CheckParameters(ReadOnlySpan<double> parameters)
    {
        if (parameters.Length != shape.ParameterCount)
        {
            throw new ArgumentException($"The network has {shape.ParameterCount} parameters, not {parameters.Length}.", nameof(parameters));
        }

        foreach (double x in parameters)
        {
            if (!double.IsFinite(x))
            {
                throw new ArgumentException("The warm-start parameters must be finite.", nameof(parameters));
            }
        }
    }

    /// <summary>Completed members train again (a run resumed with more steps).</summary>
    public void RestartCompleted()
    {
        for (int m = 0; m < Count; m++)
        {
            Status[m] = Status[m].State == MemberState.Completed ? Status[m].Restart() : Status[m];
        }
    }

    /// <summary>Members still training are completed (the run has done all its steps).</summary>
    public void CompleteActive()
    {
        for (int m = 0; m < Count; m++)
        {
            Status[m] = Status[m].Active ? Status[m].Complete() : Status[m];
        }
    }

    /// <summary>Every member's part of a checkpoint.</summary>
    /// <param name="parameters">The θ a member's checkpoint records (the polished ones once polishing has begun).</param>
    public MemberCheckpoint[] Save(Func<int, double[]> parameters)
    {
        var saved = new MemberCheckpoint[Count];
        for (int m = 0; m < Count; m++)
        {
            var s = Status[m];
            saved[m] = new MemberCheckpoint(s.Active, s.StopReason, s.LastLoss, s.BestLoss, s.Bounces, s.PolishNote ?? string.Empty, parameters(m), Optimizers[m].SaveState(), s.Cause);
        }

        return saved;
    }

    /// <summary>Restores every member from a checkpoint: status, θ and optimizer state.</summary>
    /// <param name="saved">The members' parts, in order.</param>
    public void Restore(IReadOnlyList<MemberCheckpoint> saved)
    {
        for (int m = 0; m < Count; m++)
        {
            var s = saved[m];
            Status[m] = MemberStatus.Restore(First + m, s.Active, s.Cause, s.StopReason, s.LastLoss, s.BestLoss, s.Bounces, s.PolishNote.Length == 0 ? null : s.PolishNote);
            backend.Upload(s.Parameters, Theta[m]);
            Optimizers[m].RestoreState(s.Optimizer);
        }
    }
}
