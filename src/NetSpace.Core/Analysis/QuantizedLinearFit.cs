using NetSpace.Specs;

namespace NetSpace.Analysis;

/// <summary>
/// Fits the quantized linear width rule of the RegNet paper (§3.3) to a network's per-block widths:
/// ŵ_j = <see cref="RegNetGenerator.Widths"/>(wa, w0, wm, d, q), minimising e_fit = mean_j |ln w_j − ln ŵ_j|
/// over w0 (a multiple of q), wa ≥ 0 and wm in [<see cref="MinWm"/>, <see cref="MaxWm"/>].
/// </summary>
/// <remarks>
/// <para>Search. For fixed (w0, wm) the cost is piecewise constant in wa and is minimised exactly (every piece is
/// visited). wm is searched on <see cref="GridPoints"/> values equally spaced in ln wm, plus seeds that put a
/// level exactly on (a multiple of q next to) one of the 8 widths most blocks share, or just inside the range of
/// wm that rounds it there, for the exponents those widths have near the best grid values; then on a 16× finer
/// grid around the best few values more than a grid step apart.
/// w0 runs over the multiples of q up to the largest width (rounded up): the one with the smallest lower bound
/// on its cost (usually the first block's width) gets the full search first; every other w0 whose bound does
/// not exceed the best cost is screened on the grid, and the two best screened also get the seeds and the
/// refinement. The bound: generated widths are nondecreasing, start at w0 and never go below it.</para>
/// <para>Exactness and speed. The search in wm is a heuristic; the cost over wa for each (w0, wm) tried is exact.
/// Widths made by the rule with wm in [1.5, 4] (the RegNet design space uses [1.5, 3]) are recovered with
/// e_fit = 0 (the seeds land in the narrow range of wm that reproduces them; checked on 3,000 random parameter
/// sets with d ≤ 40); with wm below 1.5 (nearly linear lists of many distinct widths) about 5% are not, and get
/// a small positive e_fit. A RegNet-like list of 13–25 blocks takes ~2–3 ms; lists the rule fits poorly take
/// longer (4-stage AnyNet lists of up to 64 blocks ~15–25 ms, 25 distinct random widths ~50 ms) and land within
/// a few percent of a brute-force scan of 8,000 values of wm. Deterministic.</para>
/// <para>Ties (many parameter sets give the same widths). w0: the optimal w0 closest to the first block's width
/// in ln, then the smaller. wm: the centre of the interval of optimal wm (slope free) that contains the smallest
/// optimal wm found, its ends located by bisection to ~1e−10 in ln wm (if that centre is not optimal, which needs
/// a gap in the optimal set, the smallest optimal wm found). wa: 0 when a constant width is optimal, otherwise
/// w0 times the midpoint of the first run of optimal slopes t = wa/w0 at that wm.</para>
/// </remarks>
public static class QuantizedLinearFit
{
    /// <summary>Smallest wm searched.</summary>
    public const double MinWm = 1.05;

    /// <summary>Largest wm searched.</summary>
    public const double MaxWm = 4.0;

    /// <summary>Points of the coarse wm grid.</summary>
    public const int GridPoints = 256;

    private const int Refine = 16;
    private const int RefinedPoints = 4;
    private const int SeedWidths = 8;
    private const int Deepened = 2;

    private static readonly double LnMin = Math.Log(MinWm);
    private static readonly double LnMax = Math.Log(MaxWm);
    private static readonly double GridStep = (LnMax - LnMin) / (GridPoints - 1);

    /// <summary>Finds the best (w0, wa, wm) for <paramref name="blockWidths"/> (one width per block, all &gt; 0).</summary>
    public static QuantizedLinearFitResult Fit(IReadOnlyList<int> blockWidths, int quantum = 8)
    {
        Validate(blockWidths, quantum);
        var search = new Search(blockWidths, quantum);
        var (w0, wm, best) = search.Run();
        wm = search.Centre(w0, wm, best);
        var run = search.Sweep.Run(w0, wm);
        double wa = run.Start == 0 ? 0 : w0 * (run.Start + run.End) / 2;
        var fitted = RegNetGenerator.Widths(wa, w0, wm, blockWidths.Count, quantum).BlockWidths;
        return new QuantizedLinearFitResult(w0, wa, wm, blockWidths.Count, quantum, MeanLogError(blockWidths, fitted), fitted);
    }

    /// <summary>
    /// e_fit = mean_j |ln w_j − ln ŵ_j| with ŵ = <see cref="RegNetGenerator.Widths"/>(wa, w0, wm, d, q).BlockWidths.
    /// </summary>
    public static double Error(IReadOnlyList<int> widths, int w0, double wa, double wm, int quantum = 8)
    {
        Validate(widths, quantum);
        AnalysisArguments.Require(w0 > 0 && w0 % quantum == 0, nameof(w0), $"w0 = {w0} must be a positive multiple of q = {quantum}");
        AnalysisArguments.Require(wa >= 0 && double.IsFinite(wa), nameof(wa), $"wa = {wa} must be ≥ 0");
        AnalysisArguments.Require(wm > 1 && double.IsFinite(wm), nameof(wm), $"wm = {wm} must be > 1");
        return MeanLogError(widths, RegNetGenerator.Widths(wa, w0, wm, widths.Count, quantum).BlockWidths);
    }

