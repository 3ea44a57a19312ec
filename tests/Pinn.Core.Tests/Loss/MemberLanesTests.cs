using System.Collections.Concurrent;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Randomness;
using Pinn.Problems;

namespace Pinn.Core.Tests.Loss;

public class MemberLanesTests
{
    private static readonly ResidualNetworkShape Shape = new(2, 8, 2);

    private static (CpuBackend<double> Backend, PinnLoss<double> Shared, Pinn.Core.Problems.ResidualForm Form) Build(int k)
    {
        var backend = new CpuBackend<double>(2);
        var form = ProblemCatalog.Sin2(2, k).ToResidualForm();
        var shared = new PinnLoss<double>(new CpuBackend<double>(1), form, Shape, 40, 12, new LossOptions(BoundaryWeight: 10));
        shared.Resample(new Xoshiro256(3));
        return (backend, shared, form);
    }

    private static double[] Theta(ulong stream)
    {
        var host = new double[Shape.ParameterCount];
        NetworkInitializer.Initialize(Shape, new Xoshiro256(stream), host);
        return host;
    }

    [Fact]
    public void EveryMemberRunsOnceOnLaneMemberModLanes()
    {
        var (backend, _, form) = Build(3);
        var lanes = new MemberLanes<double>(backend, 2, Shape.ParameterCount, lane => PinnLoss<double>.ForLane(lane, form, Shape, 40, 12, new LossOptions()));
        var seen = new ConcurrentBag<(int Lane, int Member)>();
        lanes.ForEachMember(5, (w, m) => seen.Add((w, m)));
        Assert.Equal([0, 1, 2, 3, 4], seen.Select(s => s.Member).Order());
        Assert.All(seen, s => Assert.Equal(lanes.LaneOf(s.Member), s.Lane));
        Assert.Equal(1, lanes.LaneOf(3));
    }

    [Fact]
    public void LanesEvaluateMembersAsTheSharedLossDoes()
    {
        // Each lane on its own single-threaded backend, the members side by side, must give every member the loss and
        // gradient the shared loss gives it on the same points (float64: the same sums up to chunk order, 1e-12).
        var (backend, shared, form) = Build(3);
        var lanes = new MemberLanes<double>(backend, 2, Shape.ParameterCount, lane => PinnLoss<double>.ForLane(lane, form, Shape, 40, 12, new LossOptions(BoundaryWeight: 10)));
        lanes.SetPoints(shared.HostPoints);
        const int members = 3;
        var thetas = Enumerable.Range(0, members).Select(m => Theta((ulong)m + 7)).ToArray();
        var totals = new double[members];
        var gradients = new double[members][];
        lanes.ForEachMember(members, (w, m) =>
        {
            var lane = lanes.Backend(w);
            var theta = lane.Allocate(Shape.ParameterCount);
            lane.Upload(thetas[m], theta.All);
            totals[m] = lanes.Loss(w).Evaluate(theta.All, lanes.Gradient(w).All).Total;
            gradients[m] = new double[Shape.ParameterCount];
            lane.Download(lanes.Gradient(w).All, gradients[m]);
        });

        var single = new CpuBackend<double>(1);
        for (int m = 0; m < members; m++)
        {
            var theta = single.Allocate(Shape.ParameterCount);
            single.Upload(thetas[m], theta.All);
            var g = single.Allocate(Shape.ParameterCount);
            double expected = shared.Evaluate(theta.All, g.All).Total;
            var expectedGradient = new double[Shape.ParameterCount];
            single.Download(g.All, expectedGradient);
            NumericAssert.Relative(expected, totals[m], 1e-12, what: $"member {m} loss");
            NumericAssert.NormRelative(expectedGradient, gradients[m], 1e-12, what: $"member {m} gradient");
        }
    }

    [Fact]
    public void ReplacedLossesKeepThePointsAndTakeTheNewProblem()
    {
        var (backend, shared, form) = Build(3);
        var lanes = new MemberLanes<double>(backend, 2, Shape.ParameterCount, lane => PinnLoss<double>.ForLane(lane, form, Shape, 40, 12, new LossOptions()));
        lanes.SetPoints(shared.HostPoints);
        var next = ProblemCatalog.Sin2(2, 4).ToResidualForm();
        lanes.ReplaceLosses(lane => PinnLoss<double>.ForLane(lane, next, Shape, 40, 12, new LossOptions()));
        for (int w = 0; w < lanes.Count; w++)
        {
            Assert.Equal(shared.HostPoints, lanes.Loss(w).HostPoints);
        }

        // The new problem: the loss at the same θ equals a fresh loss of k = 4 on the same points.
        var reference = new PinnLoss<double>(new CpuBackend<double>(1), next, Shape, 40, 12, new LossOptions());
        reference.SetPoints(shared.HostPoints);
        var theta = Theta(11);
        var lane0 = lanes.Backend(0);
        var t = lane0.Allocate(theta.Length);
        lane0.Upload(theta, t.All);
        NumericAssert.Relative(reference.Evaluate(t.All, null).Total, lanes.Loss(0).Evaluate(t.All, null).Total, 1e-12);
    }

    [Fact]
    public void InvalidArgumentsAreRefused()
    {
        var (backend, _, form) = Build(3);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemberLanes<double>(backend, 0, Shape.ParameterCount, lane => PinnLoss<double>.ForLane(lane, form, Shape, 40, 12, new LossOptions())));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemberLanes<double>(backend, 2, 0, lane => PinnLoss<double>.ForLane(lane, form, Shape, 40, 12, new LossOptions())));
    }
}
