"""Language of the article, ISO 639-1, with a confidence."""

from __future__ import annotations

import py3langid


def detect_language(text: str) -> tuple[str | None, float | None]:
    if not text.strip():
        return None, None
    code, prob = py3langid.classify(text)
    return code, round(float(prob), 3)
