"""Exact duplicates: a later copy of a stored body under another URL is recorded against the
article it copies (where else it ran, and when it was first seen), never stored again."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.models import ArticleDuplicate


@dataclass(frozen=True)
class DuplicateCopy:
    """Where a later copy of a stored article's body appeared."""

    url: str | None
    outlet: str | None  # slug


def record_duplicate(session: Session, original_id: str, copy: DuplicateCopy) -> bool:
    """Note `copy` as a duplicate of the stored article `original_id`; False when that URL (or,
    without one, that outlet) was already noted, so re-ingesting the copy changes nothing."""
    url, outlet = copy.url, copy.outlet
    seen = select(ArticleDuplicate.id).where(ArticleDuplicate.article_id == original_id)
    if url is not None:
        seen = seen.where(ArticleDuplicate.url == url)
    else:
        seen = seen.where(col(ArticleDuplicate.url).is_(None), ArticleDuplicate.outlet == outlet)
    if session.exec(seen).first() is not None:
        return False
    session.add(ArticleDuplicate(article_id=original_id, url=url, outlet=outlet))
    session.flush()
    return True


def duplicates_of(session: Session, article_id: str) -> list[ArticleDuplicate]:
    return list(
        session.exec(
            select(ArticleDuplicate)
            .where(ArticleDuplicate.article_id == article_id)
            .order_by(col(ArticleDuplicate.first_seen), col(ArticleDuplicate.id))
        ).all()
    )
