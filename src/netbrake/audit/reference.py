"""The reference recommenders, built from a platform dataset."""

from __future__ import annotations

from netbrake.audit.graph_recommender import GraphRecommender
from netbrake.audit.interaction_graph import InteractionGraph
from netbrake.audit.item_cooccurrence import ItemCooccurrence
from netbrake.audit.people_you_may_know import PeopleYouMayKnow
from netbrake.platform import Dataset

#: Every reference recommender, in report order.
REFERENCE_RECOMMENDERS: tuple[type[GraphRecommender], ...] = (PeopleYouMayKnow, ItemCooccurrence)


def reference_recommenders(dataset: Dataset) -> list[GraphRecommender]:
    """Each reference recommender, built over one shared interaction graph."""
    graph = InteractionGraph.from_tables(
        dataset.table("accounts", ["account_id"]),
        dataset.table("edges", ["src", "dst", "kind", "ts", "weight"]),
    )
    return [cls.build(graph) for cls in REFERENCE_RECOMMENDERS]
