"""Raw scraped input -> the clean article a careful reader would extract. No database here."""

from app.normalize.article import NormalizedArticle, Outlet, RawInput, RemovedLine
from app.normalize.pipeline import normalize

__all__ = ["NormalizedArticle", "Outlet", "RawInput", "RemovedLine", "normalize"]
