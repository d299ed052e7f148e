"""Within a run, one article is written once: same article_id or same content_hash."""
from __future__ import annotations

from cleaning.models import Article


class RunDeduplicator:
    """Remembers the ids and hashes seen in this run (two short strings per article)."""

    def __init__(self) -> None:
        self._article_ids: set[str] = set()
        self._content_hashes: set[str] = set()

    def is_duplicate(self, article: Article) -> bool:
        """True when seen before; otherwise remembers the article and returns False."""
        if article.article_id in self._article_ids or article.content_hash in self._content_hashes:
            return True
        self._article_ids.add(article.article_id)
        self._content_hashes.add(article.content_hash)
        return False
