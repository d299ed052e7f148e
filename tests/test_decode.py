import pytest

from cleaning.decode import NotHtmlError, charset_from_headers, decode_html, sniff_payload
from cleaning.models import RejectReason

PAGE = "<html><head><title>t</title></head><body><p>{}</p></body></html>"


def test_http_charset_is_used():
    body = PAGE.format("Café crème – “quoted”").encode("cp1252")
    text = decode_html(body, {"Content-Type": "text/html; charset=windows-1252"})
    assert "Café crème – “quoted”" in text


def test_meta_charset_is_used_without_http_charset():
    body = ('<html><head><meta charset="iso-8859-1"></head><body><p>Gâteau “x” €5</p></body></html>').encode("cp1252")
    assert "Gâteau “x” €5" in decode_html(body, {})


def test_bom_wins_over_a_wrong_http_charset():
    body = "\ufeff".encode("utf-8") + PAGE.format("Zürich").encode("utf-8")
    assert "Zürich" in decode_html(body, {"content-type": "text/html; charset=iso-8859-1"})


def test_undeclared_encoding_is_detected():
    body = PAGE.format("Les élèves étaient déjà là, à côté de l’école où ça commençait.").encode("utf-8")
    assert "élèves" in decode_html(body, {})


def test_control_characters_are_removed():
    body = PAGE.format("a\x00b\x07c").encode("utf-8")
    text = decode_html(body, {})
    assert "abc" in text


def test_charset_from_headers_is_case_insensitive():
    assert charset_from_headers({"CONTENT-TYPE": 'text/html; Charset="UTF-8"'}) == "utf-8"
    assert charset_from_headers({}) is None


@pytest.mark.parametrize(
    "body, headers, reason",
    [
        (b"", {}, RejectReason.EMPTY),
        (b"   \n\t ", {}, RejectReason.EMPTY),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", {}, RejectReason.PDF),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", {}, RejectReason.IMAGE),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", {}, RejectReason.IMAGE),
        (bytes(range(256)) * 8, {}, RejectReason.BINARY),
        (b'{"a": 1, "b": [1, 2, 3]}', {"Content-Type": "application/json"}, RejectReason.NOT_HTML),
        # JSON served as HTML: its strings hold markup the HTML hint would match
        (b'{"id": 7, "body": "<p>Council votes</p><div>more</div>"}', {"Content-Type": "text/html"},
         RejectReason.NOT_HTML),
        (b'\n  [{"title": "<title>x</title>", "html": "<p>a</p>"}]', {"Content-Type": "text/html"},
         RejectReason.NOT_HTML),
        (b'[1, 2, {"html": "<body><p>b</p></body>"}]', {}, RejectReason.NOT_HTML),
        (b"just some plain words, no markup at all", {}, RejectReason.NOT_HTML),
    ],
)
def test_non_html_payloads_are_named(body, headers, reason):
    with pytest.raises(NotHtmlError) as caught:
        sniff_payload(body, headers)
    assert caught.value.reason == reason
    assert caught.value.detail


def test_html_passes_the_sniffer():
    sniff_payload(PAGE.format("hello").encode(), {"Content-Type": "text/html"})
    sniff_payload(PAGE.format("hello").encode("utf-16"), {})


def test_clean_page_rejects_json_served_as_html_at_the_decode_stage():
    from cleaning import PageInput, Rejection, Stage, clean_page

    body = b'{"headline": "Harbour ferry fares rise", "content": "<p>' + b"Fares rise in spring. " * 40 + b'</p>"}'
    result = clean_page(PageInput(body=body, url="https://news.example.org/api/story/12",
                                  headers={"Content-Type": "text/html; charset=utf-8"}))
    assert isinstance(result, Rejection)
    assert (result.stage, result.reason) == (Stage.DECODE, RejectReason.NOT_HTML)
    assert "JSON" in result.detail


def test_cp1252_bytes_labelled_utf8_are_read_as_cp1252():
    body = PAGE.format("Le café du quai ouvrira à 7 h, déjà complet – “vite”.").encode("cp1252")
    assert "Le café du quai ouvrira à 7 h, déjà complet – “vite”." in decode_html(
        body, {"Content-Type": "text/html; charset=utf-8"})


def test_utf8_with_a_few_broken_bytes_stays_utf8():
    good = PAGE.format("Zürich, São Paulo, Kraków, Москва, 東京: élèves déjà là.").encode("utf-8")
    body = good[:40] + b"\xff" + good[40:]
    text = decode_html(body, {"Content-Type": "text/html; charset=UTF-8"})
    assert "Zürich, São Paulo, Kraków, Москва, 東京: élèves déjà là." in text


def test_cyrillic_cp1251_labelled_utf8_is_left_to_detection():
    sentence = "Паромная переправа через залив возобновит работу в понедельник, сообщили в порту."
    body = PAGE.format(sentence * 4).encode("cp1251")
    assert sentence in decode_html(body, {"Content-Type": "text/html; charset=utf-8"})
