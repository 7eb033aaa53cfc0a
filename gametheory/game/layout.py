"""Where each node of a game tree sits in a drawing (figures and LaTeX/TikZ output)."""
from __future__ import annotations

import numpy as np

__all__ = ["tree_layout"]


def tree_layout(game) -> np.ndarray:
    """Positions of the nodes of a tree: an array of shape ``(n_nodes, 2)``.

    Leaves get consecutive x positions ``0, 1, 2, ...`` in depth-first order, so
    no two leaves share a position; an inner node sits midway between its first
    and last child; ``y = -depth``.  Both passes are iterative (a tidy-tree
    layout in the spirit of Reingold & Tilford 1981, simplified to leaf order).
    """
    nodes = game.nodes
    pos = np.zeros((len(nodes), 2))
    order = list(game.preorder())
    nxt = 0
    for node in order:
        pos[node.index, 1] = -node.depth
        if not node.children:
            pos[node.index, 0] = nxt
            nxt += 1
    for node in reversed(order):  # children before parents
        if node.children:
            pos[node.index, 0] = (pos[node.children[0], 0] + pos[node.children[-1], 0]) / 2
    return pos
