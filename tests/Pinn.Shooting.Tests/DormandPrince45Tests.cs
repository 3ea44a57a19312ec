using Pinn.Shooting;

namespace Pinn.Shooting.Tests;

public class DormandPrince45Tests
{
    // y'' = −y, y(0) = 0, y'(0) = 1 ⇒ y = sin t.
    private static void Oscillator(double t, ReadOnlySpan<double> y, Span<double> dy)
    {
        dy[0] = y[1];
        dy[1] = -y[0];
    }

    [Fact]
    public void GlobalErrorFallsLikeHToTheFifth()
    {
        double Error(int steps) => Math.Abs(DormandPrince45.IntegrateFixed(Oscillator, 0, [0.0, 1.0], 2, steps)[0] - Math.Sin(2));
        double e1 = Error(20), e2 = Error(40), e3 = Error(80);
        double order1 = Math.Log2(e1 / e2), order2 = Math.Log2(e2 / e3);
        NumericAssert.InRange(order1, 4.7, 5.5, "observed order (20→40 steps)");
        NumericAssert.InRange(order2, 4.7, 5.5, "observed order (40→80 steps)");
    }

    [Fact]
    public void AdaptiveSolutionMeetsTightToleranceAndDenseOutputIsAccurate()
    {
        var s = DormandPrince45.Integrate(Oscillator, 0, [0.0, 1.0], 10, 1e-12, 1e-12);
        Assert.Equal(IntegrationStatus.Completed, s.Status);
        NumericAssert.Absolute(Math.Sin(10), s.FinalState[0], 1e-10);
        for (double t = 0; t <= 10; t += 0.0137)
        {
            NumericAssert.Absolute(Math.Sin(t), s.At(t), 1e-10, $"dense output at {t}");
            NumericAssert.Absolute(Math.Cos(t), s.At(t, 1), 1e-10, $"dense derivative at {t}");
        }
    }

    [Fact]
    public void BlowUpIsReportedWithItsSign()
    {
        // y' = y², y(0) = 1 blows up at t = 1; y(0) = −1 does not (y = −1/(1 + t)).
        var up = DormandPrince45.Integrate((t, y, dy) => dy[0] = y[0] * y[0], 0, [1.0], 2, 1e-10, 1e-10, bound: 1e8);
        Assert.NotEqual(IntegrationStatus.Completed, up.Status);
        Assert.Equal(1, up.BlowUpSign);
        var down = DormandPrince45.Integrate((t, y, dy) => dy[0] = y[0] * y[0], 0, [-1.0], 2, 1e-10, 1e-10, bound: 1e8);
        Assert.Equal(IntegrationStatus.Completed, down.Status);
        NumericAssert.Relative(-1.0 / 3, down.FinalState[0], 1e-9);
    }
}
