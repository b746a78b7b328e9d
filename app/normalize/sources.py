"""Agencies the text attributes to (first version: none)."""

from __future__ import annotations


def sources_cited(body: str) -> list[str]:
    return []
