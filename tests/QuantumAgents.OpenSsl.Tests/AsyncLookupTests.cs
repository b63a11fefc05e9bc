using QuantumAgents.Core.Secrets;
using QuantumAgents.OpenSsl.Tests.Support;

namespace QuantumAgents.OpenSsl.Tests;

public sealed class AsyncLookupTests
{
    [Fact]
    public async Task The_handshake_waits_for_a_slow_lookup_and_completes_with_its_key()
    {
        var identity = TestKeys.NewIdentity();
        var key = TestKeys.NewKey();
        var asked = new TaskCompletionSource<PskIdentity>(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource<SecretBytes?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var clientContext = new PskTlsClientContext();
        using var serverContext = new PskTlsServerContext(async (offered, ct) =>
        {
            asked.TrySetResult(offered);
            return await answer.Task;
        });
        using var pair = await PskPair.OpenAsync();

        var server = pair.Server.AuthenticateAsServerAsync(serverContext);
        var client = pair.Client.AuthenticateAsClientAsync(clientContext, identity, TestKeys.Secret(key));
        Assert.Equal(identity, await asked.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(server.IsCompleted);
        Assert.False(client.IsCompleted);

        var served = SecretBytes.CopyFrom(key);
        answer.SetResult(served);
        await Task.WhenAll(server, client).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(pair.Server.IsAuthenticated);
        Assert.True(served.IsDisposed); // the server zeroed the looked-up key after the handshake
    }

    [Fact]
    public async Task Many_pending_lookups_do_not_hold_a_thread_each()
    {
        // If a lookup blocked the thread that runs the handshake, N pending lookups would need N
        // threads. The thread pool here has far fewer than N threads while all N wait.
        const int connections = 100;
        var key = TestKeys.NewKey();
        var pending = 0;
        var identities = new System.Collections.Concurrent.ConcurrentBag<PskIdentity>();
        var allPending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var clientContext = new PskTlsClientContext();
        using var serverContext = new PskTlsServerContext(async (identity, _) =>
        {
            identities.Add(identity);
            if (Interlocked.Increment(ref pending) == connections)
            {
                allPending.SetResult();
            }
            await release.Task;
            return SecretBytes.CopyFrom(key);
        });
        var pairs = new List<PskPair>();
        var handshakes = new List<Task>();
        try
        {
            for (var i = 0; i < connections; i++)
            {
                var pair = await PskPair.OpenAsync();
                pairs.Add(pair);
                handshakes.Add(pair.Server.AuthenticateAsServerAsync(serverContext));
                handshakes.Add(pair.Client.AuthenticateAsClientAsync(clientContext, TestKeys.NewIdentity(), TestKeys.Secret(key)));
            }
            await allPending.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var threads = ThreadPool.ThreadCount;

            release.SetResult();
            await Task.WhenAll(handshakes).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.True(threads < connections, $"{threads} thread-pool threads for {connections} pending lookups");
            Assert.All(pairs, p => Assert.True(p.Server.IsAuthenticated));
            Assert.Equal(connections, identities.Distinct().Count()); // one key_ID per connection, none twice
            Assert.Equal(connections, pairs.Select(p => p.Server.Identity).Distinct().Count());
        }
        finally
        {
            release.TrySetResult();
            pairs.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task Cancelling_the_server_handshake_cancels_the_lookup()
    {
        var lookupStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lookupCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var clientContext = new PskTlsClientContext();
        using var serverContext = new PskTlsServerContext(async (_, ct) =>
        {
            lookupStarted.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                lookupCancelled.SetResult();
                throw;
            }
            return null;
        });
        using var pair = await PskPair.OpenAsync();
        using var cancel = new CancellationTokenSource();

        var server = pair.Server.AuthenticateAsServerAsync(serverContext, cancel.Token);
        _ = pair.Client.AuthenticateAsClientAsync(clientContext, TestKeys.NewIdentity(), TestKeys.Secret(TestKeys.NewKey()));
        await lookupStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server);
        await lookupCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
