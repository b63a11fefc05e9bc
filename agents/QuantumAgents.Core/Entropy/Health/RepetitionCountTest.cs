namespace QuantumAgents.Core.Entropy.Health;

/// <summary>SP 800-90B §4.4.1: fails when one byte value repeats <see cref="Cutoff"/> times in a row (a stuck source).</summary>
public sealed class RepetitionCountTest(int cutoff)
{
    private int _last = -1;
    private int _run;

    public int Cutoff { get; } = cutoff;

    /// <summary>Feeds one sample; false when the test fails on it.</summary>
    public bool Feed(byte sample)
    {
        if (sample == _last)
        {
            return ++_run < Cutoff;
        }
        _last = sample;
        _run = 1;
        return true;
    }

    /// <summary>The length of the run the last sample belongs to.</summary>
    public int CurrentRun => _run;

    public void Reset()
    {
        _last = -1;
        _run = 0;
    }
}
