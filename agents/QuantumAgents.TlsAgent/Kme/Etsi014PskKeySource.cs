using QuantumAgents.Core.Etsi014;
using QuantumAgents.OpenSsl;

namespace QuantumAgents.TlsAgent.Kme;

/// <summary>Keys from the node's KME: <c>enc_keys</c> for the remote SAE, one key of <paramref name="keyBits"/> bits.</summary>
public sealed class Etsi014PskKeySource(Etsi014Client kme, int keyBits) : IPskKeySource
{
    public async Task<TakenPsk> TakeAsync(string localSae, string remoteSae, CancellationToken cancellationToken)
    {
        var container = await kme.GetKeysAsync(remoteSae, new Etsi014KeyRequest { Number = 1, Size = keyBits }, cancellationToken).ConfigureAwait(false);
        if (container.Keys.Count != 1)
        {
            container.Dispose();
            throw new InvalidDataException($"KME {kme.KmeUrl} answered enc_keys with {container.Keys.Count} keys instead of 1");
        }
        var key = container.Keys[0];
        try
        {
            return new TakenPsk(new PskIdentity(localSae, key.KeyId), key.Key);
        }
        catch (ArgumentException)
        {
            key.Dispose();
            throw;
        }
    }
}
