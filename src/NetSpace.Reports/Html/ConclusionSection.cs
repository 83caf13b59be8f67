using System.Globalization;
using System.Net;
using System.Text;

namespace NetSpace.Reports;

/// <summary>The report's "Conclusion" section: one stated conclusion, with its uncertainty, per compared pair of sweeps.</summary>
public static class ConclusionSection
{
    /// <summary>Appends the section for <paramref name="summary"/> to <paramref name="html"/>.</summary>
    public static void Append(StringBuilder html, AnalysisSummary summary)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(summary);
        html.Append("<h2>Conclusion</h2>\n");
        if (summary.Comparisons.Count == 0)
        {
            html.Append("<p class=\"conclusion\">One sweep: nothing to compare. Analyse two or more sweeps together to compare design spaces.</p>\n");
            return;
        }

        foreach (var c in summary.Comparisons)
        {
            html.Append("<p class=\"conclusion\">").Append(WebUtility.HtmlEncode(c.Conclusion ?? string.Empty)).Append("</p>\n");
        }

        html.Append(string.Create(
            CultureInfo.InvariantCulture,
            $"<p class=\"meta\">KS test: two-sided, on the plain error EDFs, exact for small samples; median difference: {summary.Options.Draws:N0} bootstrap draws of each sweep at its own size. Errors are in percentage points of top-1 error.</p>\n"));
    }
}
