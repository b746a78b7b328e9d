"""Parse the search box's query language into a tree (see ``QUERY_LANGUAGE_DOC``).

The parser is a single left-to-right pass over a list of lexemes with recursion bounded by
``MAX_DEPTH`` parentheses, so a long or deeply nested query costs linear time and can never
raise RecursionError. Every mistake a user can make is a ``QuerySyntaxError`` naming where it is
and what was expected; anything else parses into a tree any backend can run.
"""

from app.search.lexer import EXPECTED_OPERAND, Kind, Lexeme, QuerySyntaxError, lex
from app.search.tree import And, Field, Node, Not, Or, Phrase, Term, is_positive

__all__ = ["MAX_DEPTH", "QUERY_LANGUAGE_DOC", "QuerySyntaxError", "parse"]

MAX_DEPTH = 32

_EXPECTED_AFTER = "an operator, a word or the end of the query"
_STARTS_OPERAND = frozenset({Kind.WORD, Kind.PHRASE, Kind.OPEN, Kind.NOT, Kind.FIELD})


def parse(query: str) -> Node | None:
    """The tree of ``query``; ``None`` when it holds no word to search for (blank, "*", "?!").

    Raises QuerySyntaxError for an unbalanced quote or parenthesis, an operator or field with
    nothing to apply to, a nested field, nesting deeper than MAX_DEPTH, and a query (or a side
    of OR, or an exclusion) that only excludes.
    """
    return _Parser(lex(query)).parse()


class _Parser:
    """Recursive descent over the grammar, loosest binding first::

    query    := or_expr END
    or_expr  := and_expr (("OR" | "|") and_expr)*
    and_expr := unary ("AND"? unary)*
    unary    := ("NOT" | "-")* primary
    primary  := WORD | PHRASE | "(" or_expr ")" | FIELD unary

    Each method returns ``None`` for an operand without words ("?!", '""'): it vanishes from
    the tree, as punctuation does from an FTS5 document.
    """

    def __init__(self, lexemes: list[Lexeme]) -> None:
        self._lexemes = lexemes
        self._next = 0
        self._depth = 0

    def parse(self) -> Node | None:
        start = self._peek()
        if start.kind is Kind.END:
            return None
        node = self._or_expr()
        end = self._peek()
        if end.kind is not Kind.END:
            raise QuerySyntaxError(
                "unbalanced parenthesis: ')' without '('", end.position, _EXPECTED_AFTER
            )
        if node is not None and not is_positive(node):
            raise QuerySyntaxError(
                "the query only excludes", start.position, "a word or phrase to search for"
            )
        return node

    def _peek(self) -> Lexeme:
        return self._lexemes[self._next]

    def _take(self) -> Lexeme:
        lexeme = self._lexemes[self._next]
        self._next += 1
        return lexeme

    def _operand_after(self, operator: Lexeme) -> None:
        following = self._peek()
        if following.kind not in _STARTS_OPERAND:
            found = following.kind.value
            raise QuerySyntaxError(
                f"'{operator.text}' is followed by {found}", following.position, EXPECTED_OPERAND
            )

    def _or_expr(self) -> Node | None:
        branches: list[tuple[Lexeme, Node]] = []
        while True:
            start = self._peek()
            branch = self._and_expr()
            if branch is not None:
                branches.append((start, branch))
            if self._peek().kind is not Kind.OR:
                break
            self._operand_after(self._take())
        if len(branches) > 1:
            for start, branch in branches:
                if not is_positive(branch):
                    raise QuerySyntaxError(
                        "a side of OR only excludes", start.position, "a word or phrase"
                    )
        return _combine(Or, [branch for _, branch in branches])

    def _and_expr(self) -> Node | None:
        items: list[Node] = []
        while True:
            item = self._unary()
            if item is not None:
                items.append(item)
            following = self._peek()
            if following.kind is Kind.AND:
                self._operand_after(self._take())
            elif following.kind not in _STARTS_OPERAND:
                break
        return _combine(And, items)

    def _unary(self) -> Node | None:
        negations: list[Lexeme] = []
        while self._peek().kind is Kind.NOT:
            negations.append(self._take())
            self._operand_after(negations[-1])
        node = self._primary()
        if node is None or len(negations) % 2 == 0:
            return node
        if isinstance(node, Not):
            return node.item
        if not is_positive(node):
            raise QuerySyntaxError(
                "an exclusion only excludes", negations[0].position, "a word or phrase to exclude"
            )
        return Not(node)

    def _primary(self) -> Node | None:
        lexeme = self._take()
        match lexeme.kind:
            case Kind.WORD | Kind.PHRASE:
                return _leaf(lexeme.words, lexeme.prefix)
            case Kind.OPEN:
                return self._group(lexeme)
            case Kind.FIELD:
                return self._field(lexeme)
        if lexeme.kind in (Kind.AND, Kind.OR):
            raise QuerySyntaxError(
                f"'{lexeme.text}' has nothing before it", lexeme.position, EXPECTED_OPERAND
            )
        raise QuerySyntaxError(f"unexpected {lexeme.kind.value}", lexeme.position, EXPECTED_OPERAND)

    def _group(self, opening: Lexeme) -> Node | None:
        if self._depth == MAX_DEPTH:
            raise QuerySyntaxError(
                "parentheses nested too deeply",
                opening.position,
                f"at most {MAX_DEPTH} levels of '('",
            )
        if self._peek().kind is Kind.CLOSE:
            raise QuerySyntaxError("empty parentheses", self._peek().position, EXPECTED_OPERAND)
        self._depth += 1
        node = self._or_expr()
        self._depth -= 1
        if self._take().kind is not Kind.CLOSE:
            raise QuerySyntaxError("unbalanced parenthesis", opening.position, "a closing ')'")
        return node

    def _field(self, field: Lexeme) -> Node | None:
        self._operand_after(field)
        node = self._unary()
        if node is not None and _has_field(node):
            raise QuerySyntaxError(
                "field filters cannot be nested", field.position, "a word, phrase or '(' group"
            )
        return None if node is None else _restrict(field.text.rstrip(":"), node)


