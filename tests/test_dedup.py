"""RunDeduplicator: within a run an article is written once (same id or same content)."""
from __future__ import annotations

import dataclasses

from pipelines.dedup import RunDeduplicator

from .test_dataset_writer import make_article


def test_first_article_is_not_a_duplicate():
    dedup = RunDeduplicator()
    assert dedup.is_duplicate(make_article(1)) is False


def test_same_article_id_is_a_duplicate():
    dedup = RunDeduplicator()
    first = make_article(1)
    same_id_new_text = dataclasses.replace(first, text="Entirely different text.", content_hash="f" * 64,
                                           url="https://news.example.com/story-1?utm=x")
    assert dedup.is_duplicate(first) is False
    assert dedup.is_duplicate(same_id_new_text) is True


def test_same_content_hash_is_a_duplicate():
    dedup = RunDeduplicator()
    first = make_article(1)
    mirror = dataclasses.replace(first, article_id="e" * 32, url="https://mirror.example.org/copy",
                                 canonical_url="https://mirror.example.org/copy")
    assert dedup.is_duplicate(first) is False
    assert dedup.is_duplicate(mirror) is True


def test_different_id_and_hash_are_not_duplicates():
    dedup = RunDeduplicator()
    articles = [make_article(n) for n in range(20)]
    assert [dedup.is_duplicate(a) for a in articles] == [False] * 20
    # and each of them is a duplicate when seen again
    assert [dedup.is_duplicate(a) for a in articles] == [True] * 20


def test_identical_article_seen_twice():
    dedup = RunDeduplicator()
    article = make_article(3)
    assert dedup.is_duplicate(article) is False
    assert dedup.is_duplicate(dataclasses.replace(article)) is True
    assert dedup.is_duplicate(article) is True


def test_a_dropped_duplicate_does_not_block_later_new_content():
    """B is dropped (same id as A); its content was never written, so C carrying B's
    content under a new id is new to the dataset."""
    dedup = RunDeduplicator()
    a = make_article(1)
    b = dataclasses.replace(a, content_hash="b" * 64)
    c = dataclasses.replace(make_article(2), content_hash="b" * 64)
    assert dedup.is_duplicate(a) is False
    assert dedup.is_duplicate(b) is True
    assert dedup.is_duplicate(c) is False


def test_deduplicators_are_independent():
    first, second = RunDeduplicator(), RunDeduplicator()
    article = make_article(5)
    assert first.is_duplicate(article) is False
    assert second.is_duplicate(article) is False
