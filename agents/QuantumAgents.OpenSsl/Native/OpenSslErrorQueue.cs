using System.Text;

namespace QuantumAgents.OpenSsl.Native;

/// <summary>
/// The thread-local OpenSSL error queue. Cleared before and read right after each SSL call, on the
/// same thread and before any await: a thread-pool thread may carry someone else's stale errors.
/// </summary>
internal static unsafe class OpenSslErrorQueue
{
    /// <summary>Empties the queue: all errors as text, and the reason code of the first libssl one.</summary>
    public static OpenSslError Drain()
    {
        var text = new StringBuilder();
        var sslReason = 0;
        byte* buffer = stackalloc byte[256];
        for (var error = LibCrypto.ERR_get_error(); error != 0; error = LibCrypto.ERR_get_error())
        {
            LibCrypto.ERR_error_string_n(error, buffer, 256);
            if (text.Length > 0)
            {
                text.Append("; ");
            }
            text.Append(new string((sbyte*)buffer));
            var (library, reason) = LibCrypto.Split(error);
            if (sslReason == 0 && library == LibCrypto.ErrorLibrarySsl)
            {
                sslReason = reason;
            }
        }
        return new OpenSslError(text.Length > 0 ? text.ToString() : "no error queued", sslReason);
    }
}
