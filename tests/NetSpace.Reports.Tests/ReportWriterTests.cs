using System.Diagnostics;
using NetSpace.Reports;
using SkiaSharp;

namespace NetSpace.Tests;

public sealed class ReportWriterTests : IDisposable
{
    private static readonly string[] ChromiumPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    private readonly string directory = Path.Combine(Path.GetTempPath(), "netspace-report-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string WriteReport()
    {
        var summary = SweepAnalyzer.Analyze([SyntheticPopulations.AnyNet(), SyntheticPopulations.RegNet()], new AnalysisOptions { Draws = 1000 });
        return ReportWriter.Write(summary, directory, "test store");
    }

    [Fact]
    public void Report_is_one_self_contained_page_with_inline_charts()
    {
        string report = WriteReport();
        string html = File.ReadAllText(report);
        Assert.Contains("<figure id=\"edf\"><svg", html, StringComparison.Ordinal);
        Assert.Contains("<figure id=\"edf-normalized\"><svg", html, StringComparison.Ordinal);
        Assert.Contains("<figure id=\"trend-regnet_wm\"><svg", html, StringComparison.Ordinal);
        Assert.Contains("<figure id=\"widths-2\"><svg", html, StringComparison.Ordinal);
        Assert.Contains("class=\"sortable\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<?xml", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(directory, "summary.json")));
        foreach (string id in (string[])["edf", "edf-normalized", "complexity-flops", "fit-error", "curves-1"])
        {
            Assert.True(new FileInfo(Path.Combine(directory, "plots", id + ".svg")).Length > 1000, id);
            using var png = SKBitmap.Decode(Path.Combine(directory, "plots", id + ".png"));
            Assert.Equal(520, png.Width);
        }

        Assert.Empty(Directory.GetFiles(directory, "*.tmp-*", SearchOption.AllDirectories));
    }

    /// <summary>
    /// Opens the report in headless Chromium (Debian's <c>chromium</c>) and checks the screenshot is a real
    /// page: mostly white with enough coloured chart pixels. A missing Chromium fails the test (it never passes
    /// without checking anything); .ci/run installs it, developers run <c>apt-get install chromium</c>.
    /// The screenshot is kept at $TMPDIR/netspace-report-screenshot.png for people to look at.
    /// </summary>
    [Fact]
    public async Task Chromium_renders_the_report_with_its_charts()
    {
        string chromium = ChromiumPaths.FirstOrDefault(File.Exists)
            ?? throw new Xunit.Sdk.XunitException("headless Chromium is required to check the report: apt-get install chromium");

        string report = WriteReport();
        string shot = Path.Combine(Path.GetTempPath(), "netspace-report-screenshot.png");
        File.Delete(shot);
        var info = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", $"--user-data-dir={Path.Combine(directory, "chromium-profile")}", "--window-size=1400,1800", $"--screenshot={shot}", new Uri(report).AbsoluteUri])
        {
            info.ArgumentList.Add(arg);
        }

        using (var process = Process.Start(info)!)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(120_000), "chromium did not finish in 120 s");
            await Task.WhenAll(stdout, stderr);
        }

        Assert.True(File.Exists(shot), "chromium wrote no screenshot");
        using var bitmap = SKBitmap.Decode(shot);
        Assert.Equal(1400, bitmap.Width);
        int coloured = 0, total = 0;
        for (int y = 0; y < bitmap.Height; y += 4)
        {
            for (int x = 0; x < bitmap.Width; x += 4)
            {
                var c = bitmap.GetPixel(x, y);
                total++;
                if (Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) > 60)
                {
                    coloured++;
                }
            }
        }

        // Chart lines and points are coloured; a blank or unstyled page has (almost) none.
        Assert.InRange(coloured / (double)total, 0.002, 0.5);
    }
}
