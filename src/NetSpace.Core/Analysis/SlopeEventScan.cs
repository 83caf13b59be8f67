using NetSpace.Specs;

namespace NetSpace.Analysis;

/// <summary>
/// Exact minimisation of the quantized-linear fit cost over the slope for given (w0, wm), the inner loop of
/// <see cref="QuantizedLinearFit"/>. With t = wa/w0, block j sits at level s_j(t) = round(ln(1 + t·j)/ln wm),
/// which steps from s − 1 to s at t = (wm^(s−½) − 1)/j; the cost is constant between those events, so one sweep
/// over the sorted events visits every distinct cost. The events depend on wm only, so <see cref="Prepare"/>
/// sorts them once and <see cref="Run(int)"/> sweeps them for any w0. Levels are L_s = round(w0·wm^s/q)·q,
/// evaluated exactly as <see cref="RegNetGenerator.Widths"/> does. Costs are Σ_j |ln w_j − ln L_(s_j)| in fixed
/// point (units of 2^−40, each term rounded), so sums are exact, equal level assignments compare equal and the
/// sweep does not drift. Not thread-safe: it reuses its buffers.
/// </summary>
internal sealed class SlopeEventScan
{
    /// <summary>Fixed-point scale of the costs (2^40).</summary>
    public const double Scale = 1L << 40;

    private readonly int[] widths;
    private readonly double[] lnWidths;
    private readonly int quantum;
    private readonly int[] runStarts;
    private readonly int[] levelOf;
    private readonly long[] termOf;
    private readonly List<double> powers = [];
    private readonly List<double> halfSteps = [];
    private readonly List<long> levels = [];
    private readonly List<double> lnLevels = [];
    private double[] times = new double[256];
    private int[] blocks = new int[256];
    private int count;
    private double next;
    private double preparedWm = double.NaN;
    private int preparedW0 = int.MaxValue;
    private int levelW0;
    private double levelWm = double.NaN;

    /// <summary>Prepares the sweep for these block widths (all &gt; 0) and quantum q.</summary>
    public SlopeEventScan(IReadOnlyList<int> widths, int quantum)
    {
        this.widths = widths.ToArray();
        lnWidths = widths.Select(w => Math.Log(w)).ToArray();
        this.quantum = quantum;
        runStarts = Enumerable.Range(1, Math.Max(0, widths.Count - 1)).Where(j => j == 1 || widths[j] != widths[j - 1]).ToArray();
        levelOf = new int[widths.Count];
        termOf = new long[widths.Count];
    }

    /// <summary>Width quantum q.</summary>
    public int Quantum => quantum;

    /// <summary>Number of blocks d.</summary>
    public int Depth => lnWidths.Length;

    /// <summary>|a − b| in units of 2^−40, rounded.</summary>
    public static long Term(double lnA, double lnB) => (long)Math.Round(Math.Abs(lnA - lnB) * Scale);

    /// <summary>
    /// A lower bound of the cost of every (wa, wm) for this w0, up to the rounding of the fixed-point terms
    /// (subtract <see cref="Depth"/> before comparing): the generated widths are nondecreasing, start at w0 and
    /// never go below it, so the cost is at least that of the best such sequence of arbitrary widths, an L1
    /// isotonic regression whose optimum only takes the values w0 and the observed widths above it.
    /// </summary>
    public long LowerBound(int w0)
    {
        double lnW0 = Math.Log(w0);
        var values = lnWidths.Where(v => v > lnW0).Append(lnW0).Distinct().Order().ToArray();
        var best = new long[values.Length];
        for (int j = 1; j < lnWidths.Length; j++)
        {
            // best[k] = least cost of blocks 1..j with block j at values[k] (nondecreasing, so blocks before ≤ it).
            long prefix = long.MaxValue;
            for (int k = 0; k < values.Length; k++)
            {
                prefix = Math.Min(prefix, best[k]);
                best[k] = prefix + Term(lnWidths[j], values[k]);
            }
        }

        return Term(lnWidths[0], lnW0) + best.Min();
    }

    /// <summary>The least cost over t ≥ 0 for (w0, wm) (see <see cref="Run(int)"/>).</summary>
    public SweepResult Run(int w0, double wm)
    {
        Prepare(wm, w0);
        return Run(w0);
    }

    /// <summary>Computes and sorts the events for <paramref name="wm"/>, valid for every w0 ≥ <paramref name="minW0"/>.</summary>
    public void Prepare(double wm, int minW0)
    {
        if (wm == preparedWm && minW0 >= preparedW0)
        {
            return;
        }

        if (wm != preparedWm)
        {
            powers.Clear();
            halfSteps.Clear();
        }

        (preparedWm, preparedW0) = (wm, minW0);

        SetLevels(minW0);
        double limit = Limit();
        count = 0;
        next = double.PositiveInfinity;
        for (int j = 1; j < widths.Length; j++)
        {
            for (int s = 1; ; s++)
            {
                double t = HalfStep(s) / j;
                if (t > limit)
                {
                    next = Math.Min(next, t);
                    break;
                }

                Add(t, j);
            }
        }

        Array.Sort(times, blocks, 0, count);
    }

