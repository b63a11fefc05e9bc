using System.Reflection;
using QuantumAgents.Vici.Commands;
using QuantumAgents.Vici.Messages;
using QuantumAgents.Vici.Protocol;
using static QuantumAgents.Vici.Tests.Frames;

namespace QuantumAgents.Vici.Tests;

public class ViciWriterTests
{
    [Fact]
    public void Writes_the_version_request_byte_for_byte_as_swanctl_does()
    {
        using var writer = ViciWriter.Command("version");
        // 00 00 00 09 00 07 "version", captured from swanctl in the strongSwan note.
        Assert.Equal([0, 0, 0, 9, 0, 7, .. "version"u8], writer.Complete().ToArray());
    }

    [Fact]
    public void Writes_sections_lists_and_values_in_the_order_given()
    {
        var message = new ViciSection()
            .AddSection("s2s", new ViciSection()
                .Add("version", "2")
                .AddList("local_addrs", "198.18.0.1")
                .AddSection("local", new ViciSection().Add("auth", "psk")));
        using var writer = ViciWriter.Command("load-conn").Entries(message);

        var expected = Frame([0], Name("load-conn"),
            SectionStart("s2s"), KeyValue("version", "2"), ListStart("local_addrs"), ListItem("198.18.0.1"), ListEnd,
            SectionStart("local"), KeyValue("auth", "psk"), SectionEnd, SectionEnd);
        Assert.Equal(expected, writer.Complete().ToArray());
    }

    [Fact]
    public void A_message_survives_encode_then_decode_unchanged()
    {
        var config = new ViciSiteToSiteConfig
        {
            Name = "qa-test",
            LocalAddress = "198.18.200.1",
            RemoteAddress = "198.18.200.2",
            LocalId = "a.test",
            RemoteId = "b.test",
            LocalTrafficSelectors = ["198.19.200.0/25"],
            RemoteTrafficSelectors = ["198.19.200.128/25"],
            PpkId = "ppk-1",
        }.ToRequest();
        config.AddBytes("binary", [0, 255, 0]).AddList("empty");

        using var writer = ViciWriter.Command("load-conn").Entries(config);
        var packet = ViciPacketDecoder.DecodeFrame(writer.Complete().Span);

        Assert.Equal("load-conn", packet.Name);
        Assert.True(config.ContentEquals(packet.Message!), packet.Message!.ToString());
    }

    [Fact]
    public void The_site_to_site_config_sends_list_keys_as_lists()
    {
        var connection = new ViciSiteToSiteConfig
        {
            Name = "c",
            LocalAddress = "198.18.200.1",
            RemoteAddress = "198.18.200.2",
            LocalId = "a",
            RemoteId = "b",
            LocalTrafficSelectors = ["198.19.200.0/25"],
            RemoteTrafficSelectors = ["198.19.200.128/25"],
        }.ToRequest().GetSection("c")!;

        foreach (var key in new[] { "local_addrs", "remote_addrs", "proposals" })
        {
            Assert.Equal(ViciEntryKind.List, connection.Find(key)!.Kind);
        }
        var child = connection.GetSection("children")!.GetSection("net")!;
        foreach (var key in new[] { "local_ts", "remote_ts", "esp_proposals" })
        {
            Assert.Equal(ViciEntryKind.List, child.Find(key)!.Kind);
        }
        Assert.Null(connection.Find("ppk_id"));
    }

    [Fact]
    public void Dispose_zeroes_the_wire_buffer()
    {
        byte[] key = [0xde, 0xad, 0xbe, 0xef, 0xde, 0xad, 0xbe, 0xef];
        var writer = ViciWriter.Command("load-shared").KeyValue("data", key);
        var frame = writer.Complete();
        Assert.True(frame.Span.IndexOf(key) >= 0);

        writer.Dispose();

        Assert.True(frame.Span.IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void Growing_the_buffer_zeroes_the_old_one()
    {
        byte[] key = [0xde, 0xad, 0xbe, 0xef, 0xde, 0xad, 0xbe, 0xef];
        using var writer = ViciWriter.Command("load-shared").KeyValue("data", key);
        var small = WireBuffer(writer);
        Assert.True(small.AsSpan().IndexOf(key) >= 0);

        writer.KeyValue("filler", new byte[4096]);

        Assert.NotSame(small, WireBuffer(writer));
        Assert.True(small.AsSpan().IndexOfAnyExcept((byte)0) < 0);
        Assert.True(WireBuffer(writer).AsSpan().IndexOf(key) >= 0);
    }

    private static byte[] WireBuffer(ViciWriter writer) =>
        (byte[])typeof(ViciWriter).GetField("_buffer", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(writer)!;

    [Fact]
    public void Refuses_names_and_values_the_wire_cannot_carry()
    {
        using var writer = ViciWriter.Command("c");
        Assert.Throws<ArgumentException>(() => writer.KeyValue(new string('n', 256), "v"));
        Assert.Throws<ArgumentException>(() => writer.KeyValue("k", new byte[ViciLimits.MaxValueLength + 1]));
        Assert.Throws<ArgumentException>(() => new ViciSection().Add(new string('n', 256), "v"));
    }

    [Fact]
    public void Refuses_a_message_over_512_KiB()
    {
        using var writer = ViciWriter.Command("c");
        var value = new byte[ViciLimits.MaxValueLength];
        Assert.Throws<ArgumentException>(() =>
        {
            for (var i = 0; i < 9; i++)
            {
                writer.KeyValue("k", value);
            }
        });
    }

    [Fact]
    public void Refuses_to_complete_with_a_section_or_list_open()
    {
        using var section = ViciWriter.Command("c").BeginSection("s");
        Assert.Throws<InvalidOperationException>(() => section.Complete());
        using var list = ViciWriter.Command("c").BeginList("l");
        Assert.Throws<InvalidOperationException>(() => list.Complete());
        using var nested = ViciWriter.Command("c").BeginList("l");
        Assert.Throws<InvalidOperationException>(() => nested.BeginSection("s"));
        using var unbalanced = ViciWriter.Command("c");
        Assert.Throws<InvalidOperationException>(() => unbalanced.EndSection());
    }
}
