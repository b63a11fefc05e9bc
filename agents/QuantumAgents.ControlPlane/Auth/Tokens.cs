using System.Security.Cryptography;
using System.Text;

namespace QuantumAgents.ControlPlane.Auth;

/// <summary>
/// Bearer tokens: 256 random bits, shown once, stored only as their SHA-256. A slow password
/// hash would add nothing: a token cannot be guessed from a dictionary.
/// </summary>
public static class Tokens
{
    public static string New() => "qa_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>A name for a token that is safe to show and log: the start of its hash.</summary>
    public static string IdOf(string hash) => hash[..12];
}
