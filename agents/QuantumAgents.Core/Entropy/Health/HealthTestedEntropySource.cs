using System.Globalization;
using System.Security.Cryptography;

namespace QuantumAgents.Core.Entropy.Health;

/// <summary>
/// Runs the SP 800-90B continuous health tests on every byte of another source before anyone
/// sees it. A failure discards the bytes in hand, takes the source out of service and retries
/// it after a backoff that doubles on each consecutive failure.
/// </summary>
/// <remarks>
/// The tail of the bytes tested so far, while it is a run of one value shorter than the
/// repetition cutoff, is held back until a different value ends it: so a source that gets
/// stuck fails the test before any byte of the stuck run has been handed out.
/// </remarks>
public sealed class HealthTestedEntropySource : IEntropySource, IDisposable
{
    private const int MinimumFetch = 256;

    private readonly IEntropySource _inner;
    private readonly TimeProvider _time;
    private readonly TimeSpan _firstBackoff;
    private readonly TimeSpan _maxBackoff;
    private readonly RepetitionCountTest _repetition;
    private readonly AdaptiveProportionTest _proportion;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[] _buffer = [];
    private int _readyStart;
    private int _readyCount;
    private int _heldCount;
    private int _consecutiveFailures;
    private DateTimeOffset _outOfServiceUntil = DateTimeOffset.MinValue;

    public HealthTestedEntropySource(IEntropySource inner, double minEntropyPerByte, TimeProvider time, TimeSpan firstBackoff, TimeSpan maxBackoff)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _time = time;
        _firstBackoff = firstBackoff;
        _maxBackoff = maxBackoff;
        MinEntropyPerByte = minEntropyPerByte;
        _repetition = new RepetitionCountTest(HealthTestCutoffs.RepetitionCount(minEntropyPerByte));
        _proportion = new AdaptiveProportionTest(HealthTestCutoffs.AdaptiveProportion(minEntropyPerByte));
    }

    public double MinEntropyPerByte { get; }

    public int ProportionCutoff => _proportion.Cutoff;

    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"{_inner.Description}, health-tested (SP 800-90B, H={MinEntropyPerByte} bits/byte)");

    public bool IsQuantum => _inner.IsQuantum;

    /// <summary>The last failure, while the source is failing; null once it delivers again.</summary>
    public string? LastFailure { get; private set; }

    public long Failures { get; private set; }

    public async ValueTask FillAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_time.GetUtcNow() < _outOfServiceUntil)
            {
                throw new EntropyHealthException($"entropy source out of service until {_outOfServiceUntil:O}: {LastFailure}");
            }
            while (_readyCount < destination.Length)
            {
                await FetchAndTestAsync(destination.Length - _readyCount, cancellationToken).ConfigureAwait(false);
            }
            var ready = _buffer.AsSpan(_readyStart, destination.Length);
            ready.CopyTo(destination.Span);
            CryptographicOperations.ZeroMemory(ready);
            _readyStart += destination.Length;
            _readyCount -= destination.Length;
            _consecutiveFailures = 0;
            LastFailure = null;
        }
        catch (EntropyHealthException)
        {
            destination.Span.Clear();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task FetchAndTestAsync(int wanted, CancellationToken cancellationToken)
    {
        var count = Math.Max(wanted, MinimumFetch);
        var end = MakeRoom(count);
        var fresh = _buffer.AsMemory(end, count);
        try
        {
            await _inner.FillAsync(fresh, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Fail($"the source failed: {e.Message}");
        }
        foreach (var sample in fresh.Span)
        {
            if (!_repetition.Feed(sample))
            {
                Fail($"repetition count test: {_repetition.Cutoff} identical bytes in a row (0x{sample:x2})");
            }
            if (!_proportion.Feed(sample))
            {
                Fail($"adaptive proportion test: a byte value {_proportion.Cutoff} times in a window of {HealthTestCutoffs.AptWindow}");
            }
            // A new run releases the previous one; a continuing run stays held.
            if (_repetition.CurrentRun == 1)
            {
                _readyCount += _heldCount;
                _heldCount = 0;
            }
            _heldCount++;
        }
    }

    /// <summary>Makes space for <paramref name="count"/> more bytes after ready and held ones; returns where they go.</summary>
    private int MakeRoom(int count)
    {
        var kept = _readyCount + _heldCount;
        if (_readyStart + kept + count > _buffer.Length)
        {
            var bigger = _buffer.Length >= kept + count ? _buffer : GC.AllocateUninitializedArray<byte>(Math.Max(kept + count, _buffer.Length * 2), pinned: true);
            _buffer.AsSpan(_readyStart, kept).CopyTo(bigger);
            CryptographicOperations.ZeroMemory(_buffer.AsSpan(kept));
            if (!ReferenceEquals(bigger, _buffer))
            {
                CryptographicOperations.ZeroMemory(_buffer);
                _buffer = bigger;
            }
            _readyStart = 0;
        }
        return _readyStart + kept;
    }

    private void Fail(string why)
    {
        CryptographicOperations.ZeroMemory(_buffer);
        _readyStart = _readyCount = _heldCount = 0;
        _repetition.Reset();
        _proportion.Reset();
        Failures++;
        _consecutiveFailures++;
        var backoff = TimeSpan.FromTicks(Math.Min(_maxBackoff.Ticks, _firstBackoff.Ticks << Math.Min(_consecutiveFailures - 1, 30)));
        _outOfServiceUntil = _time.GetUtcNow() + backoff;
        LastFailure = why;
        throw new EntropyHealthException($"{_inner.Description}: {why}; out of service for {backoff.TotalSeconds:0.#} s");
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_buffer);
        _gate.Dispose();
    }
}
