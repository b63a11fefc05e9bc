using Microsoft.Extensions.Logging.Abstractions;
using QuantumAgents.Core.Secrets;
using QuantumAgents.Kme.Links;
using QuantumAgents.Kme.Options;
using QuantumAgents.Kme.Peers;
using QuantumAgents.Kme.Sources;
using QuantumAgents.Kme.Tests.Store;

namespace QuantumAgents.Kme.Tests.Links;

/// <summary>A link's producer keeps going whatever its key source throws: a fault stalls that link, never the KME.</summary>
public sealed class LinkProducerTests : IAsyncLifetime, IDisposable
{
    private readonly TempStore _store = new();
    private readonly TestLinks _links = new();

    public Task InitializeAsync() => _store.InitializeAsync();

    public Task DisposeAsync() => _store.DisposeAsync();

    public void Dispose() => _links.Dispose();

    [Fact]
    public async Task An_exception_nobody_foresaw_stalls_the_link_and_production_is_tried_again()
    {
        var source = new FailingSource(failures: 2);
        var links = new LinkRegistry(_links.Create(
            new KeySourceOptions { Producer = true, RateBitsPerSecond = 1_000_000, PoolBits = 1 << 20, BlockBytes = 256 }, source));
        using var producer = new LinkProducer(links, _store.Store, NullLogger<LinkProducer>.Instance);

        await producer.StartAsync(CancellationToken.None);
        for (var attempt = 0; attempt < 100 && source.Calls < 3; attempt++)
        {
            await Task.Delay(100);
        }
        Assert.True(source.Calls >= 3, $"the source was asked {source.Calls} time(s)");
        Assert.False(producer.ExecuteTask!.IsFaulted, producer.ExecuteTask.Exception?.ToString());
        await producer.StopAsync(CancellationToken.None);
    }

    /// <summary>Throws what no source is expected to (a bug) a few times, then produces.</summary>
    private sealed class FailingSource(int failures) : IKeySource
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string Description => "failing on purpose";

        public Task<ProducedBlock> ProduceAsync(long offset, int bytes, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) <= failures)
            {
                throw new DivideByZeroException("a vendor's status with key_size 0");
            }
            var material = SecretBytes.Random(bytes);
            return Task.FromResult(new ProducedBlock(material, new BlockMessage { Offset = offset, Length = bytes, Material = material }));
        }

        public Task<SecretBytes> ReceiveAsync(BlockMessage block, CancellationToken cancellationToken) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }
}
