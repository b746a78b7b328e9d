"""The parsed query: a small tree of frozen nodes, its canonical text and its positive terms.

Every tree that ``parse`` returns is normalized, and the backends rely on it:

- ``And`` and ``Or`` have two or more items and are flat (no ``And`` directly inside ``And``,
  no ``Or`` inside ``Or``); a ``Phrase`` has two or more words.
- Negation is only ever ``Not`` of a positive node, never ``Not(Not(...))``.
- Every node is positive (matches something by itself) except ``Not`` and an ``And`` that has a
  positive item beside its ``Not`` items. The root and each ``Or`` item are positive, and a
  ``Field`` holds a positive node, so a backend whose NOT is binary (FTS5) can always put a
  positive side on its left.
"""

from dataclasses import dataclass

from app.search.tokenize import is_cjk

FIELDS = ("title", "body")
KEYWORDS = frozenset({"AND", "OR", "NOT"})


@dataclass(frozen=True, slots=True)
class Term:
    """One word; with ``prefix`` it matches every word that starts with it."""

    text: str
    prefix: bool = False

    @property
    def is_cjk(self) -> bool:
        return is_cjk(self.text)


@dataclass(frozen=True, slots=True)
class Phrase:
    """Adjacent words in order; with ``prefix`` the last word matches as a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def is_cjk(self) -> bool:
        return any(is_cjk(word) for word in self.words)


@dataclass(frozen=True, slots=True)
class And:
    items: tuple["Node", ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple["Node", ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: "Node"


@dataclass(frozen=True, slots=True)
class Field:
    """Restricts ``item`` to one column: ``name`` is one of ``FIELDS``."""

    name: str
    item: "Node"


Node = Term | Phrase | And | Or | Not | Field


def is_positive(node: Node) -> bool:
    """Whether ``node`` names something to find, rather than only something to leave out."""
    match node:
        case Not():
            return False
        case And(items):
            return any(is_positive(item) for item in items)
        case Or(items):
            return all(is_positive(item) for item in items)
        case Field(_, item):
            return is_positive(item)
        case _:
            return True


def to_text(node: Node | None) -> str:
    """The canonical spelling of a parsed query: ``parse(to_text(tree)) == tree``."""
    match node:
        case None:
            return ""
        case Term(text, prefix):
            word = f'"{text}"' if text in KEYWORDS else text
            return word + ("*" if prefix else "")
        case Phrase(words, prefix):
            return '"' + " ".join(words) + '"' + ("*" if prefix else "")
        case And(items):
            return " ".join(_grouped(i) if isinstance(i, Or) else to_text(i) for i in items)
        case Or(items):
            return " OR ".join(to_text(item) for item in items)
        case Not(item):
            return "-" + _grouped(item)
        case Field(name, item):
            return f"{name}:" + _grouped(item)
    raise TypeError(f"not a query node: {node!r}")


def _grouped(node: Node) -> str:
    text = to_text(node)
    return text if isinstance(node, Term | Phrase | Field) else f"({text})"


def terms(node: Node | None) -> tuple[Term | Phrase, ...]:
    """The words and phrases a hit can contain (not the excluded ones), each once, in order.

    Meant for highlighting: a snippet marks these, whatever column they were restricted to.
    """
    found: dict[Term | Phrase, None] = {}
    stack = [] if node is None else [node]
    while stack:
        current = stack.pop()
        match current:
            case Term() | Phrase():
                found.setdefault(current)
            case And(items) | Or(items):
                stack.extend(reversed(items))
            case Field(_, item):
                stack.append(item)
    return tuple(found)
