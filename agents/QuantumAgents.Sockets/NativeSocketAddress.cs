using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace QuantumAgents.Sockets;

/// <summary>An <see cref="IPEndPoint"/> as Linux's struct sockaddr_in / sockaddr_in6, for connect(2).</summary>
internal static class NativeSocketAddress
{
    public const int MaxLength = 28;

    public const ushort AfInet = 2;
    public const ushort AfInet6 = 10;

    /// <summary>Writes the address into <paramref name="destination"/> and returns its length.</summary>
    public static int Write(IPEndPoint endpoint, Span<byte> destination)
    {
        destination[..MaxLength].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)endpoint.Port);
        switch (endpoint.AddressFamily)
        {
            case AddressFamily.InterNetwork:
                BitConverter.TryWriteBytes(destination, AfInet); // sa_family: host byte order
                endpoint.Address.TryWriteBytes(destination[4..8], out _);
                return 16;
            case AddressFamily.InterNetworkV6:
                BitConverter.TryWriteBytes(destination, AfInet6);
                endpoint.Address.TryWriteBytes(destination[8..24], out _); // after sin6_flowinfo
                BitConverter.TryWriteBytes(destination[24..], (uint)endpoint.Address.ScopeId);
                return 28;
            default:
                throw new ArgumentException($"not an IP address: {endpoint.Address}", nameof(endpoint));
        }
    }
}
