"""The network as a networkx graph, with positions computed once per shape.

Nodes are ``(layer, j)``: j = 0 is the bias unit of layers 1..L−1, j = 1..s_l the units.
Edges run from ``(layer, j)`` to ``(layer + 1, i)`` and carry Θ^(layer)_{i,j}. No streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import networkx as nx
import numpy as np

from backprop_core.network import layer_index


@dataclass(frozen=True, eq=False)
class Geometry:
    """Where everything is drawn, for one tuple of layer sizes.

    ``nodes`` lists ``(layer, j)`` in drawing order; ``xy`` is a read-only ``(n, 2)`` array
    aligned with it; ``index`` maps a node to its row. ``edges`` lists ``(layer, i, j)``
    (the connection of Θ^(layer)_{i,j}), ``edge_xy`` its endpoints ``(e, 2, 2)``.
    """

    layer_sizes: tuple[int, ...]
    nodes: tuple[tuple[int, int], ...]
    xy: np.ndarray
    index: dict
    edges: tuple[tuple[int, int, int], ...]
    edge_xy: np.ndarray
    edge_index: dict

    def pos(self, node: tuple[int, int]) -> np.ndarray:
        return self.xy[self.index[node]]


def network_graph(layer_sizes: Iterable[int]) -> nx.DiGraph:
    """The directed graph of a fully connected network with bias units (no weights attached)."""
    sizes = tuple(int(s) for s in layer_sizes)
    L = len(sizes)
    G = nx.DiGraph()
    for layer, size in enumerate(sizes, start=1):
        first = 0 if layer < L else 1  # the output layer has no bias unit
        for j in range(first, size + 1):
            G.add_node((layer, j), layer=layer, bias=(j == 0))
    for layer in range(1, L):
        for i in range(1, sizes[layer_index(layer + 1)] + 1):
            for j in range(0, sizes[layer_index(layer)] + 1):
                G.add_edge((layer, j), (layer + 1, i), layer=layer, i=i, j=j)
    return G


@lru_cache(maxsize=64)
def geometry(layer_sizes: tuple[int, ...]) -> Geometry:
    """Positions from ``nx.multipartite_layout``; within a layer the bias unit is on top, then 1..s_l.

    Deterministic and cached: the same sizes always give the same picture, step after step.
    """
    G = network_graph(layer_sizes)
    raw = nx.multipartite_layout(G, subset_key="layer", align="vertical", scale=1.0)
    pos = {}
    for layer in range(1, len(layer_sizes) + 1):
        members = sorted((n for n in G.nodes if n[0] == layer), key=lambda n: n[1])
        ys = sorted((raw[n][1] for n in members), reverse=True)
        x = raw[members[0]][0]
        for node, y in zip(members, ys):
            pos[node] = (x, y)
    nodes = tuple(sorted(G.nodes))
    # Four decimals are plenty on screen and keep the figure's JSON small for big networks.
    xy = np.round(np.array([pos[n] for n in nodes], dtype=float), 4)
    xy.setflags(write=False)
    edges = tuple(sorted((d["layer"], d["i"], d["j"]) for _, _, d in G.edges(data=True)))
    edge_xy = np.round(np.array([[pos[(layer, j)], pos[(layer + 1, i)]] for layer, i, j in edges], dtype=float), 4)
    edge_xy = edge_xy.reshape(-1, 2, 2)
    edge_xy.setflags(write=False)
    return Geometry(
        layer_sizes=tuple(layer_sizes),
        nodes=nodes,
        xy=xy,
        index={n: k for k, n in enumerate(nodes)},
        edges=edges,
        edge_xy=edge_xy,
        edge_index={e: k for k, e in enumerate(edges)},
    )
