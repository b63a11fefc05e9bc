using QuantumAgents.ControlPlane.Auth;

namespace QuantumAgents.ControlPlane.State;

public sealed partial class ControlState
{
    public string? TenantOfToken(string hash)
    {
        lock (_lock)
        {
            return _tenantOfToken.GetValueOrDefault(hash);
        }
    }

    /// <summary>Creates a tenant with its first token, returned once and never stored.</summary>
    public async Task<string> CreateTenantAsync(string name)
    {
        var token = Tokens.New();
        var hash = Tokens.Hash(token);
        Task<bool> write;
        lock (_lock)
        {
            if (_tenants.ContainsKey(name))
            {
                throw RequestRefusedException.Conflict($"name: tenant '{name}' exists");
            }
            var tenant = new Tenant(name, Now);
            tenant.TokenHashes.Add(hash);
            _tenants[name] = tenant;
            _tenantOfToken[hash] = name;
            var createdAt = tenant.CreatedAt;
            write = _database.WriteAsync(c =>
            {
                c.InsertTenant(name, createdAt);
                c.InsertToken(hash, name, createdAt);
                return true;
            });
        }
        await CommittedAsync(write).ConfigureAwait(false);
        return token;
    }

    public IReadOnlyList<(string Name, DateTimeOffset CreatedAt, IReadOnlyList<string> TokenIds, TenantQuota Quota)> Tenants()
    {
        lock (_lock)
        {
            return [.. _tenants.Values.OrderBy(t => t.Name, StringComparer.Ordinal)
                .Select(t => (t.Name, t.CreatedAt, (IReadOnlyList<string>)[.. t.TokenHashes.Select(Tokens.IdOf).Order(StringComparer.Ordinal)], t.Quota))];
        }
    }

    /// <summary>Removes a tenant that has no tunnels or sessions left; its tokens stop working at once.</summary>
    public async Task DeleteTenantAsync(string name)
    {
        Task<bool> write;
        lock (_lock)
        {
            var tenant = TenantNamed(name);
            if (_resources.Values.FirstOrDefault(r => r.Tenant == name) is { } resource)
            {
                throw RequestRefusedException.Conflict($"tenant '{name}' still has {resource.Id}; delete its tunnels and sessions first");
            }
            foreach (var hash in tenant.TokenHashes)
            {
                _tenantOfToken.Remove(hash);
            }
            _tenants.Remove(name);
            write = _database.WriteAsync(c =>
            {
                c.DeleteTenant(name);
                return true;
            });
        }
        await CommittedAsync(write).ConfigureAwait(false);
    }

    public async Task<string> CreateTokenAsync(string tenantName)
    {
        var token = Tokens.New();
        var hash = Tokens.Hash(token);
        Task<bool> write;
        lock (_lock)
        {
            TenantNamed(tenantName).TokenHashes.Add(hash);
            _tenantOfToken[hash] = tenantName;
            var at = Now;
            write = _database.WriteAsync(c =>
            {
                c.InsertToken(hash, tenantName, at);
                return true;
            });
        }
        await CommittedAsync(write).ConfigureAwait(false);
        return token;
    }

    public async Task RevokeTokenAsync(string tenantName, string tokenId)
    {
        Task<bool> write;
        lock (_lock)
        {
            var tenant = TenantNamed(tenantName);
            var hash = tenant.TokenHashes.FirstOrDefault(h => Tokens.IdOf(h) == tokenId)
                       ?? throw RequestRefusedException.NotFound($"tenant '{tenantName}' has no token {tokenId}");
            tenant.TokenHashes.Remove(hash);
            _tenantOfToken.Remove(hash);
            write = _database.WriteAsync(c =>
            {
                c.DeleteToken(hash);
                return true;
            });
        }
        await CommittedAsync(write).ConfigureAwait(false);
    }

    /// <summary>A tenant's usage, with the lifetime of its live tunnels and sessions counted up to now.</summary>
    public IReadOnlyList<(string Tenant, TenantUsage Usage, TenantQuota Quota, double CommittedBitsPerSecond)> Usage(string? tenantName)
    {
        lock (_lock)
        {
            var now = Now;
            return [.. _tenants.Values.Where(t => tenantName is null || t.Name == tenantName).OrderBy(t => t.Name, StringComparer.Ordinal).Select(t =>
            {
                var usage = t.Usage.Copy();
                foreach (var live in _resources.Values.Where(r => r.Tenant == t.Name))
                {
                    AddLifetime(usage, live, now);
                    usage.QkdBits += (long)QkdMeter.Bits(live.CreatedAt, now, _budget.DrawOf(live.Spec));
                }
                usage.QkdDayBits = (long)_budget.QkdBitsToday(t, now);
                usage.QkdDay = QkdMeter.Day(now);
                return (t.Name, usage, t.Quota, _budget.CommittedBy(t.Name));
            })];
        }
    }

    /// <summary>Sets what the tenant may commit of the QKD key; services already admitted keep running.</summary>
    public async Task SetQuotaAsync(string tenantName, TenantQuota quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        Task<bool> write;
        lock (_lock)
        {
            TenantNamed(tenantName).Quota = quota;
            write = _database.WriteAsync(c =>
            {
                c.SetQuota(tenantName, quota);
                return true;
            });
        }
        await CommittedAsync(write).ConfigureAwait(false);
    }

    /// <summary>Counts entropy served to a tenant; completes once the count is committed.</summary>
    public async Task AddEntropyUsageAsync(string tenantName, long bytes)
    {
        Task<bool> write;
        lock (_lock)
        {
            if (_tenants.GetValueOrDefault(tenantName) is not { } tenant)
            {
                return; // deleted while the request ran: nobody left to bill
            }
            tenant.Usage.EntropyBytes += bytes;
            tenant.Usage.EntropyRequests++;
            write = _database.WriteAsync(c =>
            {
                c.AddUsage(tenantName, new TenantUsage { EntropyBytes = bytes, EntropyRequests = 1 });
                return true;
            });
        }
        await CommittedAsync(write).ConfigureAwait(false);
    }

    private Tenant TenantNamed(string name) =>
        _tenants.GetValueOrDefault(name) ?? throw RequestRefusedException.NotFound($"no tenant '{name}'");

    private void AddLifetime(TenantUsage usage, ServiceResource resource, DateTimeOffset until) =>
        usage.Add(_kinds.Of(resource).Usage(0, (long)Math.Max(0, (until - resource.CreatedAt).TotalSeconds)));
}
