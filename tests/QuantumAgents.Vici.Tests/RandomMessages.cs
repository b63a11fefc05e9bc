using System.Buffers.Binary;
using QuantumAgents.Vici.Messages;
using QuantumAgents.Vici.Protocol;

namespace QuantumAgents.Vici.Tests;

/// <summary>Valid frames of every packet type with random messages, and the ways the fuzzer breaks them.</summary>
internal sealed class RandomMessages(Random random)
{
    private static readonly ViciPacketType[] Types = Enum.GetValues<ViciPacketType>();

    public byte[] ValidFrame()
    {
        var type = Types[random.Next(Types.Length)];
        var name = type is ViciPacketType.CommandRequest or ViciPacketType.EventRegister or ViciPacketType.EventUnregister or ViciPacketType.Event
            ? Name()
            : null;
        using var writer = ViciWriter.Packet(type, name);
        if (type is ViciPacketType.CommandRequest or ViciPacketType.CommandResponse or ViciPacketType.Event)
        {
            writer.Entries(Section(depth: 0));
        }
        return writer.Complete().ToArray();
    }

    public byte[] Mutate(byte[] valid) => random.Next(7) switch
    {
        0 => FlipBits(valid),
        1 => TruncateKeepingHeader(valid),
        2 => TruncateFixingHeader(valid),
        3 => CorruptHeader(valid),
        4 => OverwriteBytes(valid),
        5 => InsertBytes(valid),
        _ => RandomFrame(),
    };

    private ViciSection Section(int depth)
    {
        var section = new ViciSection();
        var count = random.Next(depth == 0 ? 8 : 5);
        for (var i = 0; i < count; i++)
        {
            switch (random.Next(depth < 4 ? 3 : 2))
            {
                case 0:
                    section.AddBytes(Name(), Bytes(random.Next(24)));
                    break;
                case 1:
                    section.AddList(Name(), [.. Enumerable.Range(0, random.Next(4)).Select(_ => Name())]);
                    break;
                default:
                    section.AddSection(Name(), Section(depth + 1));
                    break;
            }
        }
        return section;
    }

    private string Name() => new([.. Enumerable.Range(0, random.Next(12)).Select(_ => (char)random.Next('a', 'z' + 1))]);

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private byte[] FlipBits(byte[] valid)
    {
        var copy = (byte[])valid.Clone();
        for (var flips = random.Next(1, 5); flips > 0; flips--)
        {
            var bit = random.Next(copy.Length * 8);
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
        }
        return copy;
    }

    private byte[] TruncateKeepingHeader(byte[] valid) => valid[..random.Next(valid.Length)];

    private byte[] TruncateFixingHeader(byte[] valid)
    {
        var cut = valid[..random.Next(ViciLimits.FrameHeaderLength, valid.Length + 1)];
        return FixHeader(cut);
    }

    private byte[] CorruptHeader(byte[] valid)
    {
        var copy = (byte[])valid.Clone();
        var declared = BinaryPrimitives.ReadUInt32BigEndian(copy);
        uint corrupted = random.Next(4) switch
        {
            0 => declared + 1,
            1 => declared - 1,
            2 => (uint)random.Next(),
            _ => uint.MaxValue - (uint)random.Next(16),
        };
        BinaryPrimitives.WriteUInt32BigEndian(copy, corrupted);
        return copy;
    }

    private byte[] OverwriteBytes(byte[] valid)
    {
        var copy = (byte[])valid.Clone();
        for (var count = random.Next(1, 4); count > 0 && copy.Length > ViciLimits.FrameHeaderLength; count--)
        {
            copy[random.Next(ViciLimits.FrameHeaderLength, copy.Length)] = (byte)random.Next(256);
        }
        return copy;
    }

    private byte[] InsertBytes(byte[] valid)
    {
        var at = random.Next(ViciLimits.FrameHeaderLength, valid.Length + 1);
        return FixHeader([.. valid[..at], .. Bytes(random.Next(1, 8)), .. valid[at..]]);
    }

    private byte[] RandomFrame()
    {
        var body = Bytes(random.Next(64));
        if (body.Length > 0)
        {
            body[0] = (byte)random.Next(9);
        }
        return FixHeader([0, 0, 0, 0, .. body]);
    }

    private static byte[] FixHeader(byte[] frame)
    {
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)(frame.Length - ViciLimits.FrameHeaderLength));
        return frame;
    }
}