    private static double MeanLogError(IReadOnlyList<int> widths, int[] fitted)
    {
        double sum = 0;
        for (int j = 0; j < widths.Count; j++)
        {
            sum += Math.Abs(Math.Log(widths[j]) - Math.Log(fitted[j]));
        }

        return sum / widths.Count;
    }

    private static void Validate(IReadOnlyList<int> widths, int quantum)
    {
        ArgumentNullException.ThrowIfNull(widths);
        AnalysisArguments.Require(widths.Count > 0, nameof(widths), "the width list is empty");
        for (int j = 0; j < widths.Count; j++)
        {
            AnalysisArguments.Require(widths[j] > 0, nameof(widths), $"widths[{j}] = {widths[j]} must be > 0");
        }

        AnalysisArguments.Require(quantum >= 1, nameof(quantum), $"q = {quantum} must be ≥ 1");
    }

    /// <summary>The search state of one fit: every (ln wm, cost) tried, per w0.</summary>
    private sealed class Search(IReadOnlyList<int> widths, int quantum)
    {
        private readonly Dictionary<int, List<(double LnWm, long Cost)>> tried = [];

        public SlopeEventScan Sweep { get; } = new(widths, quantum);

        /// <summary>The best w0, the smallest wm found reaching its least cost, and that cost.</summary>
        public (int W0, double Wm, long Cost) Run()
        {
            double lnFirst = Math.Log(widths[0]);
            int top = (int)((widths.Max() + (long)quantum - 1) / quantum);
            var candidates = Enumerable.Range(1, top)
                .Select(k => k * quantum)
                .Select(w0 => (W0: w0, Bound: Sweep.LowerBound(w0) - Sweep.Depth, Distance: Math.Abs(Math.Log(w0) - lnFirst)))
                .OrderBy(c => c.Bound).ThenBy(c => c.Distance).ThenBy(c => c.W0)
                .ToList();

            // The most promising w0 first, fully: its cost prunes most of the others.
            int first = candidates[0].W0;
            long best = long.MaxValue;
            Screen([(first, long.MinValue)], ref best);
            Deepen(first);
            best = Best(first).Cost;

            // The others within their bound: the grid for all of them at once, then seeds and refinement for the best few.
            var active = candidates.Skip(1).Where(c => c.Bound <= best).Select(c => (c.W0, c.Bound)).ToList();
            if (active.Count > 0)
            {
                Screen(active, ref best);
                foreach (int w0 in active.Where(c => tried.ContainsKey(c.W0)).OrderBy(c => Best(c.W0).Cost).ThenBy(c => c.Bound)
                    .Take(Deepened).Select(c => c.W0).ToArray())
                {
                    Deepen(w0);
                }
            }

            var chosen = tried.Keys
                .Select(w0 => (W0: w0, Best(w0).Cost, Distance: Math.Abs(Math.Log(w0) - lnFirst)))
                .OrderBy(c => c.Cost).ThenBy(c => c.Distance).ThenBy(c => c.W0)
                .First();
            return (chosen.W0, Math.Exp(Best(chosen.W0).LnWm), chosen.Cost);
        }

        /// <summary>The centre of the interval of wm around <paramref name="wm"/> where the least cost for w0 is <paramref name="best"/>.</summary>
        public double Centre(int w0, double wm, long best)
        {
            bool Optimal(double lnWm) => Sweep.Run(w0, Math.Exp(lnWm)).Cost == best;
            double x = Math.Log(wm);
            double centre = (Math.Exp(Edge(Optimal, x, LnMin, -1)) + Math.Exp(Edge(Optimal, x, LnMax, +1))) / 2;
            return Sweep.Run(w0, centre).Cost == best ? centre : wm;
        }

        /// <summary>The coarse grid for several w0 (events sorted once per wm), dropping a w0 once its bound exceeds the best cost.</summary>
        private void Screen(List<(int W0, long Bound)> w0s, ref long best)
        {
            for (int k = 0; k < GridPoints && w0s.Count > 0; k++)
            {
                double lnWm = LnMin + (k * GridStep);
                Sweep.Prepare(Math.Exp(lnWm), w0s.Min(c => c.W0));
                foreach (var (w0, _) in w0s)
                {
                    long cost = Sweep.Run(w0).Cost;
                    Record(w0, lnWm, cost);
                    best = Math.Min(best, cost);
                }

                long limit = best;
                w0s.RemoveAll(c => c.Bound > limit);
            }
        }

