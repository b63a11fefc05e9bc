namespace QuantumAgents.Core.Entropy.Health;

/// <summary>
/// SP 800-90B §4.4.2: in each window of <see cref="HealthTestCutoffs.AptWindow"/> samples, fails
/// when the window's first value occurs <see cref="Cutoff"/> times (a biased source).
/// </summary>
public sealed class AdaptiveProportionTest(int cutoff)
{
    private int _position;
    private byte _first;
    private int _count;

    public int Cutoff { get; } = cutoff;

    /// <summary>Feeds one sample; false when the test fails on it.</summary>
    public bool Feed(byte sample)
    {
        if (_position == 0)
        {
            _first = sample;
            _count = 1;
        }
        else if (sample == _first && ++_count >= Cutoff)
        {
            _position = 0;
            return false;
        }
        _position = (_position + 1) % HealthTestCutoffs.AptWindow;
        return true;
    }

    public void Reset() => _position = 0;
}
