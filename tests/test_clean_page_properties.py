"""Properties of the cleaning stage's entry point on arbitrary input: it never breaks, never
varies, and what it returns is always well-formed."""
import hashlib
import html
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaning import Article, PageInput, Rejection, RejectReason, Stage, clean_page
from cleaning.normalize import normalize_text
from cleaning.text_units import count_words

URL = "https://news.example.com/2024/02/27/council-vote"
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VOCABULARY = (
    "the council voted on Tuesday to expand bus network northern suburbs ending debate that had "
    "lasted more than two years supporters said new lines would cut commuting times for thousands "
    "of workers while opponents warned cost project badly underestimated Café naïve Zürich "
    "élèves déjà año niño straße “quoted” — … 2024 10:00 By Jane Doe Advertisement Read more: "
    "Most Popular Share © cookies newsletter"
).split()

word = st.one_of(
    st.sampled_from(VOCABULARY),
    st.text(min_size=1, max_size=10),
    st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs", "M")), min_size=1,
            max_size=10),
)
paragraph = st.lists(word, min_size=1, max_size=45).map(" ".join)
paragraphs = st.lists(paragraph, min_size=1, max_size=10)

TAGS = ["p", "div", "span", "a", "article", "main", "section", "header", "footer", "nav", "aside",
        "h1", "h2", "ul", "li", "table", "tr", "td", "figure", "figcaption", "time", "br", "b", "i",
        "script", "style", "title", "meta", "html", "body", "head", "!--", "![CDATA["]
html_piece = st.one_of(
    st.sampled_from(TAGS).map(lambda tag: f"<{tag}>"),
    st.sampled_from(TAGS).map(lambda tag: f"</{tag}>"),
    st.sampled_from([
        '<a href="/x">', '<time datetime="2024-02-27T10:00:00+01:00">', '<html lang="fr">',
        '<meta property="article:published_time" content="2024-02-27">', '<link rel="canonical" href="/c">',
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-02-26"}</script>',
        '<meta charset="iso-8859-1">', "&amp;", "&nbsp;", "&#0;", "&#xD800;", "&bogus;", "-->", "]]>",
        "<", ">", "\x00", "\r\n", "\u200b", "\ufeff",
    ]),
    paragraph,
)
html_soup = st.lists(html_piece, min_size=1, max_size=60).map("".join)


def wrap(paragraph_texts: list[str], escape: bool = True) -> str:
    body = "".join(f"<p>{html.escape(text) if escape else text}</p>" for text in paragraph_texts)
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Council vote</title></head>'
            f"<body><article><h1>Council vote</h1>{body}</article></body></html>")


def check_result(page: PageInput) -> Article | Rejection:
    """The properties every result has, whatever the input."""
    result = clean_page(page)
    assert isinstance(result, (Article, Rejection))
    assert clean_page(page) == result  # deterministic
    if isinstance(result, Rejection):
        assert result.detail.strip()
        assert isinstance(result.stage, Stage)
        assert isinstance(result.reason, RejectReason)
        assert result.stage in set(Stage)
        assert result.reason in set(RejectReason)
        assert result.url == page.url
    else:
        text = result.text
        assert text
        assert unicodedata.is_normalized("NFC", text)
        assert "\n\n\n" not in text
        assert text == text.strip()
        assert normalize_text(text) == text
        assert result.word_count == count_words(text)
        assert result.content_hash == hashlib.sha256(text.encode("utf-8")).hexdigest()
        assert result.url == page.url
        assert len(result.article_id) == 32
        if result.published_at is not None:
            assert result.published_at.utcoffset().total_seconds() == 0
            assert result.published_at_source
    return result


def no_internal_error(result: Article | Rejection) -> None:
    """An EXTRACTION_ERROR means an exception escaped the stage's own code."""
    if isinstance(result, Rejection):
        assert result.reason != RejectReason.EXTRACTION_ERROR, result.detail


@SETTINGS
@given(st.binary(max_size=4096))
def test_arbitrary_bytes(body):
    check_result(PageInput(body, URL))


@SETTINGS
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_after_an_html_prefix(tail):
    # Past the sniffer: the bytes reach the decoder, the parser and the extractor.
    body = b"<html><body><p>" + tail + b"</p></body></html>"
    no_internal_error(check_result(PageInput(body, URL)))


@SETTINGS
@given(st.text(max_size=3000))
def test_arbitrary_text_wrapped_in_html(text):
    result = check_result(PageInput(wrap([text]).encode("utf-8"), URL))
    no_internal_error(result)


@SETTINGS
@given(paragraphs)
def test_paragraphs_of_words_wrapped_in_html(texts):
    result = check_result(PageInput(wrap(texts).encode("utf-8"), URL))
    no_internal_error(result)


@SETTINGS
@given(paragraphs, st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
def test_paragraphs_in_other_encodings(texts, encoding):
    body = wrap(texts).encode(encoding, errors="replace")
    no_internal_error(check_result(PageInput(body, URL, headers={"Content-Type": "text/html"})))


@SETTINGS
@given(html_soup)
def test_random_html_soup(soup):
    result = check_result(PageInput(soup.encode("utf-8", errors="surrogatepass"), URL))
    no_internal_error(result)


@SETTINGS
@given(html_soup)
def test_random_html_soup_unescaped_in_a_page(soup):
    page = wrap([soup, *VOCABULARY[:40]], escape=False)
    no_internal_error(check_result(PageInput(page.encode("utf-8", errors="surrogatepass"), URL)))


def test_a_plain_page_gives_an_article_with_the_properties():
    texts = [
        "The city council voted on Tuesday to expand the bus network to the northern suburbs, "
        "ending a debate that had lasted for more than two years and divided residents sharply.",
        "Supporters said the new lines would cut commuting times for thousands of workers, while "
        "opponents warned that the cost of the project had been badly underestimated by planners.",
        "Advertisement",
        "The first buses are expected to run in the spring, according to the transport authority, "
        "which said it would publish a detailed timetable once the drivers had been hired.",
    ]
    result = check_result(PageInput(wrap(texts).encode("utf-8"), URL))
    assert isinstance(result, Article)
    assert "Advertisement" not in result.text
    assert result.text.count("\n\n") == 2
    assert result.language == "en"


def test_empty_and_binary_inputs_are_decode_rejections():
    for body, reason in ((b"", RejectReason.EMPTY), (b"   \n", RejectReason.EMPTY),
                         (b"%PDF-1.7 ...", RejectReason.PDF), (b"\x89PNG\r\n\x1a\n....", RejectReason.IMAGE)):
        result = check_result(PageInput(body, URL))
        assert isinstance(result, Rejection)
        assert (result.stage, result.reason) == (Stage.DECODE, reason)
