namespace NetSpace.Search;

/// <summary>
/// An independent categorical distribution per decision, parametrised by logits (softmax per decision).
/// p(a) = Π_d softmax(θ_d)[a_d]; ∂ log p(a) / ∂θ_d = onehot(a_d) − softmax(θ_d).
/// </summary>
public sealed class CategoricalPolicy
{
    private readonly double[][] logits;

    /// <summary>A uniform policy over decisions with the given choice counts.</summary>
    public CategoricalPolicy(IReadOnlyList<int> choiceCounts)
    {
        ArgumentNullException.ThrowIfNull(choiceCounts);
        logits = choiceCounts.Select(n => new double[n]).ToArray();
    }

    /// <summary>A policy with the given logits (copied).</summary>
    public CategoricalPolicy(IEnumerable<IReadOnlyList<double>> logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        this.logits = logits.Select(l => l.ToArray()).ToArray();
    }

    /// <summary>Number of decisions.</summary>
    public int Count => logits.Length;

    /// <summary>The logits (live arrays; changing them changes the policy).</summary>
    public IReadOnlyList<double[]> Logits => logits;

    /// <summary>softmax(θ_d).</summary>
    public double[] Probabilities(int d)
    {
        var l = logits[d];
        double max = l.Max();
        var p = l.Select(v => Math.Exp(v - max)).ToArray();
        double sum = p.Sum();
        for (int i = 0; i < p.Length; i++)
        {
            p[i] /= sum;
        }

        return p;
    }

    /// <summary>Every decision's probabilities.</summary>
    public IReadOnlyList<IReadOnlyList<double>> AllProbabilities() => Enumerable.Range(0, Count).Select(d => (IReadOnlyList<double>)Probabilities(d)).ToArray();

    /// <summary>log p(a).</summary>
    public double LogProbability(IReadOnlyList<int> arch)
    {
        ArgumentNullException.ThrowIfNull(arch);
        double sum = 0;
        for (int d = 0; d < Count; d++)
        {
            var l = logits[d];
            double max = l.Max();
            double lse = max + Math.Log(l.Sum(v => Math.Exp(v - max)));
            sum += l[arch[d]] - lse;
        }

        return sum;
    }

    /// <summary>Draws an architecture.</summary>
    public int[] Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var arch = new int[Count];
        for (int d = 0; d < Count; d++)
        {
            var p = Probabilities(d);
            double u = random.NextDouble(), acc = 0;
            arch[d] = p.Length - 1;
            for (int c = 0; c < p.Length; c++)
            {
                acc += p[c];
                if (u < acc)
                {
                    arch[d] = c;
                    break;
                }
            }
        }

        return arch;
    }

    /// <summary>The most likely choice of every decision.</summary>
    public int[] Mode() => logits.Select(l => Array.IndexOf(l, l.Max())).ToArray();

    /// <summary>Sum over decisions of the entropy (nats).</summary>
    public double Entropy()
    {
        double h = 0;
        for (int d = 0; d < Count; d++)
        {
            h -= Probabilities(d).Where(p => p > 0).Sum(p => p * Math.Log(p));
        }

        return h;
    }

    /// <summary>
    /// One ascent step for every decision: θ_d += step · (onehot(a_d) − p_d) + entropyStep · ∂H_d/∂θ_d, where
    /// ∂H/∂θ_c = −p_c·(log p_c + H) (the entropy bonus keeps a policy from collapsing before it has explored).
    /// </summary>
    public void Ascend(IReadOnlyList<int> arch, double step, double entropyStep = 0)
    {
        ArgumentNullException.ThrowIfNull(arch);
        for (int d = 0; d < Count; d++)
        {
            var p = Probabilities(d);
            double h = -p.Where(v => v > 0).Sum(v => v * Math.Log(v));
            for (int c = 0; c < p.Length; c++)
            {
                double entropyGradient = p[c] > 0 ? -p[c] * (Math.Log(p[c]) + h) : 0;
                logits[d][c] += (step * ((c == arch[d] ? 1 : 0) - p[c])) + (entropyStep * entropyGradient);
            }
        }
    }
}
