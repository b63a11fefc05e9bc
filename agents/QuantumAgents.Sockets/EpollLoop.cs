using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace QuantumAgents.Sockets;

/// <summary>
/// An epoll instance and the thread that waits on it: the event loop of
/// <see cref="EpollSocketStream"/> and <see cref="EpollSocketListener"/>. There is one per CPU.
/// A connection made on a loop thread stays on that loop, so the two legs of a relay run on one
/// thread; others are spread over the loops in turn, unless the caller names one. Each socket is
/// added once, edge-triggered for both directions, so a wait costs no epoll_ctl.
/// </summary>
public sealed unsafe class EpollLoop
{
    private const int MaxEvents = 256;

    private static readonly Lazy<EpollLoop[]> Loops = new(() =>
        [.. Enumerable.Range(0, Environment.ProcessorCount).Select(index => new EpollLoop(index))]);

    private static int s_nextLoop = -1;
    private static long s_nextId;

    [ThreadStatic]
    private static EpollLoop? t_current;

    private readonly int _epoll;
    // The epoll data is a socket's id, never a pointer: an event of a socket removed while the
    // loop held it finds nothing here instead of freed memory.
    private readonly ConcurrentDictionary<ulong, IEpollReady> _sockets = new();

    private EpollLoop(int index)
    {
        _epoll = LinuxEpoll.Create(LinuxEpoll.CloseOnExec);
        if (_epoll < 0)
        {
            throw SocketErrors.Exception(Marshal.GetLastPInvokeError());
        }
        new Thread(Run) { IsBackground = true, Name = $"qa-epoll-{index}" }.Start();
    }

    /// <summary>Every loop, one per CPU.</summary>
    public static IReadOnlyList<EpollLoop> All => Loops.Value;

    /// <summary>The loop whose thread this is, or null off the loops.</summary>
    public static EpollLoop? Current => t_current;

    /// <summary>Where a new socket goes unless told: the current loop, or else the next in turn.</summary>
    internal static EpollLoop CurrentOrNext()
    {
        if (t_current is { } current)
        {
            return current;
        }
        var loops = Loops.Value;
        return loops[(uint)Interlocked.Increment(ref s_nextLoop) % (uint)loops.Length];
    }

    internal ulong Add(int fd, IEpollReady socket)
    {
        var id = (ulong)Interlocked.Increment(ref s_nextId);
        _sockets[id] = socket;
        var ev = stackalloc byte[LinuxEpoll.EventSize];
        LinuxEpoll.WriteEvent(ev, LinuxEpoll.In | LinuxEpoll.Out | LinuxEpoll.ReadHangUp | LinuxEpoll.EdgeTriggered, id);
        if (LinuxEpoll.Control(_epoll, LinuxEpoll.Add, fd, ev) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            _sockets.TryRemove(id, out _);
            throw SocketErrors.Exception(errno);
        }
        return id;
    }

    /// <summary>
    /// Forgets a socket before it is closed. Closing takes it out of the epoll set (no descriptor
    /// of ours is ever duplicated), so no epoll_ctl is spent on it; an event still on its way
    /// finds no id here.
    /// </summary>
    internal void Remove(ulong id) => _sockets.TryRemove(id, out _);

    private void Run()
    {
        t_current = this;
        var events = stackalloc byte[MaxEvents * LinuxEpoll.EventSize];
        while (true)
        {
            var ready = LinuxEpoll.Wait(_epoll, events, MaxEvents, -1);
            if (ready < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error == LinuxEpoll.Interrupted)
                {
                    continue;
                }
                // Cannot happen with a valid epoll descriptor and buffer; nothing could wake a waiter again.
                Environment.FailFast($"epoll_wait failed: errno {error}");
            }
            for (var i = 0; i < ready; i++)
            {
                var slot = events + (i * LinuxEpoll.EventSize);
                if (_sockets.TryGetValue(LinuxEpoll.DataAt(slot), out var socket))
                {
                    socket.OnReady(LinuxEpoll.EventsAt(slot));
                }
            }
        }
    }
}
