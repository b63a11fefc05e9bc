using System.Diagnostics.CodeAnalysis;

namespace QuantumAgents.Core.Systemd;

/// <summary>Cold throw paths, kept out of the readers so they stay small and inlinable.</summary>
internal static class SystemdThrowHelper
{
    [DoesNotReturn]
    public static void ThrowUnexpectedPropertyType(string property, string actualType) =>
        throw new SystemdProtocolException($"unit property {property} is a {actualType}, expected a string");

    [DoesNotReturn]
    public static void ThrowNotConnected(string busAddress) =>
        throw new SystemdUnavailableException(busAddress, "not connected (call TryConnectAsync first)");
}
