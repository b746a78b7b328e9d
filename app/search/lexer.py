"""Cut a query into lexemes: words (already split into index words), phrases, operators,
parentheses and field prefixes, each with its position for error messages."""

import re
from dataclasses import dataclass
from enum import Enum

from app.search.tokenize import is_word_char, words
from app.search.tree import FIELDS

# Typographic double quotes delimit phrases too, as phones and pasted text write them;
# any of them closes a phrase opened by any other.
_QUOTES = '"\u201c\u201d\u201e\u201f\u00ab\u00bb'
_QUOTE = re.compile(f"[{_QUOTES}]")
# A bare word runs to a space, quote, parenthesis or "|"; "-" and ":" do not stop it
# ("POL-358", "10:30" are words with punctuation inside).
_WORD_STOP = re.compile(f"[\\s{_QUOTES}()|]")
_FIELD_PREFIX = re.compile("(" + "|".join(FIELDS) + "):", re.IGNORECASE)


class QuerySyntaxError(ValueError):
    """A query the parser cannot accept: ``position`` is a 0-based index into the query."""

    def __init__(self, message: str, position: int, expected: str) -> None:
        super().__init__(f"{message} at position {position}: expected {expected}")
        self.message = message
        self.position = position
        self.expected = expected


class Kind(Enum):
    WORD = "a word"
    PHRASE = "a phrase"
    OPEN = "'('"
    CLOSE = "')'"
    AND = "'AND'"
    OR = "'OR'"
    NOT = "'NOT'"
    FIELD = "a field"
    END = "the end of the query"


@dataclass(frozen=True, slots=True)
class Lexeme:
    kind: Kind
    position: int
    text: str = ""
    words: tuple[str, ...] = ()
    prefix: bool = False


EXPECTED_OPERAND = "a word, a phrase or '('"


def lex(query: str) -> list[Lexeme]:
    """The lexemes of ``query``, ending with an END lexeme; raises on an unclosed quote."""
    lexemes: list[Lexeme] = []
    index, length = 0, len(query)
    while index < length:
        char = query[index]
        if char.isspace():
            index += 1
        elif char in "()|":
            kind = {"(": Kind.OPEN, ")": Kind.CLOSE, "|": Kind.OR}[char]
            lexemes.append(Lexeme(kind, index, char))
            index += 1
        elif char in _QUOTES:
            index = _lex_phrase(query, index, lexemes)
        elif char == "-":
            index = _lex_dash(query, index, lexemes)
        else:
            index = _lex_word(query, index, lexemes)
    lexemes.append(Lexeme(Kind.END, length))
    return lexemes


def _lex_phrase(query: str, start: int, lexemes: list[Lexeme]) -> int:
    closing = _QUOTE.search(query, start + 1)
    if closing is None:
        raise QuerySyntaxError("unbalanced quote", start, "a closing '\"'")
    close = closing.start()
    end = close + 1
    while end < len(query) and query[end] == "*":
        end += 1
    phrase_words = tuple(words(query[start + 1 : close]))
    lexemes.append(Lexeme(Kind.PHRASE, start, query[start:end], phrase_words, end > close + 1))
    return end


def _lex_dash(query: str, start: int, lexemes: list[Lexeme]) -> int:
    """A dash before something is an exclusion; a dash before a space or ')' is punctuation."""
    end = start
    while end < len(query) and query[end] == "-":
        end += 1
    if end < len(query) and not query[end].isspace() and query[end] not in ")|":
        lexemes.append(Lexeme(Kind.NOT, start, "-"))
    return end


def _lex_word(query: str, start: int, lexemes: list[Lexeme]) -> int:
    stop = _WORD_STOP.search(query, start)
    end = stop.start() if stop else len(query)
    text = query[start:end]
    if text in ("AND", "OR", "NOT"):
        lexemes.append(Lexeme(Kind[text], start, text))
        return end
    field = _FIELD_PREFIX.match(text)
    if field:
        after = start + field.end()
        lexemes.append(Lexeme(Kind.FIELD, start, field.group(0).lower()))
        if after == len(query) or query[after].isspace() or query[after] in ")|":
            raise QuerySyntaxError(
                f"'{field.group(0)}' has nothing after it", after, EXPECTED_OPERAND
            )
        return after
    stripped = text.rstrip("*")
    prefix = len(stripped) < len(text) and stripped != "" and is_word_char(stripped[-1])
    lexemes.append(Lexeme(Kind.WORD, start, text, tuple(words(text)), prefix))
    return end
