"""Network mapping: from a few seed accounts to networks, roles and reasons.

Arrays in, arrays out: `build_graph` turns edge columns into a CSR `Graph`;
`map_networks` expands seeds (personalised PageRank by push or power
iteration), resists camouflage (hub damping, dense-subgraph peeling,
watchdog exclusion), splits networks (Leiden) and assigns roles with
scores and reasons. Lower-level steps are public for benchmarks and tools.
"""

from netbrake.graph._communities import split_networks
from netbrake.graph._diffusion import Diffusion, diffusion
from netbrake.graph._graph import KINDS, BuildReport, Graph, build_graph, hub_scale
from netbrake.graph._local import local_membership
from netbrake.graph._mapping import NetworkMap, Placement, map_networks
from netbrake.graph._node_evidence import NodeEvidence, PerAccountEvidence, node_evidence
from netbrake.graph._pagerank import personalized_pagerank, reference_pagerank
from netbrake.graph._params import MappingParams
from netbrake.graph._peeling import (
    DenseSubgraph,
    brute_force_densest,
    peel_densest,
    reference_peel,
)
from netbrake.graph._push import (
    SeedExpansion,
    expand_seeds,
    push_pagerank,
    reference_sweep_cut,
    sweep_cut,
)
from netbrake.graph._roles import RoleAssignment, assign_roles
from netbrake.graph._summary import NetworkSummary

__all__ = [
    "KINDS",
    "BuildReport",
    "DenseSubgraph",
    "Diffusion",
    "Graph",
    "MappingParams",
    "NetworkMap",
    "NetworkSummary",
    "NodeEvidence",
    "PerAccountEvidence",
    "Placement",
    "RoleAssignment",
    "SeedExpansion",
    "assign_roles",
    "brute_force_densest",
    "build_graph",
    "diffusion",
    "expand_seeds",
    "hub_scale",
    "local_membership",
    "map_networks",
    "node_evidence",
    "peel_densest",
    "personalized_pagerank",
    "push_pagerank",
    "reference_pagerank",
    "reference_peel",
    "reference_sweep_cut",
    "split_networks",
    "sweep_cut",
]
