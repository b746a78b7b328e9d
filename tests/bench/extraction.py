"""Extraction benchmark: newsstore's text and HTML paths beside the anchors, in one run.

    python -m tests.bench.extraction [FOLDER]

FOLDER is a shared extraction data set (default ../shared/data/extraction-dev): text/KEY.txt,
html/KEY.html.gz and either ground-truth.json (scored by 4-token shingles) or truth.json (scored by
with/without snippets). Prints F1, precision, recall and pages per second for each extractor.
"""

from __future__ import annotations

import gzip
import html
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import justext
import py3langid
import trafilatura

from app.normalize import RawInput, normalize
from tests.bench.scoring import Score, shingle_score, snippet_score

DEFAULT_FOLDER = Path("../shared/data/extraction-dev")

# py3langid code -> jusText stoplist name, for the languages the data sets hold most.
_STOPLISTS = {
    "de": "German", "en": "English", "fr": "French", "es": "Spanish", "it": "Italian",
    "nl": "Dutch", "pt": "Portuguese", "pl": "Polish", "ru": "Russian", "uk": "Ukrainian",
    "sv": "Swedish", "da": "Danish", "no": "Norwegian_Bokmal", "fi": "Finnish", "cs": "Czech",
    "hu": "Hungarian", "tr": "Turkish", "el": "Greek", "ro": "Romanian", "bg": "Bulgarian",
}  # fmt: skip


@dataclass
class Page:
    key: str
    url: str | None
    text: str
    html: str


@dataclass
class Row:
    name: str
    source: str
    score: Score
    pages_per_second: float


def load_pages(folder: Path) -> tuple[list[Page], dict[str, dict]]:
    truth_file = folder / "ground-truth.json"
    if not truth_file.exists():
        truth_file = folder / "truth.json"
    truth: dict[str, dict] = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        text = (folder / "text" / f"{key}.txt").read_text(encoding="utf-8", errors="replace")
        with gzip.open(folder / "html" / f"{key}.html.gz", "rb") as fh:
            page_html = fh.read().decode("utf-8", errors="replace")
        pages.append(Page(key, truth[key].get("url"), text, page_html))
    return pages, truth


def _justext(page: Page, stoplist: str) -> str:
    markup = "".join(f"<p>{html.escape(line)}</p>" for line in page.text.splitlines())
    paragraphs = justext.justext(
        f"<html><body>{markup}</body></html>", justext.get_stoplist(stoplist)
    )
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def justext_english(page: Page) -> str:
    return _justext(page, "English")


def justext_page_language(page: Page) -> str:
    code, _ = py3langid.classify(page.text)
    return _justext(page, _STOPLISTS.get(code, "English"))


def trafilatura_html(page: Page) -> str:
    return trafilatura.extract(page.html, url=page.url) or ""


def newsstore_text(page: Page) -> str:
    return normalize(RawInput(content=page.text, format="text", url=page.url)).body


def newsstore_html(page: Page) -> str:
    return normalize(RawInput(content=page.html, format="html", url=page.url)).body


def dump(page: Page) -> str:
    return page.text


def _run(extract: Callable[[Page], str], pages: list[Page]) -> tuple[list[str], float]:
    bodies = []
    started = time.perf_counter()
    for page in pages:
        bodies.append(extract(page))
    elapsed = time.perf_counter() - started
    return bodies, len(pages) / elapsed if elapsed else float("inf")


def _score(bodies: list[str], pages: list[Page], truth: dict[str, dict]) -> Score:
    if "articleBody" in next(iter(truth.values())):
        return shingle_score(
            (truth[p.key]["articleBody"], body) for p, body in zip(pages, bodies, strict=True)
        )
    return snippet_score(
        (truth[p.key]["with"], truth[p.key]["without"], body)
        for p, body in zip(pages, bodies, strict=True)
    )


def benchmark(folder: Path) -> list[Row]:
    pages, truth = load_pages(folder)
    multilingual = "articleBody" not in next(iter(truth.values()))
    extractors: list[tuple[str, str, Callable[[Page], str]]] = [
        ("none (the dump as it is)", "text", dump),
        (
            "jusText, page-language stoplist" if multilingual else "jusText, English stoplist",
            "text",
            justext_page_language if multilingual else justext_english,
        ),
        ("trafilatura", "html", trafilatura_html),
        ("newsstore text path", "text", newsstore_text),
        ("newsstore HTML path", "html", newsstore_html),
    ]
    rows = []
    for name, source, extract in extractors:
        bodies, rate = _run(extract, pages)
        rows.append(Row(name, source, _score(bodies, pages, truth), rate))
    return rows


def format_table(rows: list[Row], folder: Path, n_pages: int) -> str:
    lines = [
        f"{folder.name}: {n_pages} pages",
        f"| {'extractor':<33} | input | F1    | precision | recall | pages/s |",
        f"|{'-' * 35}|-------|-------|-----------|--------|---------|",
    ]
    for r in rows:
        s = r.score
        lines.append(
            f"| {r.name:<33} | {r.source:<5} | {s.f1:.3f} | {s.precision:.3f}     "
            f"| {s.recall:.3f}  | {r.pages_per_second:>7.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv else DEFAULT_FOLDER
    rows = benchmark(folder)
    n_pages = len(list((folder / "text").glob("*.txt")))
    print(format_table(rows, folder, n_pages))


if __name__ == "__main__":
    main(sys.argv[1:])
