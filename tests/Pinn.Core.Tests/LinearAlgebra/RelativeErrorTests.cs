using Pinn.Core.LinearAlgebra;

namespace Pinn.Core.Tests.LinearAlgebra;

public class RelativeErrorTests
{
    [Fact]
    public void IsTheRelativeL2ErrorOrTheRmsErrorForAZeroReference()
    {
        // u − u* = (0.3, −0.4): ‖·‖ = 0.5; ‖u*‖ = √(1 + 4) → 0.5/√5.
        NumericAssert.Relative(0.5 / Math.Sqrt(5), RelativeError.Rms([1.3, 1.6], [1, 2]), 1e-15);
        NumericAssert.Relative(Math.Sqrt(0.25 / 2), RelativeError.Rms([0.3, -0.4], [0, 0]), 1e-15); // RMS error
        Assert.Equal(0, RelativeError.Rms([], []));
    }

    [Fact]
    public void FloorMakesSmallReferencesAbsolute()
    {
        // RMS(u*) = 1e-3 < floor 0.01: the error is RMS(u − u*)/0.01.
        NumericAssert.Relative(1e-3 / 0.01, RelativeError.Rms([2e-3, 2e-3], [1e-3, 1e-3], floor: 0.01), 1e-14);
        NumericAssert.Relative(0.1, RelativeError.Rms([2.2, 2.2], [2, 2], floor: 0.01), 1e-14);
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => RelativeError.Rms([1.0], [1.0, 2.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RelativeError.Rms([1.0], [1.0], floor: double.NaN));
        Assert.True(double.IsNaN(RelativeError.Rms([double.NaN], [1.0]))); // a NaN value stays visible as NaN
    }
}
