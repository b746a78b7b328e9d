"""A writer's name printed beside the article's date stamp, with no 'By' before it.

Many outlets set the byline and the date on one line: 'Bettina Kugler 19.10.2019, 05:00 Uhr',
'Swantje Schemmerling | 06.11.23', '04.02.2022 | 15:33 Uhr | Dennis Steimels'. The name is the
run of capitalised words that opens the line right before the date or a separator, or the
last part after a separator. Only the shape is read: two to four capitalised words (a
lower-case particle such as 'von' or 'de' between them), none a month's name (any of
dateparser's languages) nor a stamp's label ('Published', 'Aktualisiert', ...), which the
lines of a date block hold as often as names.
"""

from __future__ import annotations

import re

from app.normalize.date_mentions import month_vocabulary

_SEPARATOR = re.compile(r"\s+[|/•·\u2013\u2014-]\s+|\s*[|•·]\s*")
# A run of name words at the line's opening, then a separator or a figure (a comma after it
# is a place's: 'New Delhi, ...').
_OPENING_NAME = re.compile(
    r"^(?P<name>[^\W\d_][^\s\d|/•·,]*(?:\s+[^\W\d_][^\s\d|/•·,]*){1,4})"
    r"(?:\s*[|/•·\u2013\u2014-]|\s+\d)"
)
_FIGURE = re.compile(r"\d")
# The lower-case words between a name's capitalised ones ('Justus von Daniels').
PARTICLES = frozenset(
    {"von", "van", "de", "der", "den", "da", "di", "del", "du", "la", "le", "dos", "das", "do"}
    | {"ter", "bin", "ibn", "al", "el", "y", "zu", "vom", "della", "dei", "des", "st"}
)
# Articles, which open a title or an outlet's name ('The Guardian', 'La Nota', 'Der Spiegel'),
# never a person's name (a given name opens it).
ARTICLES = frozenset(
    {"the", "der", "die", "das", "le", "la", "les", "il", "lo", "el", "los", "las", "de", "het"}
)
# Words that label a stamp rather than name a writer, in the languages the stoplists cover most.
_STAMP_WORDS = re.compile(
    r"^(?:published|posted|updated?|modified|last|created|online|seit|am|um|uhr|stand|"
    r"veröffentlicht|aktualisiert|erstellt|geändert|zuletzt|publié|publiée?|mis|modifié|publicado|"
    r"actualizado|atualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt|"
    r"опубликовано|обновлено)$",
    re.IGNORECASE,
)
_WEEKDAYS = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
    r"sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|"
    r"jueves|viernes|sábado|domingo)",
    re.IGNORECASE,
)
_MIN_NAME_WORDS = 2
_MAX_NAME_WORDS = 4


def name_beside_date(text: str) -> str | None:
    """The name opening a date stamp line, or closing it right after the part with the date or
    time ('... | categories: Python | View Comments' closes on a link), else None."""
    opening = _OPENING_NAME.match(text)
    if opening is not None and is_name_shaped(opening["name"]):
        return opening["name"]
    parts = [p.strip() for p in _SEPARATOR.split(text) if p.strip()]
    if len(parts) > 1 and _FIGURE.search(parts[-2]) and is_name_shaped(parts[-1]):
        return parts[-1]
    return None


def is_stamp_word(word: str) -> bool:
    """'Published', 'Erstellt', 'Updated': a date stamp's label, which a name never holds."""
    return bool(_STAMP_WORDS.match(word))


def is_name_shaped(text: str) -> bool:
    """Two to four capitalised words of letters (particles between them aside, initials
    allowed), not opening on an article, none in capitals (a desk, a label), a month, a
    weekday or a stamp's label."""
    words = text.split()
    capitalised = [w for w in words if w.casefold() not in PARTICLES]
    if not _MIN_NAME_WORDS <= len(capitalised) <= _MAX_NAME_WORDS or words[0] not in capitalised:
        return False
    if words[0].casefold() in ARTICLES:
        return False
    months = month_vocabulary()
    return all(
        w[0].isupper()
        and (not w.isupper() or len(w.rstrip(".")) == 1)
        and all(ch.isalpha() or ch in "-'\u2019." for ch in w)
        and w.casefold().rstrip(".") not in months
        and not _STAMP_WORDS.match(w)
        and not _WEEKDAYS.match(w)
        for w in capitalised
    )
