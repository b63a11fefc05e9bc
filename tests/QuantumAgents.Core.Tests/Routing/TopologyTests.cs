using QuantumAgents.Core.Routing;

namespace QuantumAgents.Core.Tests.Routing;

public sealed class TopologyTests
{
    private static readonly (string, string)[] MadQci = [("cait", "ccs"), ("ccs", "rectorado")];

    [Fact]
    public void Cait_reaches_rectorado_through_ccs()
    {
        Assert.Equal(["cait", "ccs", "rectorado"], new Topology(MadQci).PathBetween("cait", "rectorado"));
        Assert.Equal(["rectorado", "ccs", "cait"], new Topology(MadQci).PathBetween("rectorado", "cait"));
    }

    [Fact]
    public void A_neighbour_is_one_hop_away()
    {
        Assert.Equal(["ccs", "rectorado"], new Topology(MadQci).PathBetween("ccs", "rectorado"));
    }

    [Fact]
    public void An_unconnected_node_has_no_path()
    {
        Assert.Null(new Topology([.. MadQci, ("island", "atoll")]).PathBetween("cait", "atoll"));
        Assert.Null(new Topology(MadQci).PathBetween("cait", "nowhere"));
    }

    [Fact]
    public void The_shortest_path_wins_and_ties_go_to_the_smallest_names_on_every_node()
    {
        // a - b - d and a - c - d are both two hops; a - e - f - d is three.
        (string, string)[] mesh = [("a", "c"), ("a", "b"), ("b", "d"), ("c", "d"), ("a", "e"), ("e", "f"), ("f", "d")];
        Assert.Equal(["a", "b", "d"], new Topology(mesh).PathBetween("a", "d"));
        Assert.Equal(["d", "b", "a"], new Topology(mesh).PathBetween("d", "a"));
    }
}
