using ILGPU;
using ILGPU.Runtime;
using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Networks;
using Pinn.Core.Symbolic;
using Pinn.Problems;

namespace Pinn.Gpu.Tests;

/// <summary>The loss kernel with N(x, u) as an interpreted program, on the CPU accelerator, against the CPU backend.</summary>
public class GpuPoissonLossTests
{
    [Theory]
    [InlineData("sin2", false)]
    [InlineData("bratu", false)]
    [InlineData("bratu", true)]
    [InlineData("sinh", false)]
    [InlineData("henon", false)]
    public void LossPartsAndSeedsMatchTheCpuBackend(string problem, bool residualOnBoundary)
    {
        var form = (problem switch
        {
            "sin2" => ProblemCatalog.Sin2(2, 3),
            "bratu" => ProblemCatalog.Bratu(2, 1.5),
            "henon" => new NonlinearPoisson(2, ExprParser.Parse("-r^3*u^3 + x1*u - x2^2"), Expr.Number(1), Expr.Number(0), name: "henon-test"),
            _ => new NonlinearPoisson(2, ExprParser.Parse("sinh(u) + u^3/(1 + u^2)"), Expr.Number(1), Expr.Number(0), name: "sinh-test"),
        }).ToResidualForm();
        const int points = 700, interior = 600;
        int residualPoints = residualOnBoundary ? points : interior;
        var layout = new ChannelLayout(points, residualPoints, 2);
        var random = new Random(3);
        double[] Random(int n, double scale) => Enumerable.Range(0, n).Select(_ => scale * ((random.NextDouble() * 2) - 1)).ToArray();
        var u = Random(layout.Rows, 1.5);
        var f = Random(residualPoints, 2);
        var g = Random(points - interior, 0.5);
        var x = Random(2 * points, 0.7);

        var cpu = new CpuBackend<float>(1);
        var (cu, cf, cg, cseed, cx) = (cpu.Allocate(u.Length), cpu.Allocate(f.Length), cpu.Allocate(g.Length), cpu.Allocate(layout.Rows), cpu.Allocate(x.Length));
        cpu.Upload(x, cx.All);
        cpu.Upload(u, cu.All);
        cpu.Upload(f, cf.All);
        cpu.Upload(g, cg.All);
        var expected = cpu.PoissonLoss(cpu.CompileResidual(form), layout, interior, residualPoints, 100, residualPoints, points - interior, cu.All, cf.All, cg.All, cseed.All, cx.All);

        using var device = GpuTestDevice.Open();
        using var loss = new GpuPoissonLoss(device, form);
        using GpuBuffer gu = GpuTestBuffers.Upload(device, u), gf = GpuTestBuffers.Upload(device, f), gg = GpuTestBuffers.Upload(device, g), gseed = GpuTestBuffers.Upload(device, Random(layout.Rows, 9)), gx = GpuTestBuffers.Upload(device, x); // stale seeds are overwritten
        var actual = loss.Evaluate(layout, interior, residualPoints, 100, residualPoints, points - interior, gu.All, gf.All, gg.All, gseed.All, gx.All);

        NumericAssert.Relative(expected.Total, actual.Total, 1e-5, what: "total");
        NumericAssert.Relative(expected.Residual, actual.Residual, 1e-5, what: "mean R²");
        NumericAssert.Relative(expected.Boundary, actual.Boundary, 1e-6, what: "mean B²");
        NumericAssert.Relative(expected.MeanAbsResidual, actual.MeanAbsResidual, 1e-5, what: "mean |R|");
        NumericAssert.Relative(expected.MaxAbsResidual, actual.MaxAbsResidual, 1e-5, what: "max |R|");
        NumericAssert.Relative(expected.MeanAbsBoundaryError, actual.MeanAbsBoundaryError, 1e-6, what: "mean |B|");
        var cpuSeed = new double[layout.Rows];
        cpu.Download(cseed.All, cpuSeed);
        NumericAssert.NormRelative(cpuSeed, GpuTestBuffers.Host(gseed), 1e-5, "seeds (value, gradient = 0, Laplacian rows)");
    }

    [Fact]
    public void ProgramsEvaluateLikeTheCompiledExpressionAndRefuseWhatTheyCannot()
    {
        var parameters = new Dictionary<string, double> { ["lambda"] = 0.7 };
        foreach (string text in new[] { "-lambda*exp(u)", "u^2 - 2*u", "sinh(u) + cos(u)/(2 + tanh(u))", "asinh(u) - atan(u)*sqrt(1 + u^2)", "-(u - 1)^3" })
        {
            var e = ExprParser.Parse(text);
            var program = GpuExprProgram.Compile(e, parameters);
            var compiled = ExprCompiler.Compile(e, 1, parameters);
            foreach (double u in new[] { -1.3, 0, 0.4, 2.2 })
            {
                NumericAssert.Relative(compiled.EvaluateAt(u), program.Evaluate((float)u), 2e-6, floor: 1, what: $"{text} at u = {u}"); // float32: relative above 1, absolute below
            }
        }

        // N(x, u): coordinates and r.
        var henon = ExprParser.Parse("-(r^1.5)*u^3 + x1*u - x2^2");
        var pointProgram = GpuExprProgram.Compile(henon, parameters);
        Assert.True(pointProgram.UsesPoint);
        Assert.False(GpuExprProgram.Compile(ExprParser.Parse("u^2"), parameters).UsesPoint);
        var compiledHenon = ExprCompiler.Compile(henon, 2, parameters);
        foreach (var (x1, x2, u) in new[] { (0.3, -0.4, 1.2), (-0.7, 0.1, -0.5), (0.0, 0.9, 2.0) })
        {
            NumericAssert.Relative(compiledHenon.Evaluate([x1, x2], u), pointProgram.Evaluate([(float)x1, (float)x2], (float)u), 2e-6, floor: 1, what: $"N at ({x1}, {x2}), u = {u}");
        }

        Assert.Contains("erf", Assert.Throws<NotSupportedException>(() => GpuExprProgram.Compile(ExprParser.Parse("erf(u)"), parameters)).Message, StringComparison.Ordinal);
        Assert.Contains("'mu'", Assert.Throws<NotSupportedException>(() => GpuExprProgram.Compile(ExprParser.Parse("mu*u"), parameters)).Message, StringComparison.Ordinal);
    }
}
