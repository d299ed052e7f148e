"""Is this article new, a new version, unchanged, or another URL's text? Judged against
the folder's state store, the same way for every command that writes a dataset."""
from __future__ import annotations

from dataclasses import dataclass, field

from cleaning.models import Article

from .state import StateStore

UNCHANGED = "unchanged"  # this article_id with this text is in the dataset already
DUPLICATE = "duplicate"  # a new article_id whose text another article in the dataset has


@dataclass
class RunRecord:
    """What a run judged, kept for the state store until its files are published."""

    state: StateStore
    urls: list[tuple[str, str]] = field(default_factory=list)  # (url, outcome)
    articles: list[tuple[str, str, int, str]] = field(default_factory=list)  # (id, hash, version, url)

    def saw(self, outcome: str, *urls: str | None) -> None:
        """These URLs (the one fetched, the one asked for before redirects) ended as `outcome`."""
        self.urls += [(url, outcome) for url in urls if url]

    def judge(self, article: Article, requested_url: str | None = None) -> int | str:
        """The version to write the article as (1 for a new one), or UNCHANGED / DUPLICATE."""
        # Both the URL asked for and the one redirected to are known from now on.
        self.saw("article", article.url, requested_url)
        known = self.state.known_article(article.article_id)
        if known is not None and known.content_hash == article.content_hash:
            return UNCHANGED
        if known is None and self.state.known_content(article.content_hash):
            return DUPLICATE
        version = known.version + 1 if known else 1
        self.articles.append((article.article_id, article.content_hash, version, article.url))
        return version

    def commit(self, run_id: str, validators: list = (), pending: list = (), lastmods: list = ()) -> None:
        self.state.commit_run(run_id, self.urls, self.articles, list(validators), list(pending), list(lastmods))
