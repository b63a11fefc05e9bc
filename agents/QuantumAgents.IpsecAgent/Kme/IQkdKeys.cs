namespace QuantumAgents.IpsecAgent.Kme;

/// <summary>What the reconciler needs of the node's KME (ETSI 014, as the agent's SAE): the seam a test replaces with a fake.</summary>
public interface IQkdKeys
{
    /// <summary>As master SAE: <paramref name="count"/> fresh keys shared with <paramref name="remoteSae"/> (enc_keys). Dispose them.</summary>
    Task<IReadOnlyList<QkdKey>> TakeAsync(string remoteSae, int count, CancellationToken cancellationToken);

    /// <summary>As slave SAE: the keys <paramref name="masterSae"/> took under <paramref name="keyIds"/> (dec_keys), in that order. Dispose them.</summary>
    Task<IReadOnlyList<QkdKey>> FetchAsync(string masterSae, IReadOnlyList<string> keyIds, CancellationToken cancellationToken);
}
