namespace QuantumAgents.ControlPlane.Tests.Support;

/// <summary>A body whose length the client cannot know, so it is sent chunked, without Content-Length.</summary>
public sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes, writable: false)
{
    public override bool CanSeek => false;
}
