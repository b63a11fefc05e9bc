using System.Text;
using System.Text.Json.Nodes;

namespace QuantumAgents.ControlPlane.Tests.Support;

/// <summary>
/// Bodies derived from a valid JSON template, wrong in every way the fuzz pass looks at:
/// random bytes, truncations, byte mutations, a wrong type in every field, huge numbers and
/// strings, deep nesting, odd unicode, duplicate keys, other top-level values.
/// </summary>
public sealed class MalformedJson(Random random)
{
    /// <summary>What every field gets in turn instead of its own value.</summary>
    private static readonly string[] WrongValues =
    [
        "null", "true", "false", "0", "-1", "1.5", "-0", "1e400", "2147483648", "-2147483649", "9223372036854775808", "99999999999999999999999999999",
        "\"\"", "\"x\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\u202e\\ud83d\\ude00\"", "[]", "{}", "[1,\"a\",null]", "{\"a\":{}}", "[[[[[]]]]]",
    ];

    private static readonly byte[] Significant = "{}[]\":,\\0123456789-+.eEtrufalsn \t\n\u00ff"u8.ToArray();

    public byte[] RandomBytes(int maxLength)
    {
        var bytes = new byte[random.Next(maxLength + 1)];
        random.NextBytes(bytes);
        return bytes;
    }

    public static byte[] Truncated(string valid, int length) => Encoding.UTF8.GetBytes(valid)[..length];

    /// <summary>One to four byte flips, insertions of JSON-significant bytes, or deletions.</summary>
    public byte[] Mutated(string valid)
    {
        var bytes = Encoding.UTF8.GetBytes(valid).ToList();
        for (var edits = random.Next(1, 5); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(at, Significant[random.Next(Significant.Length)]);
                    break;
                default:
                    bytes.RemoveAt(at);
                    break;
            }
        }
        return [.. bytes];
    }

    /// <summary>The template with one field (at any depth) replaced by each wrong value in turn, with the top-level field that holds it.</summary>
    public static IEnumerable<(string Field, string Json)> WrongTypes(string template)
    {
        foreach (var path in Paths(JsonNode.Parse(template)!))
        {
            foreach (var value in WrongValues)
            {
                yield return ((string)path[0], Replaced(template, path, value));
            }
        }
    }

    /// <summary>Each string field of the template holding a string of <paramref name="length"/> characters.</summary>
    public static IEnumerable<string> HugeStrings(string template, int length)
    {
        var huge = "\"" + new string('q', length) + "\"";
        return Paths(JsonNode.Parse(template)!)
            .Where(p => Navigate(JsonNode.Parse(template)!, p)?.GetValueKind() == System.Text.Json.JsonValueKind.String)
            .Select(p => Replaced(template, p, huge));
    }

    public static IEnumerable<string> DeepNesting(string template)
    {
        foreach (var depth in new[] { 63, 64, 65, 1000, 100_000 })
        {
            yield return new string('[', depth) + new string(']', depth);
            var first = Paths(JsonNode.Parse(template)!).First();
            yield return Replaced(template, first, new string('[', depth) + new string(']', depth));
            yield return Replaced(template, first, string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth));
        }
    }

    /// <summary>Other top-level values, duplicate keys, unknown fields, and byte sequences that are not UTF-8.</summary>
    public static IEnumerable<byte[]> OddShapes(string template)
    {
        var inner = template.Trim()[1..^1];
        var firstField = inner[..(inner.IndexOf(',', StringComparison.Ordinal) is > 0 and var comma ? comma : inner.Length)];
        string[] texts =
        [
            "", " ", "null", "true", "0", "\"{}\"", "[]", "[" + template + "]", "{}", template + template, template + " trailing", "{" + firstField + "," + inner + "}",
            "{" + inner + "," + firstField + "}", "{\"unknown_field\":1," + inner + "}", "{" + inner + ",}", "{" + inner.Replace("\"", "'", StringComparison.Ordinal) + "}",
            "\ufeff" + template, "/*c*/" + template, template.Replace(":", ": NaN,\"z\":", StringComparison.Ordinal),
        ];
        foreach (var text in texts)
        {
            yield return Encoding.UTF8.GetBytes(text);
        }
        var utf8 = Encoding.UTF8.GetBytes(template);
        foreach (var bad in new byte[][] { [0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x00] })
        {
            // Not UTF-8 inside the first string value.
            var at = Array.IndexOf(utf8, (byte)'"', Array.IndexOf(utf8, (byte)':') + 1) + 1;
            yield return [.. utf8[..at], .. bad, .. utf8[at..]];
        }
    }

    private static string Replaced(string template, IReadOnlyList<object> path, string json)
    {
        var root = JsonNode.Parse(template)!;
        var parent = Navigate(root, path.Take(path.Count - 1));
        // Only valid JSON can be put in a node; the rest (1e400 stays valid text) is spliced in as raw text.
        var marker = "\u0001marker\u0001";
        switch (path[^1])
        {
            case string name:
                parent!.AsObject()[name] = marker;
                break;
            case int index:
                parent!.AsArray()[index] = marker;
                break;
        }
        return root.ToJsonString().Replace("\"\\u0001marker\\u0001\"", json, StringComparison.Ordinal);
    }

    private static JsonNode? Navigate(JsonNode root, IEnumerable<object> path)
    {
        var node = root;
        foreach (var step in path)
        {
            node = step is string name ? node?[name] : node?[(int)step];
        }
        return node;
    }

    /// <summary>The path (property names and array indexes) of every value below the root.</summary>
    private static IEnumerable<IReadOnlyList<object>> Paths(JsonNode node, List<object>? prefix = null)
    {
        prefix ??= [];
        IEnumerable<(object Step, JsonNode? Child)> children = node switch
        {
            JsonObject o => o.Select(p => ((object)p.Key, p.Value)),
            JsonArray a => a.Select((c, i) => ((object)i, c)),
            _ => [],
        };
        foreach (var (step, child) in children)
        {
            List<object> path = [.. prefix, step];
            yield return path;
            if (child is not null)
            {
                foreach (var deeper in Paths(child, path))
                {
                    yield return deeper;
                }
            }
        }
    }
}
