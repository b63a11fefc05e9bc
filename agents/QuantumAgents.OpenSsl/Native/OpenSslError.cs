namespace QuantumAgents.OpenSsl.Native;

/// <summary>What OpenSSL said: its text, and the first libssl reason code (0 if none).</summary>
internal readonly record struct OpenSslError(string Text, int SslReason)
{
    /// <summary>The SSL_R_ reason for a received alert: 1000 + the alert number.</summary>
    public const int AlertReasonOffset = 1000;

    public const int BadExtension = 110;
    public const int NoSuitableSignatureAlgorithm = 118;
    public const int CertificateVerifyFailed = 134;
    public const int NoSharedCipher = 193;
    public const int PskIdentityNotFound = 223;
    public const int BinderDoesNotVerify = 253;
    public const int UnsupportedProtocol = 258;
    public const int WrongVersionNumber = 267;
    public const int DecryptionFailedOrBadRecordMac = 281;
    public const int UnexpectedEofWhileReading = 294;

    public bool IsAlert(int alert) => SslReason == AlertReasonOffset + alert;
}
