using System.Text;
using QuantumAgents.Core.Secrets;
using QuantumAgents.IpsecAgent.Kme;

namespace QuantumAgents.IpsecAgent.Tests.Reconciling;

/// <summary>A KME that hands out keys <c>key-1</c>, <c>key-2</c>, … and can be told to refuse the next request.</summary>
internal sealed class FakeQkdKeys : IQkdKeys
{
    private int _issued;
    private Exception? _refusal;

    /// <summary>enc_keys requests made, refused ones included.</summary>
    public int Takes { get; private set; }

    public void RefuseNext(Exception refusal) => _refusal = refusal;

    public Task<IReadOnlyList<QkdKey>> TakeAsync(string remoteSae, int count, CancellationToken cancellationToken)
    {
        Takes++;
        if (Interlocked.Exchange(ref _refusal, null) is { } refusal)
        {
            return Task.FromException<IReadOnlyList<QkdKey>>(refusal);
        }
        return Task.FromResult<IReadOnlyList<QkdKey>>([.. Enumerable.Range(0, count).Select(_ => Key($"key-{++_issued}"))]);
    }

    public Task<IReadOnlyList<QkdKey>> FetchAsync(string masterSae, IReadOnlyList<string> keyIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<QkdKey>>([.. keyIds.Select(Key)]);

    private static QkdKey Key(string keyId) => new(keyId, SecretBytes.CopyFrom(Encoding.ASCII.GetBytes(keyId.PadRight(32, '.'))));
}
