using Microsoft.Extensions.Configuration;

namespace QuantumAgents.Core.Hosting;

/// <summary>
/// A daemon's configuration: bound from <c>/etc/quantum-agents/&lt;part&gt;.json</c> and <c>QA_</c>
/// environment variables, then validated before anything starts.
/// </summary>
public interface IDaemonOptions<TSelf> where TSelf : class, IDaemonOptions<TSelf>
{
    /// <summary>The part's short name: the config file is <c>&lt;Part&gt;.json</c>.</summary>
    static abstract string Part { get; }

    /// <summary>
    /// Binds the whole configuration with the configuration binder's source generator (AOT);
    /// with <paramref name="rejectUnknownKeys"/>, a key that matches no property is an error.
    /// </summary>
    static abstract TSelf Bind(IConfiguration configuration, bool rejectUnknownKeys);

    /// <summary>Every problem found, each as "field.path: what is wrong".</summary>
    IEnumerable<string> Validate();
}
