using Pinn.Core.Configuration;
using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Randomness;
using Pinn.Problems;

namespace Pinn.Core.Tests.Loss;

public class PinnLossTests
{
    private static (PinnLoss<T> Loss, DeviceBuffer<T> Theta, double[] Host) Build<T>(ResidualNetworkShape shape, LossOptions options, int interior, int boundary, int threads = 1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var backend = new CpuBackend<T>(threads);
        var problem = ProblemCatalog.Sin2(shape.InputDimension, 3);
        var loss = new PinnLoss<T>(backend, problem.ToResidualForm(), shape, interior, boundary, options);
        loss.Resample(new Xoshiro256(17));
        var host = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Xoshiro256(5), host);
        var theta = backend.Allocate(host.Length);
        backend.Upload(host, theta.All);
        return (loss, theta, host);
    }

    [Theory]
    [InlineData(2, Activation.Sigmoid, false)]
    [InlineData(2, Activation.Tanh, true)]
    [InlineData(3, Activation.Sin, false)]
    [InlineData(1, Activation.Sigmoid, true)]
    public void GradientMatchesFiniteDifferencesInEveryBlock(int d, Activation activation, bool residualOnBoundary)
    {
        var shape = new ResidualNetworkShape(d, 6, 2, activation);
        var options = new LossOptions(BoundaryWeight: 10, WeightDecay: 1e-2, ResidualOnBoundary: residualOnBoundary);
        var (loss, theta, host) = Build<double>(shape, options, 23, 9);
        var backend = new CpuBackend<double>(1);
        var gradient = backend.Allocate(host.Length);
        loss.Evaluate(theta.All, gradient.All);
        var g = new double[host.Length];
        backend.Download(gradient.All, g);
        var random = new Random(1);
        foreach (var block in shape.Blocks)
        {
            // Every element of small blocks, a sample of larger ones.
            var indices = block.Length <= 12 ? Enumerable.Range(0, block.Length) : Enumerable.Range(0, 12).Select(_ => random.Next(block.Length));
            foreach (int i in indices)
            {
                int index = block.Offset + i;
                double h = 1e-6 * Math.Max(1, Math.Abs(host[index]));
                double V(double delta)
                {
                    var shifted = (double[])host.Clone();
                    shifted[index] += delta;
                    var t = backend.Allocate(shifted.Length);
                    backend.Upload(shifted, t.All);
                    return loss.Evaluate(t.All, null).Total;
                }

                double fd = (V(h) - V(-h)) / (2 * h);
                double scale = Math.Sqrt(g.Select(v => v * v).Average());
                NumericAssert.Relative(fd, g[index], 1e-6, floor: scale, what: $"dV/d{block.Name}[{i}]");
            }
        }
    }

    [Fact]
    public void SinglePrecisionAgreesWithDoubleToFloatAccuracy()
    {
        var shape = new ResidualNetworkShape(2, 16, 3);
        var options = new LossOptions();
        var (lossD, thetaD, host) = Build<double>(shape, options, 300, 40, 2);
        var (lossF, thetaF, _) = Build<float>(shape, options, 300, 40, 2);
        var gd = new CpuBackend<double>().Allocate(host.Length);
        var gf = new CpuBackend<float>().Allocate(host.Length);
        var vd = lossD.Evaluate(thetaD.All, gd.All);
        var vf = lossF.Evaluate(thetaF.All, gf.All);
        NumericAssert.Relative(vd.Total, vf.Total, 1e-4, what: "loss");
        var a = new double[host.Length];
        var b = new double[host.Length];
        new CpuBackend<double>().Download(gd.All, a);
        new CpuBackend<float>().Download(gf.All, b);
        NumericAssert.NormRelative(a, b, 1e-3, "gradient");
    }

    [Fact]
    public void ThreadCountDoesNotChangeTheResultBeyondRounding()
    {
        var shape = new ResidualNetworkShape(2, 20, 2);
        var (l1, t1, host) = Build<double>(shape, new LossOptions(), 700, 90, 1);
        var (l2, t2, _) = Build<double>(shape, new LossOptions(), 700, 90, 2);
        var g1 = new CpuBackend<double>().Allocate(host.Length);
        var g2 = new CpuBackend<double>().Allocate(host.Length);
        NumericAssert.Relative(l1.Evaluate(t1.All, g1.All).Total, l2.Evaluate(t2.All, g2.All).Total, 1e-12);
        var a = new double[host.Length];
        var b = new double[host.Length];
        new CpuBackend<double>().Download(g1.All, a);
        new CpuBackend<double>().Download(g2.All, b);
        NumericAssert.NormRelative(a, b, 1e-11, "gradient");
    }

    [Fact]
    public void LossOfTheExactSolutionIsSmall()
    {
        // Sanity of the residual sign convention: for the manufactured problem, R(u*) = 0, so a network output
        // replaced by u* must give zero residual. We check it through the compiled form directly.
        var problem = ProblemCatalog.Sin2(2, 3);
        var c = problem.ToResidualForm().Compile();
        var exact = problem.KnownSolutions["analytic"];
        var lap = exact.Laplacian(2);
        var random = new Random(4);
        for (int i = 0; i < 50; i++)
        {
            var b = new Dictionary<string, double> { ["x1"] = random.NextDouble() - 0.5, ["x2"] = random.NextDouble() - 0.5, ["k"] = 3 };
            double u = exact.Evaluate(b);
            double r = -lap.Evaluate(b) + c.Nonlinearity.EvaluateAt(u) - c.Source.Evaluate([b["x1"], b["x2"]]);
            NumericAssert.Absolute(0, r, 1e-10);
        }
    }

    [Fact]
    public void BadWeightsNameTheField()
    {
        Assert.Equal("BoundaryWeight", Assert.Throws<OptionsValidationException>(() => new LossOptions(BoundaryWeight: double.NaN).Validate()).Property);
        Assert.Equal("WeightDecay", Assert.Throws<OptionsValidationException>(() => new LossOptions(WeightDecay: -1).Validate()).Property);
    }
}

