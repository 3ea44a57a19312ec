using System.Diagnostics;

namespace Pinn.Cli.Tests;

/// <summary>Renders report.html in headless Chromium (Debian's <c>chromium</c>) and checks that the screenshot shows the plots.</summary>
internal static class ReportScreenshot
{
    /// <summary>The Chromium executable on the PATH, or null.</summary>
    public static string? Chromium => new[] { "chromium", "chromium-browser", "google-chrome" }
        .Select(name => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists))
        .FirstOrDefault(p => p is not null);

    /// <summary>
    /// Screenshots the report at 1000 × 1400 and asserts that it decodes to that size and is far from blank (many
    /// non-white pixels of several colours: the table text and the PNG plots). Without Chromium it says so on the
    /// console (install it with <c>apt-get install chromium</c>) and checks nothing else.
    /// </summary>
    public static void AssertRendered(string report, TextWriter? output)
    {
        if (Chromium is not { } chromium)
        {
            (output ?? Console.Out).WriteLine("ReportScreenshot: Chromium is absent (apt-get install chromium); report.html was not rendered.");
            return;
        }

        string png = Path.Combine(Path.GetDirectoryName(report)!, "report-screenshot.png");
        var start = new ProcessStartInfo(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", $"--screenshot={png}", "--window-size=1000,1400", new Uri(Path.GetFullPath(report)).AbsoluteUri])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using (var process = Process.Start(start)!)
        {
            process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(120_000), "Chromium did not finish within 2 minutes");
        }

        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal((1000, 1400), (bitmap.Width, bitmap.Height));
        int nonWhite = 0;
        var colors = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 2)
        {
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red < 240 || c.Green < 240 || c.Blue < 240)
                {
                    nonWhite++;
                }

                colors.Add((uint)c);
            }
        }

        Assert.True(nonWhite > 5_000 && colors.Count > 50, $"the screenshot looks blank: {nonWhite} non-white sampled pixels, {colors.Count} colours");
    }
}
