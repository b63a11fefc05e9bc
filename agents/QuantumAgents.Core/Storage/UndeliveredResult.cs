using System.Collections;

namespace QuantumAgents.Core.Storage;

/// <summary>
/// What becomes of a write's result that its caller will never receive (its batch did not
/// commit): whatever it holds that can be disposed is, so key material in it is zeroed now
/// rather than left in memory for the garbage collector.
/// </summary>
internal static class UndeliveredResult
{
    public static void Dispose(object? result)
    {
        switch (result)
        {
            // A disposable collection disposes its own elements, and may refuse to be enumerated once disposed.
            case IDisposable disposable:
                disposable.Dispose();
                break;
            case IEnumerable elements and not string:
                foreach (var element in elements)
                {
                    (element as IDisposable)?.Dispose();
                }
                break;
        }
    }
}
