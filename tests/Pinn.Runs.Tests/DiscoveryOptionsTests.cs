using Pinn.Core.Configuration;
using Pinn.Shooting;

namespace Pinn.Runs.Tests;

/// <summary>The discovery's output step: given, or chosen from the catalog's centre values.</summary>
public class DiscoveryOptionsTests
{
    [Theory]
    [InlineData(new[] { 0.0, -10.13 }, 5.065)] // the main job's problem: half the spread
    [InlineData(new[] { 0.0, -8.5341148 }, 4.2670574)] // zero-data-2d
    [InlineData(new[] { 0.0, 2.5744, -2.5744 }, 2.5744)] // −∇²u + u³ − 10u = 0: max − min over three
    [InlineData(new[] { 0.3167, 3.8422 }, 2.0)] // Bratu d = 2: the spread is under 4, the floor
    [InlineData(new[] { 7.0 }, 2.0)] // one solution: the floor
    [InlineData(new double[0], 2.0)]
    [InlineData(new[] { 7.147802, 0, -7.147802, 3.8757819, -1.4e-13, -8.4e-8 }, 7.147802)] // henon-disk: three sizes, all count
    [InlineData(new[] { 38.120317, 24.017564, 12.287043, 3.573901, 0, -3.573901, -12.287043, -24.017564, -38.120317 }, 12.287043)] // −∇²u = u³ in [−50, 50]: the three smallest sizes, 0, ±3.57, ±12.29
    public void TheChosenStepIsHalfTheSpreadOfTheCentreValuesAndAtLeastTheFloor(double[] centres, double expected)
    {
        NumericAssert.Relative(expected, DiscoveryOptions.ChooseOffsetStep(centres.Select(c => (double?)c)), 1e-12, what: "offset step");
    }

    [Fact]
    public void MissingAndNonFiniteCentreValuesAreIgnored()
    {
        Assert.Equal(5.0, DiscoveryOptions.ChooseOffsetStep([0.0, null, double.NaN, double.PositiveInfinity, -10.0]));
        Assert.Equal(DiscoveryOptions.SmallestChosenOffsetStep, DiscoveryOptions.ChooseOffsetStep([1.0, null, double.NaN]));
    }

    [Fact]
    public void AnUnchosenStepIsChosenFromTheCatalogAndSaidWhyAGivenOneIsKept()
    {
        var catalog = SolutionCatalog.FromProfiles([("trivial", 0.0, 0.0, new double[5]), ("shoot-2", -8.0, 1.0, new double[5]), ("disk-1", null, null, new double[5])]);
        var (chosen, note) = new DiscoveryOptions().WithOffsetStepFrom(catalog);
        Assert.Equal(4.0, chosen.OffsetStep);
        Assert.Equal([0.0, 4.0, -4.0, 8.0, -8.0], Enumerable.Range(0, 5).Select(chosen.Offset));
        Assert.Contains("output shifts: 0, ±4, ±8", note, StringComparison.Ordinal);
        Assert.Contains("half the spread of the cataloged u(0), -8 … 0", note, StringComparison.Ordinal);
        Assert.Contains("discovery.offsetStep", note, StringComparison.Ordinal);

        var (given, kept) = new DiscoveryOptions(OffsetStep: 1.5).WithOffsetStepFrom(catalog);
        Assert.Equal(1.5, given.OffsetStep);
        Assert.Equal("output shifts: 0, ±1.5, ±3, … (discovery.offsetStep)", kept);

        Assert.Equal("output shifts: none (discovery.offsetStep = 0)", new DiscoveryOptions(OffsetStep: 0).WithOffsetStepFrom(catalog).Note);

        // Unchosen (a C# caller that never saw a catalog) the shifts use the floor.
        Assert.Equal(-DiscoveryOptions.SmallestChosenOffsetStep, new DiscoveryOptions().Offset(2));
    }

    [Fact]
    public void ADiscoveryStartsWithTheStepChosenFromItsCatalogAndSaysSo()
    {
        // −∇²u + u² = 0 in the disk, u = 0 on the circle: u ≡ 0 and u(0) = −8.5341148 (shooting); the step is half their distance.
        var notes = new List<string>();
        var state = SolutionDiscovery.Begin(Pinn.Problems.ProblemCatalog.ZeroData(2), SolutionDiscovery.WithDeflation(SolutionDiscoveryTests.Options()), new DiscoveryOptions(), new ShootingOptions(-50, 50), Files.DiscoveryState.Start, notes.Add);
        NumericAssert.Relative(8.5341148 / 2, state.Settings.OffsetStep!.Value, 1e-6, what: "chosen step");
        Assert.Contains(notes, n => n.StartsWith("output shifts: 0, ±4.267, ±8.534, … (chosen: half the spread", StringComparison.Ordinal));

        // A step the settings give is kept.
        Assert.Equal(1.5, SolutionDiscovery.Begin(Pinn.Problems.ProblemCatalog.Bratu(1, 0.5), SolutionDiscovery.WithDeflation(SolutionDiscoveryTests.Options()), new DiscoveryOptions(OffsetStep: 1.5), new ShootingOptions(-1, 10), Files.DiscoveryState.Start, null).Settings.OffsetStep);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void ANegativeOrNaNStepIsRejectedByName(double step)
    {
        Assert.Equal("OffsetStep", Assert.Throws<OptionsValidationException>(() => new DiscoveryOptions(OffsetStep: step).Validate()).Property);
    }
}
