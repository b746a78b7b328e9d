"""Authors from the page's metadata and its credit lines, never from the body text.

A credit line names people in roles: "By Jane Doe and John Roe", "*Writing by Islamuddin
Sajid", "Reporting by X; Editing by Y". The writers and reporters are the authors; editors,
photographers and translators are not. Names are cleaned of titles, roles, e-mail addresses,
handles and dates, and kept only when they still look like a name.
"""

from __future__ import annotations

import re
from functools import cache

from app.normalize.article import Outlet
from app.normalize.date_mentions import month_vocabulary
from app.normalize.dated_names import ARTICLES, PARTICLES, is_stamp_word
from app.normalize.extraction import Extraction
from app.normalize.sources import AGENCIES

_ROLE_PREFIX = re.compile(
    r"^(?:(?:additional\s+)?(?:reporting|writing|written|reported|text|words|story|compiled)"
    r"(?:\s+by)?|by|author|authors|posted\s+by|from|por|par|von|di|da|de|door|av|przez|"
    r"автор(?:ы)?|текст)\s*[:\-\u2013\u2014]?\s+",
    re.IGNORECASE,
)
_NOT_AUTHOR_ROLE = re.compile(
    r"^(?:edit(?:ed|ing)|photo(?:s|graphs?|graphy)?|foto(?:s|grafie)?|bild(?:er)?|image|"
    r"graphics?|video|translat(?:ed|ion|ing)|"
    r"illustrations?|design|production|produced|fact[- ]check(?:ed|ing)?|source)\b",
    re.IGNORECASE,
)
# Parts of a credit: set apart by ; | • or a dash, or a sentence's full stop ('Jane Doe,
# Slate. Photo by John Roe').
_SEGMENT_SPLIT = re.compile(r"\s*[;|•]\s*|\s+[-\u2013\u2014]{1,2}\s+|(?<=[^\W\d_]{3})\.\s+")
_NAME_SPLIT = re.compile(r"\s*,\s*|\s+(?:and|&|und|y|e|et|и|і|ve)\s+")
_NOISE = re.compile(
    r"\S+@\S+|@\w+|https?://\S+|\([^)]*\)|\b(?:dr|prof|mr|mrs|ms|sir)\.?\s+", re.IGNORECASE
)
_ROLE_WORDS = re.compile(
    r"\b(?:staff|writer|reporter|correspondent|editor|columnist|contributor|journalist|"
    r"senior|chief|bureau|special|news|desk|team|agency|(?<![-\w])online(?![-\w])|photographer|"
    r"redaktion|redacci[oó]n|"
    r"r[ée]daction|redazione|reda[cç][aã]o|periodista|journaliste|giornalista|"
    r"korrespondent\w*|reporterin)\b.*$",
    re.IGNORECASE,
)
_TRAILING_DATE = re.compile(r"\s+(?:on|at|le|el|em|am|il)\s+(?=.*\d).*$", re.IGNORECASE)
_TRAILING_AGENCY = re.compile(
    r"\s+(?:the\s+)?(?:"
    + "|".join(re.escape(alias) for aliases in AGENCIES.values() for alias in aliases)
    + r")$",
    re.IGNORECASE,
)
# The conjunctions _NAME_SPLIT splits names at.
_JOINS = frozenset({"and", "und", "y", "e", "et", "и", "і", "ve"})
_NAME_SHAPE = re.compile(r"^[^\W\d_](?:[^\W\d_]|[.'\u2019 -])*$")
# 'Symbolbild', 'Titelfoto': a picture's label, where a photo credit follows a writer's name.
_PICTURE_WORD = re.compile(r"(?:bild|foto|photo)s?$", re.IGNORECASE)
_SENTENCE_WORDS = 1  # lower-case words of 4+ letters: more than this and it is a sentence
_MAX_NAME_WORDS = 5
_MIN_NAME_WORDS = 2
_MIN_MONTH_LETTERS = 6
# A comment signed by its writer ('Jane Doe says', 'Jane Doe sagt'): the verb, in lower case
# ('Edward Said' is a name), closing the name.
_COMMENT_SIGNATURE = re.compile(
    r"\s(?:says|said|wrote|writes|sagt|schreibt|schrieb|dit|dice|scrive|zegt|skriver)\W*$"
)


def _clean_name(text: str) -> str | None:
    name = _TRAILING_DATE.sub("", _NOISE.sub(" ", text))
    without_role = _ROLE_WORDS.sub("", name)
    if without_role != name and len(without_role.split()) < 2:
        return None  # "Staff Writer", "Yonhap correspondent": a role, not a person
    name = _TRAILING_AGENCY.sub("", without_role)
    name = " ".join(name.strip(" .,:;*-\u2013\u2014'\"").split())
    words = name.split()
    if not words or len(words) > _MAX_NAME_WORDS or not _NAME_SHAPE.match(name):
        return None
    if words[0][0].islower():
        return None  # 'der Planung': a sentence's words after 'Von', not a name
    if len(words) == 1 and name.isupper():
        return None  # a desk or agency code ("TNN", "AP"), not a person
    if not all(word[0].isupper() or not word[0].isalpha() for word in words if len(word) > 3):
        return None
    return name


