"""A small fixed corpus and what each query finds in it, shared by both backends' tests.

Each case shows one operator's meaning; both backends must agree on all of them.
"""

ARTICLES: dict[int, tuple[str, str]] = {
    1: ("Kherson bridge reopens", "Traffic resumed across the bridge near Kherson on Tuesday."),
    2: ("Херсон під обстрілом", "Російські війська обстріляли Херсон уночі."),
    3: ("Café culture returns", "The café on the square reopened after the winter."),
    4: ("Cafe prices rise", "A cafe in Lviv raised its prices again."),
    5: ("Zaporizhzhia plant inspected", "Inspectors visited the Zaporizhzhia nuclear plant."),
    6: ("Shelling in Zaporizhia region", "Shelling was reported across the Zaporizhia region."),
    7: ("Product recall notice", "The batch POL-358 was recalled after failed tests."),
    8: ("서울에서 정상회담", "대통령은 서울에서 기자회견을 열었다."),
    9: ("北京发布新规", "北京市政府今天发布了新的交通规定。"),
    10: ("Grain deal talks resume", "Kherson and Odesa ports wait for the grain deal."),
}

# (query, ids found, what it shows)
CASES: list[tuple[str, set[int], str]] = [
    ("kherson", {1, 10}, "a word, any case"),
    ("bridge kherson", {1}, "words are ANDed, in any order"),
    ("kherson AND bridge", {1}, "explicit AND"),
    ("kherson OR zaporizhia", {1, 6, 10}, "OR"),
    ("kherson | zaporizhia", {1, 6, 10}, "| is OR"),
    ("kherson or odesa", set(), "lower-case or is a word (absent here)"),
    ("kherson and odesa", {10}, "lower-case and is a word (present in 10)"),
    ("kherson -bridge", {10}, "- excludes"),
    ("kherson NOT bridge", {10}, "NOT excludes"),
    ("kherson -(bridge OR odesa)", set(), "excluding a group"),
    ("(kherson OR odesa) grain", {10}, "parentheses group"),
    ("grain OR inspectors plant", {5, 10}, "AND binds tighter than OR"),
    ('"grain deal"', {10}, "phrase: adjacent, in order"),
    ('"deal grain"', set(), "phrase: order matters"),
    ('"bridge kherson"', set(), "phrase: adjacency matters"),
    ('"resume kherson"', set(), "phrase: never runs from the title into the body"),
    ("title:kherson", {1}, "field: title only"),
    ("body:kherson", {1, 10}, "field: body only"),
    ('title:"grain deal"', {10}, "field with a phrase"),
    ("title:(cafe OR zaporizhia)", {3, 4, 6}, "field with a group"),
    ("zaporizh* -title:plant", {6}, "excluding a field match"),
    ("foo:kherson", set(), "an unknown field is a phrase of plain words"),
    ("херсон", {2}, "Cyrillic"),
    ("ХЕРСОН", {2}, "Cyrillic, case-folded"),  # noqa: RUF001
    ("Херсон -обстрілом", set(), "Cyrillic exclusion"),
    ("cafe", {3, 4}, "diacritics folded: cafe finds café"),
    ("café", {3, 4}, "diacritics folded: café finds cafe"),
    ("zaporizhzhia", {5}, "spellings are different words"),
    ("zaporizhia", {6}, "spellings are different words"),
    ("zaporizh*", {5, 6}, "a prefix finds both spellings"),
    ("POL-358", {7}, "hyphenated: the phrase pol 358"),
    ("pol-35*", {7}, "hyphenated prefix"),
    ('"358 pol"', set(), "hyphenated parts in the other order"),
    ("서울에서", {8}, "Korean: a whole run between spaces"),
    ("서울", set(), "Korean: particles stay glued to the word (unicode61)"),
    ("서울*", {8}, "Korean: a prefix finds the glued word"),
    ("北京发布新规", {9}, "Chinese: the whole run is one word"),
    ("北京", set(), "Chinese: no word breaks inside a run (unicode61)"),
    ("北京*", {9}, "Chinese: a prefix of the run"),
]
