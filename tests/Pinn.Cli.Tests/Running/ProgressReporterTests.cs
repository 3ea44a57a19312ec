using Pinn.Cli.Running;

namespace Pinn.Cli.Tests.Running;

public class ProgressReporterTests
{
    [Theory]
    [InlineData(0, "00:00:00")]
    [InlineData(59.6, "00:01:00")]
    [InlineData(3 * 3600 + 25, "03:00:25")]
    [InlineData(86400 + (4 * 3600) + 5, "1d 04:00:05")] // was "04:00:05": the day was dropped
    [InlineData(30 * 86400, "30d 00:00:00")]
    [InlineData(400 * 86400, "> 1 year")]
    [InlineData(double.PositiveInfinity, "unknown")] // a rate of zero
    [InlineData(double.NaN, "unknown")]
    public void TheEtaKeepsItsDays(double seconds, string expected) => Assert.Equal(expected, ProgressReporter.FormatEta(seconds));
}
