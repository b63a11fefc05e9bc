namespace QuantumAgents.QrngAgent.Device;

/// <summary>The device is missing, cannot be loaded, or refused an operation.</summary>
public sealed class QrngDeviceException : Exception
{
    public QrngDeviceException()
    {
    }

    public QrngDeviceException(string message) : base(message)
    {
    }

    public QrngDeviceException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
