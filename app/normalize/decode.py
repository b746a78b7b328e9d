"""Bytes or text -> clean Unicode text (first version: UTF-8 with replacement)."""

from __future__ import annotations


def decode(content: bytes | str) -> str:
    text = content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content
    return text.replace("\r\n", "\n").replace("\r", "\n")