public class FusedKernelTests
{
    [Theory]
    [InlineData(16, CpuIsa.Avx512)]
    [InlineData(24, CpuIsa.Avx512)]
    [InlineData(16, CpuIsa.Avx2)]
    [InlineData(24, CpuIsa.Avx2)]
    [InlineData(64, CpuIsa.Avx2)]
    public void FusedSigmoidKernelsEqualTheGeneralPathOnEveryIsa(int width, CpuIsa isa)
    {
        if (!CpuIsas.IsSupported(isa))
        {
            // An AVX2-only machine has no AVX-512 path to test; its AVX2 rows still run.
            Assert.Equal(CpuIsa.Avx2, CpuIsas.Best);
            return;
        }

        // Width 16 exercises the 512-bit fused path for float, 24 the 256-bit one; the forced ISA also picks the GEMM
        // micro-kernel (8×32 or 6×16). Both against the general kernels on the machine's best GEMM path.
        var shape = new ResidualNetworkShape(2, width, 2);
        // The same loss and gradient through the fused and the general kernels: two backends, no global switch.
        var backend = new CpuBackend<float>(2, new CpuKernelOptions(Isa: isa));
        Assert.Contains(CpuIsas.Name(isa), backend.Name, StringComparison.Ordinal);
        var general = new CpuBackend<float>(2, new CpuKernelOptions(FusedSigmoid: false));
        var form = Pinn.Problems.ProblemCatalog.Sin2(2, 3).ToResidualForm();
        var loss = new PinnLoss<float>(backend, form, shape, 257, 31, new LossOptions(ResidualOnBoundary: true));
        var generalLoss = new PinnLoss<float>(general, form, shape, 257, 31, new LossOptions(ResidualOnBoundary: true));
        loss.Resample(new Xoshiro256(1));
        generalLoss.Resample(new Xoshiro256(1));
        var host = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Xoshiro256(2), host);
        var theta = backend.Allocate(host.Length);
        backend.Upload(host, theta.All);
        var g1 = backend.Allocate(host.Length);
        var g2 = backend.Allocate(host.Length);
        double v1 = loss.Evaluate(theta.All, g1.All).Total;
        double v2 = generalLoss.Evaluate(theta.All, g2.All).Total;

        NumericAssert.Relative(v2, v1, 1e-5, what: "loss");
        var a = new double[host.Length];
        var b = new double[host.Length];
        backend.Download(g1.All, a);
        backend.Download(g2.All, b);
        NumericAssert.NormRelative(b, a, 1e-5, "gradient");
    }
}

public class ChunkedLossTests
{
    [Theory]
    [InlineData(576, 32, 2, 576)] // small: whole
    [InlineData(2304, 64, 2, 2304)] // medium: 589 824 activations ≤ 2 · 2¹⁹, whole
    [InlineData(11000, 200, 2, 655)] // paper: chunks of 2¹⁹ / (200 · 4) points
    [InlineData(1310, 200, 2, 1310)] // exactly 2 · 2¹⁹ cells: whole
    [InlineData(1311, 200, 2, 655)]
    [InlineData(100000, 2000, 3, 256)] // wide networks: never below 256 points
    [InlineData(0, 64, 2, 1)]
    public void DefaultChunksKeepSmallBatchesWholeAndCutLargeOnesNearTheCellBudget(int points, int width, int dimension, int expected)
    {
        Assert.Equal(expected, PinnLoss<float>.DefaultChunkPoints(points, width, dimension));
        var shape = new ResidualNetworkShape(2, 200, 1);
        var loss = new PinnLoss<float>(new CpuBackend<float>(1), Pinn.Problems.ProblemCatalog.Sin2(2, 3).ToResidualForm(), shape, 10000, 1000, new LossOptions());
        Assert.Equal((11000 + 654) / 655, loss.Chunks);
    }

