namespace QuantumAgents.Vici.Protocol;

/// <summary>The sizes the wire format allows, checked on both encode and decode.</summary>
public static class ViciLimits
{
    /// <summary>charon's own cap on a segment (the 4-byte length does not count itself).</summary>
    public const int MaxSegmentLength = 512 * 1024;

    /// <summary>Names carry a one-byte length.</summary>
    public const int MaxNameLength = byte.MaxValue;

    /// <summary>Values and list items carry a two-byte length.</summary>
    public const int MaxValueLength = ushort.MaxValue;

    /// <summary>
    /// Deeper than anything charon sends (list-sa goes about 4 levels); a bound so that a hostile
    /// peer cannot make us build an absurdly deep tree.
    /// </summary>
    public const int MaxSectionDepth = 64;

    public const int FrameHeaderLength = sizeof(uint);
}
