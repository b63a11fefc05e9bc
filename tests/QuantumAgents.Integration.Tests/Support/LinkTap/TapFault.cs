namespace QuantumAgents.Integration.Tests.Support;

/// <summary>What a <see cref="KmeLinkTap"/> does to one KME-to-KME request.</summary>
public enum TapFault
{
    /// <summary>Passes it on and brings the answer back.</summary>
    None,
    /// <summary>Answers 409 with a refusal of its own; the callee never sees the request.</summary>
    Refuse,
    /// <summary>Passes it on, then loses the answer: the caller gets a 504 and cannot know the outcome.</summary>
    LoseReply,
    /// <summary>Loses the request: the caller gets a 504, the callee never sees it.</summary>
    LoseRequest,
}
