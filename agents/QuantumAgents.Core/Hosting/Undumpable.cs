using System.Runtime.InteropServices;

namespace QuantumAgents.Core.Hosting;

/// <summary>
/// Makes this process undumpable (<c>prctl(PR_SET_DUMPABLE, 0)</c>): no core file however it dies
/// (a watchdog's SIGABRT included), no ptrace attach by its own user, and the files in its
/// <c>/proc/PID</c> owned by root. Key material in memory never reaches a disk that way. The
/// units also set <c>LimitCORE=0</c>; this covers a daemon started by hand.
/// </summary>
public static partial class Undumpable
{
    private const int PR_SET_DUMPABLE = 4;

    /// <summary>Sets it; throws when the kernel refuses (it never should on Linux).</summary>
    public static void Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        if (Prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        {
            throw new InvalidOperationException($"prctl(PR_SET_DUMPABLE, 0) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    // prctl is variadic; on x86-64 and arm64 Linux five unsigned longs are what it reads.
    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
