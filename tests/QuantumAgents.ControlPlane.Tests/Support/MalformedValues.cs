namespace QuantumAgents.ControlPlane.Tests.Support;

/// <summary>
/// Query and path values that are wrong in the ways a number, an enum word or an id can be.
/// None of them is a positive whole number, so no fuzzed <c>?wait=</c> ever blocks.
/// </summary>
public static class MalformedValues
{
    public static readonly IReadOnlyList<string> Fixed =
    [
        "", " ", "-1", "-0", "+1", "1.5", "1e3", "0x10", "2147483648", "-2147483649", "99999999999999999999999999", "abc", "null", "true",
        "[]", "{}", "\u0663", "\uff11", " 1", "1 ", "1,2", "%", "'", "\"", "<script>", "\u0000", "\u202e", "\ud83d\ude00", "ñandú",
        "../../etc/passwd", "base64 ", "HEX", "Raw", "psk\u0000", new string('9', 400), new string('x', 10_000),
    ];

    /// <summary>A random string of printable and not so printable characters that always holds a non-digit.</summary>
    public static string Random(Random random, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(random);
        var chars = new char[random.Next(1, maxLength + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Next(4) switch
            {
                0 => (char)random.Next(0x20, 0x7f),
                1 => (char)random.Next('0', '9' + 1),
                2 => (char)random.Next(0xa0, 0x3000),
                _ => (char)random.Next(0, 0x20),
            };
        }
        chars[random.Next(chars.Length)] = 'x';
        return new string(chars);
    }
}
