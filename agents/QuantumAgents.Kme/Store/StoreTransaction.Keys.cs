using System.Security.Cryptography;
using QuantumAgents.Core.Secrets;

namespace QuantumAgents.Kme.Store;

/// <summary>Keys waiting for their slave SAEs, and the delivery ledger that outlives them.</summary>
public sealed partial class StoreTransaction
{
    public void InsertKey(string keyId, string link, string masterSae, IReadOnlyList<string> slaveSaes, ReadOnlySpan<byte> material, long expiresAtUnix)
    {
        var copy = material.ToArray();
        try
        {
            Command("INSERT INTO keys (key_id, link, master_sae, size_bits, material, expires_at) VALUES ($id, $link, $master, $bits, $material, $expires)",
                ("$id", keyId), ("$link", link), ("$master", masterSae), ("$bits", material.Length * 8), ("$material", copy), ("$expires", expiresAtUnix)).ExecuteNonQuery();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
        foreach (var slave in slaveSaes)
        {
            Command("INSERT INTO key_slaves (key_id, sae) VALUES ($id, $sae)", ("$id", keyId), ("$sae", slave)).ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Records that <paramref name="sae"/> received (or, for <c>expired</c>, lost) a key. Never
    /// deleted. Recording the same issue to a master twice (a retry after the peer refused the
    /// first attempt) keeps the first row.
    /// </summary>
    public void RecordDelivery(string keyId, string sae, LedgerRole role, string link, int sizeBits, long atUnix) =>
        Command((role == LedgerRole.Master ? "INSERT OR IGNORE" : "INSERT") + " INTO ledger (key_id, sae, role, link, size_bits, at) VALUES ($id, $sae, $role, $link, $bits, $at)",
            ("$id", keyId), ("$sae", sae), ("$role", role.ToString().ToLowerInvariant()), ("$link", link), ("$bits", sizeBits), ("$at", atUnix)).ExecuteNonQuery();

    /// <summary>
    /// Hands a stored key to one of its slave SAEs exactly once; erases the key when its last
    /// slave has it. Any refusal leaves the key untouched for its rightful SAEs.
    /// </summary>
    public SlaveDelivery DeliverToSlave(string keyId, string masterSae, string slaveSae, long nowUnix)
    {
        string link;
        string storedMaster;
        int sizeBits;
        byte[] material;
        long expiresAt;
        using (var reader = Command("SELECT link, master_sae, size_bits, material, expires_at FROM keys WHERE key_id = $id", ("$id", keyId)).ExecuteReader())
        {
            if (!reader.Read())
            {
                return new SlaveDelivery.Refused(WhyUnknown(keyId, slaveSae), Unauthorized: false);
            }
            link = reader.GetString(0);
            storedMaster = reader.GetString(1);
            sizeBits = reader.GetInt32(2);
            material = (byte[])reader.GetValue(3);
            expiresAt = reader.GetInt64(4);
        }
        try
        {
            if (expiresAt <= nowUnix)
            {
                return new SlaveDelivery.Refused($"key_ID {keyId} has expired", Unauthorized: false);
            }
            if (storedMaster != masterSae)
            {
                return new SlaveDelivery.Refused($"key_ID {keyId} was not issued by master SAE '{masterSae}'", Unauthorized: false);
            }
            var removed = Command("DELETE FROM key_slaves WHERE key_id = $id AND sae = $sae", ("$id", keyId), ("$sae", slaveSae)).ExecuteNonQuery();
            if (removed == 0)
            {
                return HasLedgerEntry(keyId, slaveSae)
                    ? new SlaveDelivery.Refused($"key_ID {keyId} was already delivered to SAE '{slaveSae}'", Unauthorized: false)
                    : new SlaveDelivery.Refused($"SAE '{slaveSae}' is not a slave SAE of key_ID {keyId}", Unauthorized: true);
            }
            RecordDelivery(keyId, slaveSae, LedgerRole.Slave, link, sizeBits, nowUnix);
            var remaining = Convert.ToInt64(Command("SELECT count(*) FROM key_slaves WHERE key_id = $id", ("$id", keyId)).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (remaining == 0)
            {
                Command("DELETE FROM keys WHERE key_id = $id", ("$id", keyId)).ExecuteNonQuery();
            }
            return new SlaveDelivery.Delivered(keyId, SecretBytes.CopyFrom(material));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>Erases keys whose slaves did not fetch them in time; returns how many.</summary>
    public int ExpireKeys(long nowUnix)
    {
        var expired = new List<(string KeyId, string Link, int Bits)>();
        using (var reader = Command("SELECT key_id, link, size_bits FROM keys WHERE expires_at <= $now", ("$now", nowUnix)).ExecuteReader())
        {
            while (reader.Read())
            {
                expired.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
            }
        }
        foreach (var (keyId, link, bits) in expired)
        {
            var slaves = new List<string>();
            using (var reader = Command("SELECT sae FROM key_slaves WHERE key_id = $id", ("$id", keyId)).ExecuteReader())
            {
                while (reader.Read())
                {
                    slaves.Add(reader.GetString(0));
                }
            }
            foreach (var slave in slaves)
            {
                RecordDelivery(keyId, slave, LedgerRole.Expired, link, bits, nowUnix);
            }
            // key_slaves rows go with it (ON DELETE CASCADE).
            Command("DELETE FROM keys WHERE key_id = $id", ("$id", keyId)).ExecuteNonQuery();
        }
        return expired.Count;
    }

    /// <summary>Whether any key whose ID starts with <paramref name="prefix"/> is, or was, here (an ETSI 004 stream's chunks).</summary>
    public bool AnyKeyWithPrefix(string prefix) =>
        Command("SELECT 1 FROM keys WHERE substr(key_id, 1, $n) = $prefix UNION ALL SELECT 1 FROM ledger WHERE substr(key_id, 1, $n) = $prefix LIMIT 1",
            ("$n", prefix.Length), ("$prefix", prefix)).ExecuteScalar() is not null;

    private bool HasLedgerEntry(string keyId, string sae) =>
        Command("SELECT 1 FROM ledger WHERE key_id = $id AND sae = $sae AND role = 'slave'", ("$id", keyId), ("$sae", sae)).ExecuteScalar() is not null;

    private string WhyUnknown(string keyId, string sae)
    {
        // An SAE can be the master of a key and, for an ETSI 004 source copy, its slave too.
        using var reader = Command("SELECT role FROM ledger WHERE key_id = $id AND sae = $sae AND role IN ('slave', 'expired')", ("$id", keyId), ("$sae", sae)).ExecuteReader();
        if (reader.Read())
        {
            return reader.GetString(0) == "expired"
                ? $"key_ID {keyId} expired before SAE '{sae}' fetched it"
                : $"key_ID {keyId} was already delivered to SAE '{sae}'";
        }
        return $"key_ID {keyId} is unknown";
    }
}
