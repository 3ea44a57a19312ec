using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;
using Pinn.Core.Symbolic;

namespace Pinn.Core.Training;

/// <summary>
/// A run's validation points (random stream 2) and what is measured on them: the loss and its parts, and the relative
/// L2 error to each known solution of the current stage's problem. A continuation stage swaps the problem on the same
/// points.
/// </summary>
/// <typeparam name="T">The run's precision.</typeparam>
internal sealed class ValidationSet<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IComputeBackend<T> backend;
    private readonly ResidualNetworkShape shape;
    private readonly RunOptions options;
    private readonly IReadOnlyDictionary<string, Expr> knownSolutions;
    private readonly Dictionary<string, double[]> exact = new(StringComparer.Ordinal);
    private PinnLoss<T> loss;

    /// <summary>Draws the points and evaluates the known solutions of <paramref name="form"/> on them.</summary>
    /// <param name="backend">Where the members' networks live.</param>
    /// <param name="shape">The network.</param>
    /// <param name="options">The run's options (points, loss weights, seed).</param>
    /// <param name="form">The first stage's problem.</param>
    /// <param name="knownSolutions">The problem's exact solutions by name.</param>
    public ValidationSet(IComputeBackend<T> backend, ResidualNetworkShape shape, RunOptions options, ResidualForm form, IReadOnlyDictionary<string, Expr> knownSolutions)
    {
        this.backend = backend;
        this.shape = shape;
        this.options = options;
        this.knownSolutions = knownSolutions;
        loss = NewLoss(form);
        loss.Resample(Xoshiro256.ForStream(options.Training.Seed, 2));
        ComputeExact(form);
    }

    /// <summary>Takes <paramref name="form"/>'s problem on the same points (a continuation stage).</summary>
    /// <param name="form">The stage's problem.</param>
    public void SwitchTo(ResidualForm form)
    {
        var points = loss.HostPoints;
        loss = NewLoss(form);
        loss.SetPoints(points);
        ComputeExact(form);
    }

    /// <summary>Metrics of every member that has not stopped, at its current θ.</summary>
    /// <param name="step">The run's step.</param>
    /// <param name="members">Every member's status.</param>
    /// <param name="theta">Every member's θ on the backend.</param>
    /// <param name="polish">Member m's last polishing iteration, or null.</param>
    public IReadOnlyList<MetricsRecord> Evaluate(long step, IReadOnlyList<MemberStatus> members, IReadOnlyList<BufferView<T>> theta, Func<int, PolishIteration?> polish)
    {
        var records = new List<MetricsRecord>();
        int interior = options.Points.Validation;
        var u = new double[interior];
        for (int m = 0; m < members.Count; m++)
        {
            if (members[m].State == MemberState.Stopped)
            {
                continue;
            }

            var parts = loss.Evaluate(theta[m], null);
            backend.Download(loss.Values.Slice(0, interior), u);
            var errors = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (name, values) in exact)
            {
                // Relative L2 error; for an identically zero solution (nothing to be relative to) the RMS error.
                errors[name] = LinearAlgebra.RelativeError.Rms(u, values);
            }

            var last = polish(m);
            records.Add(new MetricsRecord(step, members[m].Index, members[m].LastLoss, parts.Total, parts.Residual, parts.Boundary, parts.Regularization, parts.MeanAbsResidual, parts.MaxAbsResidual, parts.MeanAbsBoundaryError, members[m].Bounces, errors, last?.Damping ?? double.NaN, last?.StepNorm ?? double.NaN, System.Numerics.Tensors.TensorPrimitives.SumOfSquares(u) / interior));
        }

        return records;
    }

    private PinnLoss<T> NewLoss(ResidualForm form) =>
        new(backend, form, shape, options.Points.Validation, Math.Max(1, options.Points.Validation / 10), options.Loss);

    /// <summary>The known solutions of <paramref name="form"/>'s parameters on the interior validation points.</summary>
    private void ComputeExact(ResidualForm form)
    {
        exact.Clear();
        foreach (var (name, solution) in knownSolutions)
        {
            var compiled = ExprCompiler.Compile(solution, shape.InputDimension, form.Parameters);
            var values = new double[options.Points.Validation];
            compiled.EvaluateBatch(loss.HostPoints, options.Points.Validation, default, values);
            exact[name] = values;
        }
    }
}