def _leaf(found: tuple[str, ...], prefix: bool) -> Node | None:
    if not found:
        return None
    if len(found) == 1:
        return Term(found[0], prefix)
    return Phrase(found, prefix)


def _combine(kind: type[And] | type[Or], items: list[Node]) -> Node | None:
    """``kind`` over ``items``, flattened: ``(a OR b) OR c`` is one Or of three."""
    flat: list[Node] = []
    for item in items:
        flat.extend(item.items if isinstance(item, kind) else (item,))
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


def _restrict(name: str, node: Node) -> Node:
    """``Field(name, node)``, with exclusions moved outside so that a Field is always positive."""
    if isinstance(node, Not):
        return Not(_restrict(name, node.item))
    if isinstance(node, And) and not is_positive(node):
        return And(tuple(_restrict(name, item) for item in node.items))
    return Field(name, node)


def _has_field(node: Node) -> bool:
    match node:
        case Field():
            return True
        case And(items) | Or(items):
            return any(_has_field(item) for item in items)
        case Not(item):
            return _has_field(item)
    return False


QUERY_LANGUAGE_DOC = """\
## Query language

| you write | it finds |
|---|---|
| `kherson bridge` | articles with both words (anywhere, any order) |
| `"grain corridor"`, `“grain corridor”`, `«grain corridor»` | the words side by side, in order |
| `kherson OR mykolaiv` | articles with either word |
| `ceasefire -gaza`, `ceasefire NOT gaza` | ceasefire, but not when gaza is mentioned |
| `zaporizh*` | words starting with zaporizh (Zaporizhzhia, Zaporizhia, ...) |
| `"black sea gr"*` | the phrase, its last word as a prefix |
| `(kherson OR odesa) -drone` | parentheses group |
| `title:kherson`, `title:"grain deal"`, `body:(port OR harbour)` | only in that field |

A bar is OR too: `kherson | mykolaiv`. Fields are `title` and `body`.
`OR` binds loosest: `a b OR c` is `(a b) OR c`;
`-` and `NOT` bind tightest: `-a b` excludes only `a`, and `kherson OR odesa -drone` is
`kherson OR (odesa -drone)`. Only upper-case `AND`, `OR`, `NOT`
are operators; `and`, `or`, `not` are words, and `"OR"` searches for the word.

**Words** are cut as the index cuts them: punctuation separates words, so `POL-358` is
the phrase `"POL 358"` and `foo:bar` (not a field) is `"foo bar"`. Case and Latin accents
do not matter (`cafe` finds café). English words are stemmed (Porter): `election` finds
elections, `rising` finds rise; a prefix is matched against stems too, so `nationa*` may miss
national (stem "nation") where `nation*` finds it. Cyrillic and other alphabets are not
stemmed and work as they are (`Херсон`, `Херсона` are different words).

**Chinese, Japanese and Korean** are found inside longer runs of characters: `北京` finds
北京市政府, `서울` finds 서울에서, `電車` finds 東京の電車が遅延 (each word is matched as
the sequence of its overlapping character pairs). A single character (`京`) finds the runs
where it starts a pair or stands alone. A word mixing CJK with other letters (`K팝`) is
matched as one whole word.

A `-` before a space is punctuation (`a - b` is `a b`). Parts with no letters or digits
(`*`, `?!`, `""`) are ignored; a query with nothing else is an error (400: no words to
search for).

**Errors** (HTTP 400, naming the 0-based character position and what was expected):
an unbalanced `"` or parenthesis, an operator or field with nothing to apply to
(`OR kherson`, `kherson AND`, `title:`), empty `()`, a field inside a field,
more than 32 levels of parentheses, and a query that only excludes: `-gaza` alone, or
`kherson OR -gaza`, has nothing to search for.

The response echoes the query as it was understood, in a canonical form:
`POL-358 zaporizh* | kherson` is echoed as `"POL 358" zaporizh* OR kherson`.
"""
