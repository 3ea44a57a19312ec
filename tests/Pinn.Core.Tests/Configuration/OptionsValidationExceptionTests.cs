using Pinn.Core.Configuration;
using Pinn.Core.Training;

namespace Pinn.Core.Tests.Configuration;

/// <summary>Validation errors carry the property and a message without the ArgumentException suffix.</summary>
public class OptionsValidationExceptionTests
{
    [Fact]
    public void TheMessageIsTheReasonAndThePropertyIsStructured()
    {
        var e = Assert.Throws<OptionsValidationException>(() => new PointOptions(Interior: 0).Validate());
        Assert.Equal("Interior", e.Property);
        Assert.Equal("Interior must be from 1 to 1e7.", e.Message);
        Assert.DoesNotContain("Parameter", e.Message);
        var nan = Assert.Throws<OptionsValidationException>(() => Guard.Positive(double.NaN, "TimeStep", "TimeStep (Δt)"));
        Assert.Equal(("TimeStep", "TimeStep (Δt) must be a finite number > 0."), (nan.Property, nan.Message));
    }
}
