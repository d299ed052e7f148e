"""The cleaning stage's one entry point: page bytes in, an Article or a Rejection out.

Pure and deterministic: no I/O, no clock unless the caller gives none, no state
between calls (the langdetect profiles and phrase lists are read once and never change).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import boilerplate, decode, quality
from .authors import find_authors
from .byline_elements import byline_authors
from .dates import find_dates, read_htmldate, utc_now
from .extract import Extraction, canonical_url, declared_languages, extract_article, parse_html
from .identity import article_id, content_hash, domain_of
from .language import declared_language, detect_language
from .models import Article, PageInput, Rejection, RejectReason, Stage
from .normalize import join_paragraphs, normalize_line, normalize_paragraphs
from .page_meta import PageMeta, categories, description, image_url, read_page_meta, site_name, tags
from .text_units import count_words
from .titles import headline


@dataclass(frozen=True)
class CleaningOptions:
    thresholds: quality.QualityThresholds = field(default_factory=quality.QualityThresholds)


def clean_page(page: PageInput, options: CleaningOptions | None = None) -> Article | Rejection:
    """Clean one page. Never raises: an unexpected failure is a Rejection saying what broke."""
    options = options or CleaningOptions()
    try:
        return _clean(page, options)
    except Exception as error:  # noqa: BLE001 - one bad page must not end a run
        return Rejection(page.url, Stage.EXTRACT, RejectReason.EXTRACTION_ERROR,
                         f"{type(error).__name__}: {error}"[:500])


def _clean(page: PageInput, options: CleaningOptions) -> Article | Rejection:
    try:
        decode.sniff_payload(page.body, page.headers)
    except decode.NotHtmlError as not_html:
        return Rejection(page.url, Stage.DECODE, not_html.reason, not_html.detail)
    html = decode.decode_html(page.body, page.headers)
    tree = parse_html(html)
    if tree is None:
        return Rejection(page.url, Stage.DECODE, RejectReason.EMPTY, "the HTML has no elements")

    extraction = extract_article(tree, page.url)
    if extraction is None:
        return Rejection(page.url, Stage.EXTRACT, RejectReason.NO_CONTENT,
                         "the extractor found no article body")
    blocks = extraction.blocks
    metadata = read_page_meta(tree)
    declared_article = quality.declares_article(metadata)
    verdict = quality.check_extracted(blocks, options.thresholds, declared_article) or quality.check_teasers(
        tree, blocks, options.thresholds, declared_article)
    if verdict:
        return Rejection(page.url, Stage.QUALITY, *verdict)

    sitename = site_name(metadata)
    title = normalize_line(headline(metadata, page.url, known_title=page.known.title, site_name=sitename) or "") or None
    kept = boilerplate.strip_boilerplate(blocks, title)
    verdict = quality.check_cleaned(kept, blocks, options.thresholds)
    if verdict:
        return Rejection(page.url, Stage.QUALITY, *verdict)

    paragraphs = normalize_paragraphs(block.text for block in kept)
    text = join_paragraphs(paragraphs)
    return _article(page, tree, metadata, extraction, title, sitename, text, paragraphs)


def _article(page: PageInput, tree, metadata: PageMeta, extraction: Extraction, title: str | None,
             sitename: str | None, text: str, paragraphs: list[str]) -> Article:
    fetched_at = page.fetched_at or utc_now()
    canonical = canonical_url(metadata, page.url)
    top_lines = [block.text for block in extraction.blocks[:20] if len(block.text) < 100]
    dates = find_dates(tree, canonical or page.url, fetched_at, page.known.published_at, top_lines,
                       lambda: read_htmldate(tree, canonical or page.url), metadata)
    declared = declared_language([*declared_languages(tree, metadata), decode.header_value(page.headers, "content-language")])
    return Article(
        article_id=article_id(canonical or page.url),
        url=page.url,
        canonical_url=canonical,
        domain=domain_of(canonical or page.url),
        title=title,
        text=text,
        authors=_clean_list(find_authors(tree, top_lines, lambda: byline_authors(tree), metadata)),
        published_at=dates.published_at,
        published_at_source=dates.published_at_source,
        modified_at=dates.modified_at,
        language=detect_language(text, declared),
        description=normalize_line(description(metadata) or "") or None,
        sitename=normalize_line(sitename or "") or None,
        categories=_clean_list(categories(metadata)),
        tags=_clean_list(tags(metadata)),
        image_url=image_url(metadata, page.url),
        word_count=sum(count_words(paragraph) for paragraph in paragraphs),
        content_hash=content_hash(text),
        discovered_via=page.known.discovered_via,
    )


def _clean_list(values: list[str]) -> list[str]:
    """Normalized, without empties or repeats, in first-seen order."""
    return list(dict.fromkeys(value for value in normalize_paragraphs(values)))
