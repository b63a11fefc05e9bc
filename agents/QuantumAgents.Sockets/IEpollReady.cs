namespace QuantumAgents.Sockets;

/// <summary>A socket in an <see cref="EpollLoop"/>: told on the loop thread what epoll saw for it.</summary>
internal interface IEpollReady
{
    void OnReady(uint events);
}
