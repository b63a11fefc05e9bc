namespace QuantumAgents.Core.Entropy.Health;

/// <summary>
/// The cutoffs of NIST SP 800-90B §4.4 for byte samples, from the min-entropy per byte the
/// source is claimed to have (H) and a false-positive probability α = 2^-<c>alphaExponent</c>
/// (the standard recommends 2^-20).
/// </summary>
public static class HealthTestCutoffs
{
    /// <summary>The adaptive proportion test's window for non-binary samples (§4.4.2).</summary>
    public const int AptWindow = 512;

    public const int DefaultAlphaExponent = 20;

    /// <summary>Repetition count test (§4.4.1): C = 1 + ⌈−log2(α) / H⌉ identical samples in a row fail.</summary>
    public static int RepetitionCount(double minEntropyPerByte, int alphaExponent = DefaultAlphaExponent)
    {
        Check(minEntropyPerByte);
        return 1 + (int)Math.Ceiling(alphaExponent / minEntropyPerByte);
    }

    /// <summary>
    /// Adaptive proportion test (§4.4.2): C = 1 + CRITBINOM(W, 2^−H, 1 − α), the count of the
    /// window's first value within the window at which the test fails.
    /// </summary>
    public static int AdaptiveProportion(double minEntropyPerByte, int alphaExponent = DefaultAlphaExponent)
    {
        Check(minEntropyPerByte);
        return 1 + CriticalBinomial(AptWindow, Math.Pow(2, -minEntropyPerByte), 1 - Math.Pow(2, -alphaExponent));
    }

    /// <summary>The smallest k with P(X ≤ k) ≥ <paramref name="quantile"/> for X ~ Binomial(n, p), summed in log space.</summary>
    public static int CriticalBinomial(int n, double p, double quantile)
    {
        var logP = Math.Log(p);
        var logQ = Math.Log(1 - p);
        var logPmf = n * logQ;
        var cumulative = 0.0;
        for (var k = 0; k < n; k++)
        {
            cumulative += Math.Exp(logPmf);
            if (cumulative >= quantile)
            {
                return k;
            }
            logPmf += Math.Log((double)(n - k) / (k + 1)) + logP - logQ;
        }
        return n;
    }

    private static void Check(double minEntropyPerByte)
    {
        if (minEntropyPerByte is not (>= 0.5 and <= 8))
        {
            throw new ArgumentOutOfRangeException(nameof(minEntropyPerByte), minEntropyPerByte, "min-entropy per byte must be between 0.5 and 8 bits");
        }
    }
}
