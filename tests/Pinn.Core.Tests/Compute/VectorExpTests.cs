using System.Runtime.Intrinsics;
using Pinn.Core.Compute.Cpu;
using Pinn.TestSupport;

namespace Pinn.Core.Tests.Compute;

public class VectorExpTests
{
    /// <summary>The float exponential on both vector widths over [−87, 88] (every 1/64 and 4096 random points) against Math.Exp in double.</summary>
    [Theory]
    [InlineData(256)]
    [InlineData(512)]
    public void FloatExpIsWithinOneUlpOfTheDoubleExponential(int bits)
    {
        if (bits == 512 && !Vector512.IsHardwareAccelerated)
        {
            Assert.Equal(CpuIsa.Avx2, CpuIsas.Best);
            return;
        }

        var random = new Random(5);
        var x = Enumerable.Range(0, (175 * 64) + 1).Select(i => -87f + (i / 64f))
            .Concat(Enumerable.Range(0, 4096).Select(_ => (float)((random.NextDouble() * 175) - 87)))
            .ToArray();
        var e = Evaluate(bits, x);
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double exact = Math.Exp(x[i]);
            double ulp = (double)MathF.BitIncrement((float)exact) - (float)exact;
            worst = Math.Max(worst, Math.Abs(e[i] - exact) / ulp);
        }

        NumericAssert.InRange(worst, 0, 1, "largest error in float ulp");
    }

    [Theory]
    [InlineData(256)]
    [InlineData(512)]
    public void OutOfRangeInputsClampAndNaNPropagates(int bits)
    {
        if (bits == 512 && !Vector512.IsHardwareAccelerated)
        {
            return;
        }

        var e = Evaluate(bits, [200f, 88f, -87f, -1000f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f]);
        NumericAssert.Relative(Math.Exp(88), e[0], 3e-7, what: "e^200 clamps to e^88");
        Assert.Equal(e[1], e[0]);
        NumericAssert.Relative(Math.Exp(-87), e[2], 3e-7, what: "e^-87");
        Assert.Equal(e[2], e[3]);
        Assert.True(float.IsNaN(e[4]), "NaN in, NaN out");
        Assert.Equal(e[1], e[5]);
        Assert.Equal(e[2], e[6]);
        Assert.Equal(1f, e[7]);
        Assert.All(e.Where(v => !float.IsNaN(v)), v => Assert.True(float.IsNormal(v), $"{v} is a normal float"));
    }

    [Fact]
    public void DoubleUsesTheRuntimeExponential()
    {
        var x = Vector256.Create(-700.0, -1.5, 0.25, 700.0);
        var e = VectorExp<double>.Evaluate<Simd256<double>, Vector256<double>>(x);
        for (int i = 0; i < 4; i++)
        {
            NumericAssert.Relative(Math.Exp(x[i]), e[i], 1e-15, what: $"exp({x[i]})");
        }
    }

    private static float[] Evaluate(int bits, float[] x)
    {
        int width = bits / 32;
        var padded = new float[(x.Length + width - 1) / width * width];
        x.CopyTo(padded, 0);
        var result = new float[padded.Length];
        for (int i = 0; i < padded.Length; i += width)
        {
            if (bits == 512)
            {
                VectorExp<float>.Evaluate<Simd512<float>, Vector512<float>>(Simd512<float>.Load(ref padded[i])).StoreUnsafe(ref result[i]);
            }
            else
            {
                VectorExp<float>.Evaluate<Simd256<float>, Vector256<float>>(Simd256<float>.Load(ref padded[i])).StoreUnsafe(ref result[i]);
            }
        }

        return result[..x.Length];
    }
}