    /// <summary>
    /// The least cost over t ≥ 0 for w0 and the prepared wm, and the first maximal run [start, end) of t where it
    /// is reached. The run starts at 0 when a constant width (t = 0) is optimal; end is +∞ only for one block.
    /// </summary>
    public SweepResult Run(int w0)
    {
        if (w0 < preparedW0)
        {
            throw new InvalidOperationException($"events were prepared for w0 ≥ {preparedW0}, not {w0}");
        }

        SetLevels(w0);
        long cost = 0;
        for (int j = 0; j < widths.Length; j++)
        {
            levelOf[j] = 0;
            termOf[j] = Term(lnWidths[j], LnLevel(0));
            cost += termOf[j];
        }

        // Only this w0's own events matter (see Prepare); the list may go further for smaller w0.
        double limit = Limit();
        long best = cost;
        double start = 0, end = count > 0 ? times[0] : next;
        bool inRun = true;
        for (int i = 0; i < count && times[i] <= limit;)
        {
            double t = times[i];
            for (; i < count && times[i] == t; i++)
            {
                int j = blocks[i];
                long term = Term(lnWidths[j], LnLevel(++levelOf[j]));
                cost += term - termOf[j];
                termOf[j] = term;
            }

            double until = i < count ? times[i] : next;
            if (cost < best)
            {
                (best, start, end, inRun) = (cost, t, until, true);
            }
            else if (cost == best && inRun)
            {
                end = until;
            }
            else
            {
                inRun = false;
            }
        }

        return new SweepResult(best, start, end);
    }

    /// <summary>
    /// Once block j sits at a level ≥ w_j, higher levels only move it further away. Past the time the last block
    /// gets there the cost can only grow with t, so later events are not needed, and the state then holds until
    /// the next event. Levels grow with w0, so the limit for the smallest w0 covers all larger ones. Within a run
    /// of equal widths the first block gets there last, so only the first block of each run is checked.
    /// </summary>
    private double Limit()
    {
        double limit = 0;
        foreach (int j in runStarts)
        {
            // The first level ≥ w_j, by bisection over the nondecreasing levels (extended until one is ≥ w_j).
            int hi = 1;
            while (Level(hi) < widths[j])
            {
                hi *= 2;
            }

            int lo = 0;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (Level(mid) < widths[j])
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            limit = lo == 0 ? limit : Math.Max(limit, HalfStep(lo) / j);
        }

        return limit;
    }

    /// <summary>Makes <see cref="Level"/> describe w0 and the prepared wm.</summary>
    private void SetLevels(int w0)
    {
        if (w0 != levelW0 || preparedWm != levelWm)
        {
            (levelW0, levelWm) = (w0, preparedWm);
            levels.Clear();
            lnLevels.Clear();
        }
    }

    /// <summary>L_s = round(w0·wm^s/q)·q for the current w0 and prepared wm, computed on first use.</summary>
    private long Level(int s)
    {
        while (levels.Count <= s)
        {
            while (powers.Count <= levels.Count)
            {
                powers.Add(Math.Pow(preparedWm, powers.Count));
            }

            long width = RegNetGenerator.QuantizedWidth(levelW0, powers[levels.Count], quantum);
            levels.Add(width);
            lnLevels.Add(Math.Log(width));
        }

        return levels[s];
    }

    private double LnLevel(int s)
    {
        Level(s);
        return lnLevels[s];
    }

    /// <summary>wm^(s−½) − 1: block j reaches level s at t = this / j.</summary>
    private double HalfStep(int s)
    {
        while (halfSteps.Count <= s)
        {
            halfSteps.Add(Math.Pow(preparedWm, halfSteps.Count - 0.5) - 1);
        }

        return halfSteps[s];
    }

    private void Add(double t, int j)
    {
        if (count == times.Length)
        {
            Array.Resize(ref times, count * 2);
            Array.Resize(ref blocks, count * 2);
        }

        times[count] = t;
        blocks[count] = j;
        count++;
    }
}

/// <summary>Result of <see cref="SlopeEventScan.Run(int)"/>: least fixed-point cost and the first run of t that reaches it.</summary>
/// <param name="Cost">Σ_j |ln w_j − ln ŵ_j| in units of 2^−40.</param>
/// <param name="Start">Start of the run of optimal t (inclusive).</param>
/// <param name="End">End of the run (exclusive).</param>
internal readonly record struct SweepResult(long Cost, double Start, double End);
