"""Wire agencies and state media the article names as its source.

A name alone is not a citation: a story about Reuters does not cite it, and "(AP Photo/...)" is
a picture credit. A name counts when an attribution shapes the sentence around it: a cue before
it in the same clause ("according to", "reported by", "citing", "told", "with reference to"), a
reporting verb after it ("Yonhap reported", "TASS said"), or the wire's own tag at a paragraph's
end or in a dateline ("(Yonhap)", "SEOUL (AP) --", "-- AFP").
"""

from __future__ import annotations

import re

# Canonical display name -> the ways texts write it. A general vocabulary of agencies and state
# media, not a list of phrases from particular pages.
AGENCIES: dict[str, tuple[str, ...]] = {
    "KCNA": ("KCNA", "Korean Central News Agency", "Central Telegraph Agency of Korea"),
    "TASS": ("TASS", "ITAR-TASS", "Tass", "ТАСС"),
    "Yonhap": ("Yonhap", "Yonhap News Agency"),
    "Reuters": ("Reuters", "Рейтер", "Reuters news agency"),
    "AP": ("AP", "Associated Press"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "Xinhua": ("Xinhua", "Xinhua News Agency", "Синьхуа"),
    "RIA Novosti": ("RIA Novosti", "РИА Новости"),
    "Interfax": ("Interfax", "Интерфакс"),
    "Anadolu": ("Anadolu Agency", "Anadolu", "Anadolu Ajansı"),
    "dpa": ("dpa", "Deutsche Presse-Agentur"),
    "EFE": ("EFE", "Agencia EFE"),
    "ANSA": ("ANSA",),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "Jiji Press": ("Jiji Press", "Jiji"),
    "PTI": ("PTI", "Press Trust of India"),
    "IANS": ("IANS",),
    "ANI": ("ANI", "Asian News International"),
    "UNIAN": ("UNIAN", "УНІАН", "УНИАН"),
    "Ukrinform": ("Ukrinform", "Укрінформ", "Укринформ"),
    "Bloomberg": ("Bloomberg", "Bloomberg News"),
    "Sputnik": ("Sputnik",),
    "RT": ("RT", "Russia Today"),
    "IRNA": ("IRNA", "Islamic Republic News Agency"),
    "Bernama": ("Bernama",),
    "Antara": ("Antara",),
    "Europa Press": ("Europa Press",),
    "Lusa": ("Lusa",),
    "Canadian Press": ("Canadian Press",),
    "AAP": ("AAP", "Australian Associated Press"),
    "PAP": ("Polish Press Agency",),
    "BelTA": ("BelTA",),
    "SANA": ("SANA",),
    "WAFA": ("WAFA",),
    "KUNA": ("KUNA",),
    "Saudi Press Agency": ("Saudi Press Agency",),
    "Rodong Sinmun": ("Rodong Sinmun",),
    "Global Times": ("Global Times",),
    "CCTV": ("CCTV", "China Central Television"),
}

_CANONICAL = {alias: name for name, aliases in AGENCIES.items() for alias in aliases}
_NAMES = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(alias) for alias in sorted(_CANONICAL, key=len, reverse=True))
    + r")(?![\w-])"
)
_CUE_BEFORE = re.compile(
    r"\b(?:according\s+to|reported\s+by|reports?\s+(?:by|from)|cited\s+by|citing|quoted\s+by|"
    r"quoting|with\s+reference\s+to|referring\s+to|carried\s+by|published\s+by|released\s+by|"
    r"told|tells|telling|sp(?:eaking|oke)\s+to|talking\s+to|confirmed|said\s+to|in\s+an?\s+(?:interview|statement)\s+(?:with|to)|via|"
    r"сообщает|сообщил[аи]?|передает|передаёт|по\s+данным|со\s+ссылкой\s+на|"
    r"повідомляє|за\s+даними|з\s+посиланням\s+на|según|informó|citado\s+por|segundo|"
    r"selon|d'après|laut|berichtete|göre|bildirdi)\b[^.;!?]*$",
    re.IGNORECASE,
)
_VERB_AFTER = re.compile(
    r"^(?:\s*\([A-Z][\w-]*\))?(?:\s+news\s+agency)?,?\s+(?:has\s+|had\s+|also\s+)?"
    r"(?:reported|reports|reporting|said|says|quoted|cited|wrote|writes|learned|learnt|"
    r"cites|quotes|сообщает|сообщило?|передает|передаёт|пишет|повідомляє|informó|informa|"
    r"a\s+rapporté|berichtet|berichtete|bildirdi|contributed)\b",
    re.IGNORECASE,
)
_VERB_JUST_BEFORE = re.compile(
    r"\b(?:reports|reported|says|said|writes|wrote|notes|noted|adds|added)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_TAG_BEFORE = re.compile(r"(?:[-\u2013\u2014]{1,2}\s*|\(\s*)$")
_TAG_AFTER = re.compile(r"^\s*\)?\s*(?:$|[-\u2013\u2014]{1,2}\s|\)\s*[-\u2013\u2014:])")
_CREDIT_BEFORE = re.compile(r"(?:photo|foto|image|picture|credit|video|©)\W{0,3}(?:by\s+)?$", re.I)
_CREDIT_AFTER = re.compile(r"^\s*(?:photo|foto|/|images|video|file)", re.IGNORECASE)
_CLAUSE_CHARS = 160


def _is_cited(paragraph: str, start: int, end: int) -> bool:
    before, after = paragraph[max(0, start - _CLAUSE_CHARS) : start], paragraph[end:]
    if _CREDIT_BEFORE.search(before) or _CREDIT_AFTER.match(after):
        return False
    tagged = _TAG_BEFORE.search(before) and _TAG_AFTER.match(after)
    spelled_out_just_before = before.rstrip("( ").endswith(tuple(_CANONICAL))
    if tagged and not spelled_out_just_before:
        return True
    return bool(
        _CUE_BEFORE.search(before) or _VERB_JUST_BEFORE.search(before) or _VERB_AFTER.match(after)
    )


def sources_cited(body: str) -> list[str]:
    """Canonical names of the agencies the text attributes to, in order of first citation."""
    cited: list[str] = []
    for paragraph in body.splitlines():
        for match in _NAMES.finditer(paragraph):
            name = _CANONICAL[match[1]]
            if name not in cited and _is_cited(paragraph, match.start(), match.end()):
                cited.append(name)
    return cited
