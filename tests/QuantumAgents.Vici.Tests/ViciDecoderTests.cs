using QuantumAgents.Vici.Messages;
using QuantumAgents.Vici.Protocol;
using static QuantumAgents.Vici.Tests.Frames;

namespace QuantumAgents.Vici.Tests;

public class ViciDecoderTests
{
    [Fact]
    public void Decodes_the_get_conns_response_captured_from_charon()
    {
        // 00 00 00 0f 01 04 05 "conns" 05 00 03 "s2s" 06, as in the strongSwan note.
        byte[] captured = [0, 0, 0, 0x0f, 1, 4, 5, .. "conns"u8, 5, 0, 3, .. "s2s"u8, 6];

        var packet = ViciPacketDecoder.DecodeFrame(captured);

        Assert.Equal(ViciPacketType.CommandResponse, packet.Type);
        Assert.Null(packet.Name);
        Assert.Equal(["s2s"], packet.Message!.GetList("conns"));
    }

    [Fact]
    public void Decodes_a_named_event_with_nested_sections_in_order()
    {
        var frame = Event("list-sa",
            SectionStart("s2s"), KeyValue("uniqueid", "1"), KeyValue("state", "ESTABLISHED"),
            SectionStart("child-sas"), SectionStart("net-1"), KeyValue("spi-in", "c1a2b3c4"), SectionEnd, SectionEnd,
            SectionEnd);

        var packet = ViciPacketDecoder.DecodeFrame(frame);

        Assert.Equal(ViciPacketType.Event, packet.Type);
        Assert.Equal("list-sa", packet.Name);
        var ike = packet.Message!.GetSection("s2s")!;
        Assert.Equal(["uniqueid", "state", "child-sas"], ike.Select(e => e.Name));
        Assert.Equal("c1a2b3c4", ike.GetSection("child-sas")!.GetSection("net-1")!.GetString("spi-in"));
    }

    [Theory]
    [InlineData(ViciPacketType.EventConfirm)]
    [InlineData(ViciPacketType.EventUnknown)]
    [InlineData(ViciPacketType.CommandUnknown)]
    public void Decodes_packets_without_a_message(ViciPacketType type)
    {
        var packet = ViciPacketDecoder.DecodeFrame(Frame([(byte)type]));
        Assert.Equal(type, packet.Type);
        Assert.Null(packet.Message);
    }

    [Fact]
    public void Values_are_opaque_bytes_including_zeroes()
    {
        byte[] binary = [0, 1, 0xff, 0];
        var frame = Frame([1], [3], Name("data"), [0, 4], binary);
        Assert.Equal(binary, ViciPacketDecoder.DecodeFrame(frame).Message!.Find("data")!.Value.ToArray());
    }

    public static TheoryData<string, byte[]> Malformed => new()
    {
        { "empty input", [] },
        { "a frame header cut short", [0, 0, 0] },
        { "a frame length of zero", [0, 0, 0, 0] },
        { "a frame length beyond the bytes there", [0, 0, 0, 9, 1, 3] },
        { "a frame length short of the bytes there", [0, 0, 0, 1, 1, 2] },
        { "a frame length over 512 KiB", [0, 8, 0, 1, 1] },
        { "a frame length of 4 GiB", [0xff, 0xff, 0xff, 0xff, 1] },
        { "an unknown packet type", Frame([8]) },
        { "a named packet whose name runs past the end", Frame([7, 10, (byte)'a']) },
        { "a named packet without its name length", Frame([3]) },
        { "trailing bytes after EVENT_CONFIRM", Frame([5, 0]) },
        { "an unknown element type", Frame([1, 9]) },
        { "element type zero", Frame([1, 0]) },
        { "a key name running past the end", Frame([1, 3, 200, (byte)'k']) },
        { "a value length running past the end", Frame([1], [3], Name("k"), [0xff, 0xff, (byte)'v']) },
        { "a value with half a length", Frame([1], [3], Name("k"), [0]) },
        { "a section end without a section", Frame([1], SectionEnd) },
        { "a section never closed", Frame([1], SectionStart("s"), KeyValue("k", "v")) },
        { "a list item outside a list", Frame([1], ListItem("x")) },
        { "a list end without a list", Frame([1], ListEnd) },
        { "a list never closed", Frame([1], ListStart("l"), ListItem("x")) },
        { "a nested list", Frame([1], ListStart("l"), ListStart("m"), ListEnd, ListEnd) },
        { "a section inside a list", Frame([1], ListStart("l"), SectionStart("s"), SectionEnd, ListEnd) },
        { "a key/value inside a list", Frame([1], ListStart("l"), KeyValue("k", "v"), ListEnd) },
        { "a section end inside a list", Frame([1], SectionStart("s"), ListStart("l"), SectionEnd) },
        { "sections nested 65 deep", Frame([1], Concat([.. Enumerable.Repeat(SectionStart("s"), 65)]), Concat([.. Enumerable.Repeat(SectionEnd, 65)])) },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Rejects_malformed_input_with_a_protocol_exception(string what, byte[] frame)
    {
        var error = Assert.Throws<ViciProtocolException>(() => ViciPacketDecoder.DecodeFrame(frame));
        Assert.False(string.IsNullOrEmpty(error.Message), what);
    }

    [Fact]
    public void Accepts_sections_nested_exactly_to_the_limit()
    {
        var depth = ViciLimits.MaxSectionDepth;
        var frame = Frame([1], Concat([.. Enumerable.Repeat(SectionStart("s"), depth)]), Concat([.. Enumerable.Repeat(SectionEnd, depth)]));
        var section = ViciPacketDecoder.DecodeFrame(frame).Message!;
        for (var level = 0; level < depth; level++)
        {
            section = section.GetSection("s")!;
        }
        Assert.Empty(section);
    }

    [Fact]
    public void An_oversized_length_is_refused_from_the_header_alone()
    {
        // Only the header is there: the decoder must refuse before wanting (or allocating) the body.
        var error = Assert.Throws<ViciProtocolException>(() => ViciPacketDecoder.ReadFrameLength([0x00, 0x08, 0x00, 0x01]));
        Assert.Contains("524289", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_segment_really_holding_more_than_512_KiB_is_refused()
    {
        var body = new byte[ViciLimits.MaxSegmentLength + 1];
        body[0] = (byte)ViciPacketType.CommandResponse;

        Assert.Throws<ViciProtocolException>(() => ViciPacketDecoder.DecodeFrame(Frame(body)));
        Assert.Throws<ViciProtocolException>(() => ViciPacketDecoder.DecodeSegment(body));
    }

    [Fact]
    public void A_segment_of_exactly_512_KiB_is_accepted()
    {
        // One list of 65535-byte items and a few smaller ones filling the segment to the byte.
        var body = new List<byte> { 1 };
        body.AddRange(ListStart("l"));
        var remaining = ViciLimits.MaxSegmentLength - body.Count - ListEnd.Length;
        var items = 0;
        while (remaining > 0)
        {
            var size = Math.Min(ViciLimits.MaxValueLength, remaining - 3);
            body.Add(5);
            body.Add((byte)(size >> 8));
            body.Add((byte)size);
            body.AddRange(new byte[size]);
            remaining -= 3 + size;
            items++;
        }
        body.AddRange(ListEnd);

        var packet = ViciPacketDecoder.DecodeFrame(Frame([.. body]));

        Assert.Equal(items, packet.Message!.Find("l")!.Items.Count);
    }
}
