namespace QuantumAgents.Integration.Tests.Support;

/// <summary>
/// strongswan.conf for one charon-systemd in a network namespace (see docs/agents.md, "On the testbed"):
/// an explicit plugin list with kernel-libipsec before kernel-netlink (this kernel has no ESP,
/// the first kernel-ipsec backend to register wins), its own VICI socket and a file log, since
/// there is no journald.
/// </summary>
public static class CharonConfig
{
    public const string Plugins =
        "random nonce openssl aes sha1 sha2 hmac gmp kdf gcm kernel-libipsec kernel-netlink socket-default vici updown";

    public static string StrongswanConf(string socketPath, string logPath) => $$"""
        charon {
          load = {{Plugins}}
          install_routes = yes
          install_virtual_ip = no
          filelog {
            main {
              path = {{logPath}}
              time_format = %H:%M:%S
              flush_line = yes
              default = 1
              ike = 2
              cfg = 2
              knl = 2
            }
          }
          plugins {
            vici {
              socket = unix://{{socketPath}}
            }
          }
        }
        charon-systemd {
          journal {
            default = -1
          }
        }
        swanctl {
          load = random openssl pem pkcs1 x509 pubkey
        }
        """;
}