    [Theory]
    [InlineData(576, 32, 2, 576)] // small: 73 728 activations ≤ 2 · 2¹⁷, whole
    [InlineData(2304, 64, 2, 512)] // medium: chunks of 2¹⁷ / (64 · 4) points
    [InlineData(2304, 64, 3, 409)] // the same in R³: 2¹⁷ / (64 · 5)
    [InlineData(11000, 200, 2, 256)] // paper: never below 256 points
    [InlineData(1024, 64, 2, 1024)] // 327 680 cells ≤ 2 · 2¹⁷: whole
    public void LaneChunksAimAtOneCoresCache(int points, int width, int dimension, int expected)
    {
        Assert.Equal(expected, PinnLoss<float>.DefaultChunkPoints(points, width, dimension, PinnLoss<float>.LaneChunkCells));
        Assert.Throws<ArgumentOutOfRangeException>(() => PinnLoss<float>.DefaultChunkPoints(points, width, dimension, 0));
    }

    [Fact]
    public void LaneLossCutsTheMediumBatchAndEqualsTheWholeOne()
    {
        // The medium scale (N = 64, 2 048 + 256 points in the plane) on a lane: 5 chunks (4 of 512 points, one of 256).
        var shape = new ResidualNetworkShape(2, 64, 3);
        var form = Pinn.Problems.ProblemCatalog.Sin2(2, 3).ToResidualForm();
        var options = new LossOptions(BoundaryWeight: 10, WeightDecay: 1e-3);
        var shared = new CpuBackend<double>(1);
        var whole = new PinnLoss<double>(shared, form, shape, 2048, 256, options);
        var lane = PinnLoss<double>.ForLane(shared.CreateMemberBackend(), form, shape, 2048, 256, options);
        Assert.Equal(1, whole.Chunks);
        Assert.Equal(5, lane.Chunks);
        whole.Resample(new Xoshiro256(5));
        lane.SetPoints(whole.HostPoints);
        var theta = InitialTheta(shared, shape, 6);
        var g1 = shared.Allocate(shape.ParameterCount);
        var g2 = shared.Allocate(shape.ParameterCount);
        NumericAssert.Relative(whole.Evaluate(theta.All, g1.All).Total, lane.Evaluate(theta.All, g2.All).Total, 1e-13, what: "loss");
        NumericAssert.NormRelative(OnHost(shared, g1), OnHost(shared, g2), 1e-12, "gradient");
    }

