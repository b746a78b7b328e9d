"""Bytes or text -> clean Unicode text, the one form every later step can trust.

Bytes are decoded by their BOM, else as strict UTF-8, else by charset-normalizer's guess over a
bounded prefix (cp1251, latin-1, Shift_JIS pages exist). Mojibake is then repaired with ftfy and
the text is brought to one shape: NFC, "\\n" line breaks, plain spaces, no control characters,
no trailing spaces. decode never raises and stays linear in the input's size.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy
import ftfy.bad_codecs  # registers the sloppy-windows-* codecs named below
from charset_normalizer import CharsetMatch, from_bytes
from ftfy.badness import is_bad
from ftfy.chardata import CHARMAP_ENCODINGS, LIGATURES
from ftfy.fixes import fix_latin_ligatures, fix_surrogates

# Enough text to tell an encoding apart; detection on a whole 10 MB page would cost seconds.
_DETECT_PREFIX = 64 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Only mojibake repair: quotes, dashes, full-width forms and HTML entities are the author's.
# Unescaping entities would also break idempotence ("&amp;lt;" -> "&lt;" -> "<").
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_character_width=False,
    explain=False,
)


def _char_class(chars: set[str]) -> str:
    return "[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]"


def _byte_images(first: int, last: int) -> set[str]:
    """What bytes first..last become in each single-byte encoding ftfy can undo."""
    span = bytes(range(first, last + 1))
    return {ch for encoding in CHARMAP_ENCODINGS for ch in span.decode(encoding, errors="ignore")}


# UTF-8 read as a single-byte encoding always shows a lead byte's image followed by a
# continuation byte's image (or a C1 control). A line without one cannot be mojibake, and this
# one character-class search is an order of magnitude cheaper than ftfy's badness test.
_MOJIBAKE_HINT = re.compile(
    _char_class(_byte_images(0xC2, 0xF4)) + _char_class(_byte_images(0x80, 0xBF)) + "|[\x80-\x9f]"
)
# ftfy's own bound on what it decodes as one piece.
_FTFY_SEGMENT = 1_000_000
# Every ligature ftfy unfolds, so that lines ftfy fixes and lines it skips come out alike.
_LIGATURES = re.compile("[" + "".join(map(chr, LIGATURES)) + "]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# Vertical tab, form feed and the Unicode separators end lines as surely as "\n" does.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Invisible, yet they decide how Persian, Indic scripts and emoji sequences are written.
_JOINERS = frozenset("\u200c\u200d")
# Tabs and every Unicode space separator other than the plain one.
_SPACES = re.compile("[\t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def decode(content: bytes | str) -> str:
    """Clean text from raw bytes or an already decoded string."""
    if isinstance(content, str):
        return clean(content)
    text = _decode_bytes(content)
    if text is None:  # binary: no mojibake to repair, only characters to drop
        return clean(content.decode("utf-8", errors="replace"), repair=False)
    return clean(text)


def clean(text: str, *, repair: bool = True) -> str:
    """Normalize characters, line breaks and spaces; repair mojibake unless told it is binary."""
    text = _LINE_BREAKS.sub("\n", text)
    if repair:
        text = _repair_mojibake(text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(_printable(line) for line in text.split("\n"))
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def _printable(line: str) -> str:
    """The line without controls, format characters, private-use and unassigned code points.

    The same test as trafilatura's (str.isprintable), so both paths drop the same characters;
    only the zero-width joiners are kept.
    """
    if line.isprintable():
        return line
    return "".join(ch for ch in line if ch.isprintable() or ch in _JOINERS)


def _repair_mojibake(text: str) -> str:
    """ftfy on the runs of lines its badness test flags; the rest is left as it is.

    Most lines are ASCII or clean, and ftfy's dozen passes per line would dominate a
    seed-sized article; a run of bad lines is one misdecoding and is fixed as one segment.
    """
    out: list[str] = []
    run: list[str] = []
    for line in text.split("\n"):
        if not line.isascii() and _MOJIBAKE_HINT.search(line) and is_bad(line):
            run.append(line)
            continue
        out.extend(_fix_run(run))
        run = []
        out.append(line)
    out.extend(_fix_run(run))
    text = "\n".join(out)
    if _LIGATURES.search(text):
        text = fix_latin_ligatures(text)
    if _SURROGATES.search(text):
        text = fix_surrogates(text)
    return text


def _fix_run(lines: list[str]) -> list[str]:
    fixed: list[str] = []
    start = 0
    while start < len(lines):
        size, end = 0, start
        while end < len(lines) and (end == start or size < _FTFY_SEGMENT):
            size += len(lines[end]) + 1
            end += 1
        segment = ftfy.fix_text_segment("\n".join(lines[start:end]), _FTFY_CONFIG)
        fixed.extend(segment.split("\n"))
        start = end
    return fixed


def _decode_bytes(data: bytes) -> str | None:
    """The bytes as text, or None when no encoding makes text of them (binary content)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = from_bytes(data[:_DETECT_PREFIX])
    best = matches.best()
    if best is None:
        return None
    return data.decode(_break_tie(best, list(matches)), errors="replace")


def _break_tie(best: CharsetMatch, matches: list[CharsetMatch]) -> str:
    """Windows-1252 when it explains the bytes exactly as well as the detector's first choice.

    charset-normalizer orders equally good single-byte guesses arbitrarily (Spanish in cp1250
    turns "ñ" into "ń"); cp1252 is by far the most common legacy encoding on the web.
    """
    for match in matches:
        tied = match.chaos == best.chaos and match.coherence == best.coherence
        if tied and match.encoding == "cp1252":
            return "cp1252"
    return best.encoding
