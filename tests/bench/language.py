"""Language detection: accuracy and speed of py3langid (what newsstore uses) against lingua.

    python -m tests.bench.language [EXTRACTION_DIR] [DATES_DIR]
    (defaults ../shared/data/extraction-multilingual-dev, ../shared/data/dates-multilingual-dev)

Labels come from each page's <html lang="..."> attribute (pages without one are left out), so
both detectors are scored against the same, slightly noisy, truth. Texts: a snippet the page's
article must contain (extraction set) or the first sentence of its first prose line (dates set),
and the whole dump line it sits in (a paragraph). lingua is measured only when installed
(pip install lingua-language-detector): it is not a dependency.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from app.normalize.language import detect_language

EXTRACTION_DIR = Path("../shared/data/extraction-multilingual-dev")
DATES_DIR = Path("../shared/data/dates-multilingual-dev")
_LANG_ATTR = re.compile(r"<html[^>]*\blang=[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_PROSE_WORDS = 15
_MIN_SNIPPET_CHARS = 15

Sample = tuple[str, str, str]  # label, snippet, paragraph


def _label(html_gz: Path) -> str | None:
    head = gzip.decompress(html_gz.read_bytes())[:5000].decode("utf-8", errors="replace")
    match = _LANG_ATTR.search(head)
    return match[1].lower() if match else None


def _lines(path: Path) -> list[str]:
    return [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines()]


def extraction_samples(folder: Path) -> Iterator[Sample]:
    for key, truth in json.loads((folder / "truth.json").read_text(encoding="utf-8")).items():
        label = _label(folder / "html" / f"{key}.html.gz")
        snippets = [s for s in truth["with"] if len(s) >= _MIN_SNIPPET_CHARS]
        if not label or not snippets:
            continue
        paragraph = next(
            (ln for ln in _lines(folder / "text" / f"{key}.txt") if snippets[0] in ln), None
        )
        if paragraph:
            yield label, snippets[0], paragraph


def dates_samples(folder: Path) -> Iterator[Sample]:
    for row in (folder / "truth.tsv").read_text(encoding="utf-8").splitlines():
        key = row.split("\t")[0]
        label = _label(folder / "html" / f"{key}.html.gz")
        prose = [
            ln for ln in _lines(folder / "text" / f"{key}.txt") if len(ln.split()) >= _PROSE_WORDS
        ]
        if label and prose:
            paragraph = max(prose[:5], key=len)
            yield label, re.split(r"(?<=[.!?])\s", paragraph)[0][:200], paragraph


def detectors() -> dict[str, Callable[[str], str | None]]:
    found: dict[str, Callable[[str], str | None]] = {
        "py3langid (norm_probs)": lambda text: detect_language(text)[0]
    }
    if importlib.util.find_spec("lingua"):
        from lingua import LanguageDetectorBuilder

        lingua = LanguageDetectorBuilder.from_all_languages().build()

        def by_lingua(text: str) -> str | None:
            language = lingua.detect_language_of(text)
            return language.iso_code_639_1.name.lower() if language else None

        found["lingua (high accuracy)"] = by_lingua
    else:
        print("lingua not installed: pip install lingua-language-detector to compare")
    return found


def main(argv: list[str]) -> None:
    extraction_dir = Path(argv[0]) if argv else EXTRACTION_DIR
    dates_dir = Path(argv[1]) if len(argv) > 1 else DATES_DIR
    samples = [*extraction_samples(extraction_dir), *dates_samples(dates_dir)]
    print(f"{len(samples)} pages, {len({s[0] for s in samples})} languages (html lang)")
    print(f"{'detector':<24} {'text':<10} {'accuracy':>8} {'median ms':>10}")
    for name, detect in detectors().items():
        for kind, column in (("snippet", 1), ("paragraph", 2)):
            detect(samples[0][column])  # load the model outside the timing
            right, times = 0, []
            for sample in samples:
                start = time.perf_counter()
                right += detect(sample[column]) == sample[0]
                times.append(time.perf_counter() - start)
            median_ms = statistics.median(times) * 1000
            print(f"{name:<24} {kind:<10} {right / len(samples):>8.3f} {median_ms:>10.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