    [Theory]
    [InlineData(576, 32, 2, 1, 576)] // one lane: the default rule
    [InlineData(576, 32, 2, 2, 288)] // small on 2 lanes: one chunk each
    [InlineData(2304, 64, 2, 2, 384)] // medium: 5 chunks of 512 rounded up to 6
    [InlineData(11000, 200, 2, 2, 250)] // paper: 43 chunks of 256 rounded up to 44
    [InlineData(1, 32, 2, 2, 1)]
    public void ChunksForLanesComeInAMultipleOfTheLanes(int points, int width, int dimension, int lanes, int expected)
    {
        int cells = lanes > 1 ? PinnLoss<float>.LaneChunkCells : PinnLoss<float>.ChunkCells;
        Assert.Equal(expected, PinnLoss<float>.DefaultChunkPoints(points, width, dimension, cells, lanes));
        Assert.Throws<ArgumentOutOfRangeException>(() => PinnLoss<float>.DefaultChunkPoints(points, width, dimension, cells, 0));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ChunksOnLanesEqualOneThreadAndRepeatBitForBit(bool residualOnBoundary)
    {
        // 2 threads: 1 000 + 152 points of a 64-wide network in 4 chunks of 288, two on each single-threaded lane.
        var shape = new ResidualNetworkShape(2, 64, 2);
        var form = Pinn.Problems.ProblemCatalog.Sin2(2, 3).ToResidualForm();
        var options = new LossOptions(BoundaryWeight: 10, WeightDecay: 1e-3, ResidualOnBoundary: residualOnBoundary);
        var one = new CpuBackend<double>(1);
        var profiler = new Pinn.Core.Compute.PhaseProfiler(false);
        var two = new CpuBackend<double>(2, null, profiler);
        var whole = new PinnLoss<double>(one, form, shape, 1000, 152, options);
        var lanes = new PinnLoss<double>(two, form, shape, 1000, 152, options);
        Assert.Equal(1, whole.Chunks);
        Assert.Equal(4, lanes.Chunks);
        whole.Resample(new Xoshiro256(7));
        lanes.SetPoints(whole.HostPoints);
        var theta = InitialTheta(one, shape, 8);
        var gradients = Enumerable.Range(0, 4).Select(_ => one.Allocate(shape.ParameterCount)).ToArray();
        var a = whole.Evaluate(theta.All, gradients[0].All);
        var b = lanes.Evaluate(theta.All, gradients[1].All);
        var again = lanes.Evaluate(theta.All, gradients[2].All);
        profiler.Enabled = true; // a profiled step runs the same chunks one after another
        var profiled = lanes.Evaluate(theta.All, gradients[3].All);
        Assert.Equal(b, again);
        foreach (var (what, parts) in new[] { ("lanes", b), ("profiled", profiled) })
        {
            NumericAssert.Relative(a.Total, parts.Total, 1e-13, what: $"{what} loss");
            NumericAssert.Relative(a.Boundary, parts.Boundary, 1e-13, what: $"{what} boundary part");
            Assert.Equal(a.MaxAbsResidual, parts.MaxAbsResidual);
        }

        var g = gradients.Select(x => OnHost(one, x)).ToArray();
        Assert.Equal(g[1], g[2]);
        NumericAssert.NormRelative(g[0], g[1], 1e-13, "gradient on lanes");
        NumericAssert.NormRelative(g[0], g[3], 1e-13, "gradient, profiled");
        var u1 = new double[1152];
        var u2 = new double[1152];
        one.Download(whole.Values, u1);
        two.Download(lanes.Values, u2);
        NumericAssert.NormRelative(u1, u2, 1e-14, "u");
    }

    /// <summary>Seeded initial parameters of <paramref name="shape"/> on <paramref name="backend"/>.</summary>
    private static DeviceBuffer<double> InitialTheta(CpuBackend<double> backend, ResidualNetworkShape shape, ulong seed)
    {
        var host = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Xoshiro256(seed), host);
        var theta = backend.Allocate(host.Length);
        backend.Upload(host, theta.All);
        return theta;
    }

    private static double[] OnHost(CpuBackend<double> backend, DeviceBuffer<double> buffer)
    {
        var host = new double[buffer.All.Length];
        backend.Download(buffer.All, host);
        return host;
    }

    [Theory]
    [InlineData(false, 7)]
    [InlineData(true, 7)]
    [InlineData(false, 23)]
    [InlineData(true, 1)]
    public void ChunkedEvaluationEqualsTheWholeBatch(bool residualOnBoundary, int chunk)
    {
        var shape = new ResidualNetworkShape(2, 9, 2);
        var backend = new CpuBackend<double>(1);
        var form = Pinn.Problems.ProblemCatalog.Sin2(2, 3).ToResidualForm();
        var options = new LossOptions(BoundaryWeight: 10, WeightDecay: 1e-3, ResidualOnBoundary: residualOnBoundary);
        var whole = new PinnLoss<double>(backend, form, shape, 23, 9, options);
        var chunked = new PinnLoss<double>(backend, form, shape, 23, 9, options, chunkPoints: chunk);
        Assert.Equal(1, whole.Chunks);
        Assert.Equal((32 + chunk - 1) / chunk, chunked.Chunks);
        whole.Resample(new Xoshiro256(3));
        chunked.SetPoints(whole.HostPoints);
        var host = new double[shape.ParameterCount];
        NetworkInitializer.Initialize(shape, new Xoshiro256(4), host);
        var theta = backend.Allocate(host.Length);
        backend.Upload(host, theta.All);
        var g1 = backend.Allocate(host.Length);
        var g2 = backend.Allocate(host.Length);
        var a = whole.Evaluate(theta.All, g1.All);
        var b = chunked.Evaluate(theta.All, g2.All);
        NumericAssert.Relative(a.Total, b.Total, 1e-13, what: "loss");
        NumericAssert.Relative(a.Residual, b.Residual, 1e-13, what: "residual part");
        NumericAssert.Relative(a.Boundary, b.Boundary, 1e-13, what: "boundary part");
        NumericAssert.Relative(a.MeanAbsResidual, b.MeanAbsResidual, 1e-13, what: "mean |R|");
        Assert.Equal(a.MaxAbsResidual, b.MaxAbsResidual);
        var x = new double[host.Length];
        var y = new double[host.Length];
        backend.Download(g1.All, x);
        backend.Download(g2.All, y);
        NumericAssert.NormRelative(x, y, 1e-13, "gradient");
        var u1 = new double[32];
        var u2 = new double[32];
        backend.Download(whole.Values, u1);
        backend.Download(chunked.Values, u2);
        Assert.Equal(u1, u2);
    }
}