        /// <summary>Seeds, then a finer grid around the best few values of wm tried for this w0.</summary>
        private void Deepen(int w0)
        {
            // Seeds: take the (up to 8) widths above w0 that the most blocks share, the stage widths of a staged
            // network, as multiples of q (nearest below and above). Put level s exactly on one of them, or just
            // inside either end of the range of wm that rounds level s to it (optima are often bounded by such an
            // end). Exponents: s = 1..r+2 for the r-th width (ascending; levels may be skipped), and those each
            // width has within a grid step of the best values of wm tried so far, at most ±2 (block 1 may skip
            // many levels).
            var stageWidths = widths.Where(w => w > w0).GroupBy(w => w)
                .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).Take(SeedWidths).Select(g => g.Key).Order().ToArray();
            var basins = Basins(w0);
            var seeds = new SortedSet<(int Level, int S)>();
            for (int r = 1; r <= stageWidths.Length; r++)
            {
                int width = stageWidths[r - 1];
                foreach (int level in new[] { width / quantum * quantum, (width + quantum - 1) / quantum * quantum }.Where(l => l > w0))
                {
                    double lnRatio = Math.Log((double)level / w0);
                    for (int s = 1; s <= r + 2; s++)
                    {
                        seeds.Add((level, s));
                    }

                    foreach (double lnWm in basins)
                    {
                        // The exponents the width has for wm within a grid step of this value (at most ±2).
                        int snapped = (int)Math.Round(lnRatio / lnWm);
                        int from = Math.Max(snapped - 2, (int)Math.Floor(lnRatio / (lnWm + GridStep)));
                        int to = Math.Min(snapped + 2, (int)Math.Ceiling(lnRatio / Math.Max(LnMin, lnWm - GridStep)));
                        for (int s = Math.Max(1, from); s <= to; s++)
                        {
                            seeds.Add((level, s));
                        }
                    }
                }
            }

            foreach (var (level, s) in seeds)
            {
                double centre = Math.Log((double)level / w0) / s;
                double low = Math.Log((level - (quantum / 2.0)) / w0) / s;
                double high = Math.Log((level + (quantum / 2.0)) / w0) / s;
                foreach (double lnWm in new[] { centre, low + ((centre - low) * 1e-6), high - ((high - centre) * 1e-6) })
                {
                    if (lnWm >= LnMin && lnWm <= LnMax)
                    {
                        Try(w0, lnWm);
                    }
                }
            }

            foreach (double lnWm in Basins(w0))
            {
                for (int i = -Refine; i <= Refine; i++)
                {
                    Try(w0, Math.Clamp(lnWm + (i * GridStep / Refine), LnMin, LnMax));
                }
            }
        }

        /// <summary>The best values of ln wm tried for w0 that are more than a grid step apart (distinct basins), best first.</summary>
        private List<double> Basins(int w0)
        {
            var centres = new List<double>();
            foreach (var (lnWm, _) in tried[w0].OrderBy(c => c.Cost).ThenBy(c => c.LnWm))
            {
                if (centres.Count == RefinedPoints)
                {
                    break;
                }

                if (centres.TrueForAll(c => Math.Abs(c - lnWm) > GridStep))
                {
                    centres.Add(lnWm);
                }
            }

            return centres;
        }

        private void Try(int w0, double lnWm) => Record(w0, lnWm, Sweep.Run(w0, Math.Exp(lnWm)).Cost);

        private void Record(int w0, double lnWm, long cost)
        {
            if (!tried.TryGetValue(w0, out var list))
            {
                tried[w0] = list = [];
            }

            list.Add((lnWm, cost));
        }

        /// <summary>The least cost tried for w0 and the smallest ln wm reaching it.</summary>
        private (double LnWm, long Cost) Best(int w0) =>
            tried[w0].OrderBy(c => c.Cost).ThenBy(c => c.LnWm).First();
    }

    /// <summary>
    /// From an optimal point x, steps towards <paramref name="limit"/> with doubling steps until a non-optimal
    /// point, then bisects to the boundary (the limit itself if every step up to it is optimal).
    /// </summary>
    private static double Edge(Func<double, bool> optimal, double x, double limit, int direction)
    {
        double inside = x, step = 1e-4;
        while (true)
        {
            double probe = inside + (direction * step);
            if (direction * (probe - limit) >= 0)
            {
                if (optimal(limit))
                {
                    return limit;
                }

                probe = limit;
            }
            else if (optimal(probe))
            {
                inside = probe;
                step *= 2;
                continue;
            }

            double outside = probe;
            while (Math.Abs(outside - inside) > 1e-10)
            {
                double mid = (inside + outside) / 2;
                if (optimal(mid))
                {
                    inside = mid;
                }
                else
                {
                    outside = mid;
                }
            }

            return inside;
        }
    }
}
