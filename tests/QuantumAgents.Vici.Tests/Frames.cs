using System.Buffers.Binary;
using System.Text;

namespace QuantumAgents.Vici.Tests;

/// <summary>Hand-built wire bytes, so tests state exactly what arrives on the socket.</summary>
internal static class Frames
{
    /// <summary>A frame: the big-endian length of the concatenated parts, then the parts.</summary>
    public static byte[] Frame(params byte[][] parts)
    {
        var body = Concat(parts);
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static byte[] Name(string name) => [(byte)name.Length, .. Encoding.ASCII.GetBytes(name)];

    public static byte[] Value(string value) => [(byte)(value.Length >> 8), (byte)value.Length, .. Encoding.ASCII.GetBytes(value)];

    public static byte[] KeyValue(string name, string value) => [3, .. Name(name), .. Value(value)];

    public static byte[] SectionStart(string name) => [1, .. Name(name)];

    public static byte[] SectionEnd { get; } = [2];

    public static byte[] ListStart(string name) => [4, .. Name(name)];

    public static byte[] ListItem(string value) => [5, .. Value(value)];

    public static byte[] ListEnd { get; } = [6];

    public static byte[] Response(params byte[][] elements) => Frame([1], Concat(elements));

    public static byte[] Event(string name, params byte[][] elements) => Frame([7], Name(name), Concat(elements));
}
