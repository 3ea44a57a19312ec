using Pinn.Runs.Devices;

namespace Pinn.Runs.Tests.Devices;

/// <summary>
/// The GPU agreement check's verdicts (the whole check on ILGPU's CPU accelerator runs in CI through
/// <c>benchmarks/gpu/check.sh</c>; the same comparison is asserted by the ILGPU backend's tests).
/// </summary>
public class DeviceAgreementTests
{
    private static readonly DeviceAgreementTolerances Default = new();

    private static MemberAgreement Member(long cpuBounces = 2, long deviceBounces = 2, double initial = 1e-9, double theta = 3e-8, double last = 4e-9, bool completed = true)
        => new("bbi-sigmoid", 0, cpuBounces, deviceBounces, initial, theta, last, completed);

    [Fact]
    public void AMemberAgreesOnlyWithEqualBouncesEveryFigureWithinItsToleranceAndBothRunsCompleted()
    {
        Assert.True(Member().Within(Default));
        Assert.True(Member(initial: 1e-5, theta: 1e-4, last: 1e-3).Within(Default)); // the tolerances themselves pass
        Assert.False(Member(deviceBounces: 3).Within(Default));
        Assert.False(Member(initial: 1.1e-5).Within(Default));
        Assert.False(Member(theta: 1.1e-4).Within(Default));
        Assert.False(Member(last: 1.1e-3).Within(Default));
        Assert.False(Member(completed: false).Within(Default));
        Assert.False(Member(theta: double.NaN).Within(Default));
        Assert.False(Member(last: double.PositiveInfinity).Within(Default));
        Assert.True(Member(theta: 5e-4).Within(new DeviceAgreementTolerances(Parameters: 1e-3)));
    }

    [Fact]
    public void AReportAgreesWhenEveryMemberDoesAndNeverWhenEmpty()
    {
        Assert.True(new DeviceAgreementReport("d", 8, Default, [Member(), Member()], 1).Agrees);
        Assert.False(new DeviceAgreementReport("d", 8, Default, [Member(), Member(theta: 1)], 1).Agrees);
        Assert.False(new DeviceAgreementReport("d", 8, Default, [], 1).Agrees);
    }

    [Theory]
    [InlineData(0, 1e-4, 1e-3, "InitialLoss")]
    [InlineData(1e-5, double.NaN, 1e-3, "Parameters")]
    [InlineData(1e-5, 1e-4, double.PositiveInfinity, "LastLoss")]
    [InlineData(1e-5, -1, 1e-3, "Parameters")]
    public void ToleranceValidationNamesTheField(double initial, double theta, double last, string field)
    {
        var e = Assert.Throws<ArgumentException>(() => new DeviceAgreementTolerances(initial, theta, last).Validate());
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
    }
}
