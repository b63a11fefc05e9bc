using System.Diagnostics.CodeAnalysis;

namespace QuantumAgents.Vici.Protocol;

/// <summary>Cold throw paths, kept out of the decoder's hot loops.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowTruncated(string what, int offset) =>
        throw new ViciProtocolException($"truncated message: {what} at offset {offset} runs past the end of the segment");

    [DoesNotReturn]
    public static void ThrowInvalidName(string what, int offset) =>
        throw new ViciProtocolException($"{what} at offset {offset} is not valid UTF-8");

    [DoesNotReturn]
    public static void ThrowUnknownElement(byte type, int offset) =>
        throw new ViciProtocolException($"unknown element type {type} at offset {offset}");

    [DoesNotReturn]
    public static void ThrowUnknownPacket(byte type) =>
        throw new ViciProtocolException($"unknown packet type {type}");

    [DoesNotReturn]
    public static void ThrowUnbalanced(string what, int offset) =>
        throw new ViciProtocolException($"unbalanced message: {what} at offset {offset}");

    [DoesNotReturn]
    public static void ThrowTooDeep(int offset) =>
        throw new ViciProtocolException($"sections nested deeper than {ViciLimits.MaxSectionDepth} at offset {offset}");

    [DoesNotReturn]
    public static void ThrowSegmentLength(long length) =>
        throw new ViciProtocolException($"segment length {length} is outside 1..{ViciLimits.MaxSegmentLength}");

    [DoesNotReturn]
    public static void ThrowFrameLengthMismatch(long declared, long actual) =>
        throw new ViciProtocolException($"frame declares {declared} bytes but holds {actual}");

    [DoesNotReturn]
    public static void ThrowTrailingBytes(ViciPacketType type, int count) =>
        throw new ViciProtocolException($"{type} packet carries {count} unexpected trailing bytes");

    [DoesNotReturn]
    public static void ThrowNameTooLong(string name) =>
        throw new ArgumentException($"VICI names are at most {ViciLimits.MaxNameLength} bytes: '{name}'", nameof(name));

    [DoesNotReturn]
    public static void ThrowValueTooLong(string name, int length) =>
        throw new ArgumentException($"VICI values are at most {ViciLimits.MaxValueLength} bytes: '{name}' has {length}", nameof(name));

    [DoesNotReturn]
    public static void ThrowMessageTooLarge(int length) =>
        throw new ArgumentException($"VICI segments are at most {ViciLimits.MaxSegmentLength} bytes: this one would be {length}");

    [DoesNotReturn]
    public static void ThrowWriterState(string what) =>
        throw new InvalidOperationException($"VICI writer: {what}");
}