def names_in_credit(line: str, *, require_role: bool = False) -> list[str]:
    """The writers and reporters a credit line names, in order; a credit names people by at
    least two words ("Por Redação" names a desk), never opening on an article. Once a segment
    has said what the people did ("By", "Writing by", ...), a later one that does not is an
    affiliation; with require_role, only segments that say so count at all."""
    names = []
    credited = False
    line = _NOISE.sub(" ", line)  # titles first: 'Mrs.' ends no sentence
    for segment in _SEGMENT_SPLIT.split(line.strip().lstrip("*•-\u2013\u2014 ")):
        segment = segment.strip()
        if not segment or _NOT_AUTHOR_ROLE.match(segment):
            continue
        unprefixed = _ROLE_PREFIX.sub("", segment, count=1)
        if unprefixed == segment and (require_role or credited):
            continue  # after 'By Jane Doe |', a part without a role is her desk or outlet
        credited = credited or unprefixed != segment
        segment = _name_run(unprefixed, strict=True)
        lower_words = [w for w in segment.split() if len(w) > 3 and w[0].islower()]
        if len(lower_words) > _SENTENCE_WORDS:
            continue  # "By signing up you agree to our Terms of Use and Privacy Policy"
        for part in _NAME_SPLIT.split(segment):
            name = _clean_name(part)
            if name is not None and len(name.split()) > 1 and not _opens_on_article(name):
                names.append(name)
    return names


def _opens_on_article(name: str) -> bool:
    """'The Guardian', 'La Nota': a credit line naming an outlet or a section, not a person
    (a person's name opens on a given name). Metadata may state such an author on purpose."""
    return name.split()[0].casefold() in ARTICLES


def names_no_author(role: str) -> bool:
    """Whether the words before 'by' say the people did not write it ('Photo', 'Foto')."""
    return bool(_NOT_AUTHOR_ROLE.match(role.strip()))


def _name_run(segment: str, *, strict: bool = False) -> str:
    """The names before the sentence a credit may go on with ('Moritz Bachmann publiziert am
    25. September' -> 'Moritz Bachmann'); particles ('von', 'de', 'bin') are short. strict (a
    credit line printed in the page's text, where a name runs into its category or its date)
    also ends the run at a short lower-case word that is neither a particle nor a conjunction
    joining names ('Fatima in Gefühle' -> 'Fatima'), at a stamp's label ('Jane Doe
    Erstellt am ...') and at a picture's ('Olga Symbolbild imago' -> 'Olga')."""
    words = segment.split()
    for position, word in enumerate(words):
        if position < 1 or not word.isalpha():
            continue
        if len(word) > 3 and word[0].islower():
            return " ".join(words[:position])
        if not strict:
            continue
        lower = word[0].islower() and word not in PARTICLES and word.casefold() not in _JOINS
        if lower or (is_stamp_word(word) and not word.isupper()) or _PICTURE_WORD.search(word):
            return " ".join(words[:position])
    return segment


def find_authors(
    extraction: Extraction, outlet: Outlet | None = None
) -> tuple[list[str], str | None]:
    """Metadata authors first, then the credit lines' writers; each name once. With them, where
    the names came from: 'html-meta' when the page's metadata names any, else 'text-byline'.

    A one-word name is a desk, a site or a login ('Admin', 'Reuters'), not a person; an outlet
    signed after a writer ('Jane Doe USA TODAY') is cut off; a name in capitals is given in the
    capitals of a name.
    """
    found: list[str] = []
    seen: set[str] = set()
    source = None
    for origin, candidates in (
        ("html-meta", [_meta_name(name) for name in extraction.meta_authors]),
        ("text-byline", [n for line in extraction.byline_lines for n in names_in_credit(line)]),
    ):
        for name in candidates:
            name = _without_outlet(name, outlet) if name else None
            if name and len(name.split()) > 1 and name.casefold() not in seen:
                seen.add(name.casefold())
                found.append(_name_case(name))
                source = source or origin
    return found, source


def _meta_name(text: str) -> str | None:
    """A metadata author, without the role a credit line would carry ('By Jane Doe') or the
    month its date began with ('Jane Doe November'); none when it is a web address or a
    comment's signature."""
    if _COMMENT_SIGNATURE.search(text):
        return None  # 'Jane Doe says': a comment's author, not the article's
    name = _clean_name(_name_run(_ROLE_PREFIX.sub("", text.strip(), count=1)))
    if name is None:
        return None
    words = name.split()
    if len(words) > _MIN_NAME_WORDS and words[-1].casefold() in _long_month_names():
        name = " ".join(words[:-1])
    return None if _is_web_address(name) else name


def _is_web_address(name: str) -> bool:
    """'Www Medianotions De': a web address, not a name (a site stated as the author by its
    domain alone, 'MesOpinions com', is the page's own word and kept)."""
    return any(word.casefold() == "www" for word in name.split())


@cache
def _long_month_names() -> frozenset[str]:
    """Month names of six letters or more ('November', 'Oktober'): shorter ones are given
    names and surnames as often ('May', 'June', 'Mai')."""
    return frozenset(name for name in month_vocabulary() if len(name) >= _MIN_MONTH_LETTERS)


def _without_outlet(name: str, outlet: Outlet | None) -> str | None:
    """'Kevin McCoy USA TODAY' -> 'Kevin McCoy', 'Jonathan GarberFOXBusiness' -> 'Jonathan
    Garber': the outlet's domain label or name spelled at the end of the name is cut off;
    a name that is the outlet's is none."""
    if outlet is None:
        return name
    names = [outlet.name, outlet.domain.split(".")[0] if outlet.domain else ""]
    labels = {_letters(n) for n in names} | {_letters(n.removeprefix("The ")) for n in names}
    labels.discard("")
    if _letters(name) in labels:
        return None
    words = name.split()
    for cut in range(1, len(words)):
        tail = _letters(" ".join(words[cut:]))
        if tail in labels:
            return " ".join(words[:cut])
    last = words[-1]
    for label in labels:
        if len(last) > len(label) and last.casefold().endswith(label):
            return " ".join([*words[:-1], last[: -len(label)]])
    return name


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _name_case(name: str) -> str:
    """'LISA MASCARO' -> 'Lisa Mascaro'; a name written in mixed case stays as written."""
    return name.title() if name.isupper() else name
