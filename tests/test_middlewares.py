"""Downloader middlewares of the project, on responses built in memory."""
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.middlewares import StatedMetaRefreshMiddleware


class DecodeCountingResponse(HtmlResponse):
    decoded = 0

    @property
    def text(self) -> str:
        DecodeCountingResponse.decoded += 1
        return super().text


def _middleware() -> StatedMetaRefreshMiddleware:
    return StatedMetaRefreshMiddleware.from_crawler(get_crawler())


def _response(url: str, body: bytes) -> DecodeCountingResponse:
    return DecodeCountingResponse(url, body=body, encoding="utf-8", request=Request(url))


def test_a_page_without_refresh_is_not_decoded():
    page = b"<html><head><title>Rivers</title></head><body>" + "<p>Fl\u00fcsse und Br\u00fccken.</p>".encode() * 500
    response = _response("https://news.example/a.html", page + b"</body></html>")
    DecodeCountingResponse.decoded = 0
    assert _middleware().process_response(response.request, response) is response
    assert DecodeCountingResponse.decoded == 0


def test_a_stated_meta_refresh_still_redirects():
    page = b"<html><head><META HTTP-EQUIV='Refresh' CONTENT='0; url=/new.html'></head><body>moved</body></html>"
    response = _response("https://news.example/old.html", page)
    result = _middleware().process_response(response.request, response)
    assert isinstance(result, Request) and result.url == "https://news.example/new.html"


def test_a_utf16_page_takes_scrapys_own_path():
    page = "<html><head><meta http-equiv='refresh' content='0; url=/new.html'></head></html>".encode("utf-16")
    response = DecodeCountingResponse("https://news.example/old.html", body=page, encoding="utf-16",
                                      request=Request("https://news.example/old.html"))
    result = _middleware().process_response(response.request, response)
    # Scrapy's own reading (which keeps the byte-order mark in the URL's query here)
    assert isinstance(result, Request) and result.url.startswith("https://news.example/new.html")
