using System.Buffers.Binary;

namespace QuantumAgents.Vici.Protocol;

/// <summary>Bytes to <see cref="ViciPacket"/>; every malformed input is a <see cref="ViciProtocolException"/>.</summary>
public static class ViciPacketDecoder
{
    /// <summary>A segment body (what follows the 4-byte length).</summary>
    public static ViciPacket DecodeSegment(ReadOnlySpan<byte> segment)
    {
        if (segment.Length is 0 or > ViciLimits.MaxSegmentLength)
        {
            ThrowHelper.ThrowSegmentLength(segment.Length);
        }
        var reader = new ViciReader(segment);
        var typeByte = reader.ReadByte("packet type");
        var type = (ViciPacketType)typeByte;
        if (!type.IsDefined())
        {
            ThrowHelper.ThrowUnknownPacket(typeByte);
        }
        var name = type.IsNamed() ? reader.ReadName("packet name") : null;
        if (type.CarriesMessage())
        {
            return new ViciPacket(type, name, reader.ReadMessage());
        }
        if (!reader.End)
        {
            ThrowHelper.ThrowTrailingBytes(type, reader.Remaining);
        }
        return new ViciPacket(type, name, null);
    }

    /// <summary>A whole frame: the 4-byte big-endian length, then exactly that many bytes.</summary>
    public static ViciPacket DecodeFrame(ReadOnlySpan<byte> frame)
    {
        var length = ReadFrameLength(frame);
        if (frame.Length - ViciLimits.FrameHeaderLength != length)
        {
            ThrowHelper.ThrowFrameLengthMismatch(length, frame.Length - ViciLimits.FrameHeaderLength);
        }
        return DecodeSegment(frame[ViciLimits.FrameHeaderLength..]);
    }

    /// <summary>The segment length a frame header declares, checked against the cap before anything is allocated.</summary>
    public static int ReadFrameLength(ReadOnlySpan<byte> header)
    {
        if (header.Length < ViciLimits.FrameHeaderLength)
        {
            ThrowHelper.ThrowTruncated("frame header", 0);
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length is 0 or > ViciLimits.MaxSegmentLength)
        {
            ThrowHelper.ThrowSegmentLength(length);
        }
        return (int)length;
    }
}
