"""Disjoint sets over 0..n-1: what clusters, fact groups and name groups are all built with."""

from __future__ import annotations


class UnionFind:
    """Union-find with path halving; the lower index stays the root, so results are deterministic."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        """The root of x's set."""
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> int:
        """Join the sets of a and b; the root of the joined set."""
        a, b = self.find(a), self.find(b)
        if a != b:
            a, b = min(a, b), max(a, b)
            self.parent[b] = a
        return a
