namespace QuantumAgents.Vici.Events;

/// <summary>The events an IPsec agent follows.</summary>
public static class ViciEventNames
{
    /// <summary>An IKE_SA went up or down: { up = yes?, &lt;conn&gt; { … } }.</summary>
    public const string IkeUpdown = "ike-updown";

    /// <summary>A CHILD_SA went up or down: { up = yes?, &lt;conn&gt; { … child-sas { … } } }.</summary>
    public const string ChildUpdown = "child-updown";

    /// <summary>An IKE_SA was rekeyed: { &lt;conn&gt; { old { … } new { … } } }.</summary>
    public const string IkeRekey = "ike-rekey";

    /// <summary>A CHILD_SA was rekeyed: { &lt;conn&gt; { … child-sas { &lt;child&gt; { old { … } new { … } } } } }.</summary>
    public const string ChildRekey = "child-rekey";

    public static IReadOnlyList<string> SaLifecycle { get; } = [IkeUpdown, ChildUpdown, IkeRekey, ChildRekey];
}
