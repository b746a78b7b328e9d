"""The two scoring rules of the shared extraction data sets.

Shingle scoring follows the article-extraction benchmark's evaluate.py: 4-token shingles of
`\\w+` tokens (case kept), true/false positives counted per page and normalised by the page's
total; precision is averaged over the pages that predicted something, recall over the pages
whose truth has something, then F1 of those means. Snippet scoring follows
trafilatura's evaluation: each "with" snippet found in the body is a true positive, each
"without" snippet found is a false positive, pooled over all pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Score:
    f1: float
    precision: float
    recall: float


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def shingle_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of one page as shares of their sum, as the benchmark keeps them."""
    want, got = _shingles(truth), _shingles(predicted)
    tp = fp = fn = 0
    for key in want.keys() | got.keys():
        w, g = want.get(key, 0), got.get(key, 0)
        tp += min(w, g)
        fp += max(0, g - w)
        fn += max(0, w - g)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def shingle_score(pairs: Iterable[tuple[str, str]]) -> Score:
    """Score (truth, predicted) body pairs: per-page precision and recall, F1 of the means."""
    counts = [shingle_counts(truth, predicted) for truth, predicted in pairs]
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    return Score(_f1(precision, recall), precision, recall)


def _squash(text: str) -> str:
    return " ".join(text.split())


def snippet_score(cases: Iterable[tuple[list[str], list[str], str]]) -> Score:
    """Score (with, without, predicted) triples by whitespace-normalised substring match."""
    tp = fp = fn = tn = 0
    for with_, without, predicted in cases:
        body = _squash(predicted)
        for snippet in with_:
            if _squash(snippet) in body:
                tp += 1
            else:
                fn += 1
        for snippet in without:
            if _squash(snippet) in body:
                fp += 1
            else:
                tn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return Score(_f1(precision, recall), precision, recall)
