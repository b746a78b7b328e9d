"""An article's lexical fingerprint: its content words, the names it mentions and its numbers.

Two reports of one event share rare content words and, above all, the same names (people,
places, organisations) and figures (ages, death tolls, magnitudes, years); two events of the same
kind share the common vocabulary of that kind ("rehab", "earthquake") but rarely the names. So a
capitalised word inside a sentence counts again as a name, and numbers are kept as terms.
Weights are TF-IDF over the document frequencies of the store itself, cosine-normalised.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from itertools import chain
from operator import itemgetter

from app.normalize.stopwords import stoplist

_WORD = re.compile(r"[^\W\d_](?:[\w'\u2019\-]*[^\W_])?|\d(?:[\d,.]*\d)?")
# What ends a sentence (a stop, a quote, a bracket, a line break): a capital word just after it
# (at most two spaces between) says nothing. A token is a word with any such opening before it,
# one string, as the regex engine hands it back and the cache below is keyed by (no tuple made,
# one hash a lookup). No word starts or ends with these characters: the words are _WORD's.
_OPENERS = ".!?:;\"\u201c\u201d\u2018\u2019'\n(["
_TOKEN = re.compile(f"(?:[{re.escape(_OPENERS)}]\\s{{0,2}})?(?:{_WORD.pattern})")
NAME_PREFIX = "@"
NUMBER_PREFIX = "#"
MIN_WORD_LENGTH = 3


def terms(title: str | None, body: str, language: str | None = "en") -> Counter[str]:
    """Term counts of one article: lower-cased content words (stopwords of its language out),
    each mid-sentence capitalised word once more as a name (`@reid`), each number as `#5.6`.

    Each step over the article's few hundred words runs in C (the regex engine, `map` over a
    dict, `chain`, Counter's own counting), not in a Python loop: counting them is the largest
    single part of what stories cost an article."""
    stop = stoplist(language) or stoplist("en")
    counts_of = _counts_of(stop)
    counts: Counter[str] = Counter()
    for text in (title or "", body):
        found = _TOKEN.findall("\n" + text)  # the text's start opens a sentence too
        counted = list(map(counts_of.get, found))
        if None in counted:  # tokens not met yet under this stoplist
            for token in set(found).difference(counts_of):
                counts_of[token] = _counted(token, stop)
            counted = list(map(counts_of.__getitem__, found))
        counts.update(chain.from_iterable(counted))
    return counts


def _counts_of(stop: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """The terms of each token met so far under one stoplist: most tokens of an article were
    met in earlier ones, and a lookup costs less than working them out again. Emptied past
    MAX_TOKENS (some 30 MB), so it stays bounded whatever the vocabulary."""
    counts_of = _COUNTS_OF.get(stop)
    if counts_of is None or len(counts_of) > MAX_TOKENS:
        counts_of = _COUNTS_OF[stop] = {}
    return counts_of


MAX_TOKENS = 100_000
_COUNTS_OF: dict[frozenset[str], dict[str, tuple[str, ...]]] = {}


def _counted(token: str, stop: frozenset[str]) -> tuple[str, ...]:
    """The terms one token counts: none for a stopword or a short word, its number term for a
    number, else its lower-cased term and, when capitalised inside a sentence (no opening
    before it), its name term too."""
    word = token.lstrip(_OPENERS).lstrip()  # an opening: one of _OPENERS, then spaces
    opened = len(word) < len(token)
    if word[0].isdigit():
        return (NUMBER_PREFIX + word.replace(",", ""),)
    lowered = word.lower()
    if len(lowered) < MIN_WORD_LENGTH or lowered in stop:
        return ()
    if word[0].isupper() and not opened:
        return lowered, NAME_PREFIX + lowered
    return (lowered,)


def weigh(
    counts: Mapping[str, int],
    df: Mapping[str, int],
    documents: int,
    prior_documents: int = 0,
    prior_share: float = 0.0,
) -> dict[str, float]:
    """Unit-length TF-IDF vector: sublinear term frequency times smoothed inverse document
    frequency, where `df` and `documents` already count this article.

    `prior_documents` imagined articles, each holding any term with probability `prior_share`,
    are added to the counts: in a young store (the first few articles) raw frequencies would
    call the event's own words ("Korea", "annexation") common and let rare chance words decide;
    the prior fades as real counts grow.
    """
    smoothing = prior_documents * prior_share + 0.5
    log_total = math.log(documents + prior_documents + 1)
    vector = {
        term: (_TF[count] if count < _TF_SIZE else 1.0 + math.log(count))
        * (log_total - math.log(df.get(term, 1) + smoothing))
        for term, count in counts.items()
    }
    norm = math.hypot(*vector.values()) or 1.0
    return {term: weight / norm for term, weight in vector.items()}


_TF_SIZE = 64
_TF = [0.0] + [1.0 + math.log(count) for count in range(1, _TF_SIZE)]  # the usual counts' weights


def top_terms(vector: Mapping[str, float], count: int) -> list[str]:
    """The `count` heaviest terms, heaviest first (ties by term, so runs repeat exactly)."""
    # By term, then (a stable sort) by weight: two sorts without a key function, far quicker
    # than one on (-weight, term), in the same order.
    ranked = sorted(sorted(_contenders(vector, count).items()), key=itemgetter(1), reverse=True)
    return [term for term, _ in ranked[:count]]


def heaviest(vector: Mapping[str, float], count: int) -> dict[str, float]:
    """The `count` heaviest entries, in the vector's own order: the same terms as `top_terms`
    chooses, for less (no ranking of the kept ones, which a centroid does not need)."""
    kept = _contenders(vector, count)
    if len(kept) > count:  # ties at the floor: settled by term, as `top_terms` does
        kept = {term: kept[term] for term in top_terms(kept, count)}
    return kept


def _contenders(vector: Mapping[str, float], count: int) -> Mapping[str, float]:
    """The entries at least as heavy as the `count`-th weight (all when there are no more):
    only those can rank, and sorting the bare weights (floats, compared natively) to find it is
    far quicker than ranking every (term, weight) pair."""
    if len(vector) <= count:
        return vector
    floor = sorted(vector.values(), reverse=True)[count - 1]
    return {term: weight for term, weight in vector.items() if weight >= floor}
