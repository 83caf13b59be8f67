namespace NetSpace.Analysis;

/// <summary>Kolmogorov–Smirnov distance between two error EDFs (the paper's comparison of design spaces).</summary>
public static class KolmogorovSmirnov
{
    /// <summary>
    /// D = sup_e |F_A(e) − F_B(e)|, exact. Both F are step functions that only change just after an error of
    /// either population (F counts e_i &lt; e), so D is the largest difference of the values reached just after
    /// each of those errors.
    /// </summary>
    public static double Distance(ErrorEdf a, ErrorEdf b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double d = 0;
        foreach (var e in a.Steps.Select(s => s.Error).Concat(b.Steps.Select(s => s.Error)))
        {
            d = Math.Max(d, Math.Abs(a.AtOrBelow(e) - b.AtOrBelow(e)));
        }

        return d;
    }
}
