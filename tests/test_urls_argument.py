"""`scrapy crawl urls -a urls=…`: a list of URLs in one argument, commas inside URLs kept."""
import pytest

from crawler.spiders.urls import UrlsSpider, split_url_list


@pytest.mark.parametrize("value, expected", [
    ("https://a.example/x,https://b.example/y", ["https://a.example/x", "https://b.example/y"]),
    ("https://a.example/list?ids=1,2,3, https://b.example/a,b.html",
     ["https://a.example/list?ids=1,2,3", "https://b.example/a,b.html"]),
    ("https://a.example/x\nhttps://b.example/y  http://c.example/z",
     ["https://a.example/x", "https://b.example/y", "http://c.example/z"]),
    ("  https://a.example/only  ", ["https://a.example/only"]),
])
def test_a_url_list_splits_only_where_the_next_url_starts(value, expected):
    assert split_url_list(value) == expected


def test_the_spider_takes_the_split_list():
    spider = UrlsSpider(urls="https://news.example/2026/11/a,b-story,https://news.example/c")
    assert spider.url_list == ["https://news.example/2026/11/a,b-story", "https://news.example/c"]
    assert spider.inputs_issued == 2
