"""Seeds files: the bundled ones load, and every mistake is reported at its file and line."""
import re
from pathlib import Path

import pytest

from crawler.seeds import Seeds, SeedsError, SiteSeed, load_seeds

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO = REPO_ROOT / "seeds" / "demo.toml"
EXAMPLE = REPO_ROOT / "seeds" / "example.toml"
PLACEHOLDER = "http://demo.newsingest.invalid"


def write(tmp_path: Path, text: str, name: str = "seeds.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(SeedsError) as caught:
        load_seeds(path)
    return str(caught.value)


def line_of(path: Path, message: str) -> int:
    """The line number the message starts with ("<path>:<line>: ...")."""
    prefix = f"{path}:"
    assert message.startswith(prefix), message
    match = re.match(r"(\d+)\b", message[len(prefix):])
    assert match, f"no line number after the path: {message}"
    return int(match.group(1))


# --- the bundled seeds files ---------------------------------------------------------------

def test_demo_seeds_load():
    seeds = load_seeds(DEMO)
    assert isinstance(seeds, Seeds)
    assert seeds.path == DEMO
    assert [site.name for site in seeds.sites] == ["demo-daily"]
    site = seeds.sites[0]
    assert site.start_urls[0] == f"{PLACEHOLDER}/"
    assert len(site.start_urls) == 5
    assert site.feeds == (f"{PLACEHOLDER}/feed.xml",)
    assert site.sitemaps == (f"{PLACEHOLDER}/sitemap.xml",)
    assert site.allowed_domains == ("demo.newsingest.invalid",)  # default: the URLs' hosts
    assert site.max_pages == 200
    assert site.max_depth == 1
    assert site.crawl_delay is None


def test_demo_seeds_with_replaced_origin():
    seeds = load_seeds(DEMO, replace_origin=(PLACEHOLDER, "http://127.0.0.1:8765"))
    site = seeds.sites[0]
    urls = [*site.start_urls, *site.feeds, *site.sitemaps]
    assert urls and all(url.startswith("http://127.0.0.1:8765/") for url in urls)
    assert not any("newsingest.invalid" in url for url in urls)
    assert site.feeds == ("http://127.0.0.1:8765/feed.xml",)
    assert site.allowed_domains == ("127.0.0.1",)
    assert site.allows("http://127.0.0.1:8765/world/a-story.html")


def test_example_seeds_load():
    seeds = load_seeds(str(EXAMPLE))  # a str path works too
    assert [site.name for site in seeds.sites] == ["example-news", "another-paper"]
    news, paper = seeds.sites
    assert news.start_urls == ("https://www.example-news.com/world/", "https://www.example-news.com/business/")
    assert news.feeds == ("https://www.example-news.com/rss/latest.xml",)
    assert news.sitemaps == ("https://www.example-news.com/sitemap_news.xml",)
    assert news.allowed_domains == ("example-news.com",)
    assert (news.max_pages, news.max_depth, news.crawl_delay) == (300, 1, 2.0)
    # defaults
    assert paper.start_urls == () and paper.sitemaps == ()
    assert paper.feeds == ("https://another-paper.example/feeds/all.atom",)
    assert paper.allowed_domains == ("another-paper.example",)
    assert paper.max_pages == 100
    assert paper.max_depth == 1
    assert paper.crawl_delay is None


def test_defaults(tmp_path):
    path = write(tmp_path, '[[site]]\nname = "a"\nstart_urls = ["https://News.Example.com/world/"]\n'
                           'feeds = ["https://feeds.example.org/rss"]\n')
    site = load_seeds(path).sites[0]
    assert site.max_pages == 1000
    assert site.max_depth == 1
    assert site.crawl_delay is None
    assert sorted(site.allowed_domains) == ["feeds.example.org", "news.example.com"]


def test_integer_crawl_delay_becomes_float_and_zero_depth_is_allowed(tmp_path):
    path = write(tmp_path, '[[site]]\nname = "a"\nfeeds = ["https://a.example/rss"]\n'
                           'crawl_delay = 1\nmax_depth = 0\nmax_pages = 1\n')
    site = load_seeds(path).sites[0]
    assert site.crawl_delay == 1.0 and isinstance(site.crawl_delay, float)
    assert site.max_depth == 0
    assert site.max_pages == 1


def test_allowed_domains_are_lowercased(tmp_path):
    path = write(tmp_path, '[[site]]\nname = "a"\nfeeds = ["https://a.example/rss"]\n'
                           'allowed_domains = ["Example-News.COM"]\n')
    assert load_seeds(path).sites[0].allowed_domains == ("example-news.com",)


# --- SiteSeed.allows --------------------------------------------------------------------------

@pytest.mark.parametrize("url, allowed", [
    ("https://example-news.com/a", True),
    ("https://www.example-news.com/world/story", True),
    ("https://live.sport.example-news.com/x", True),
    ("https://WWW.Example-News.COM/x", True),
    ("http://example-news.com:8080/x", True),
    ("https://example-news.org/x", False),
    ("https://notexample-news.com/x", False),
    ("https://example-news.com.evil.example/x", False),
    ("https://other.example/example-news.com", False),
    ("not a url", False),
])
def test_allows(url, allowed):
    site = SiteSeed(name="s", feeds=("https://example-news.com/rss",), allowed_domains=("example-news.com",))
    assert site.allows(url) is allowed


def test_allows_with_default_domains_from_the_example():
    paper = load_seeds(EXAMPLE).sites[1]
    assert paper.allows("https://another-paper.example/2024/05/a-story")
    assert paper.allows("https://m.another-paper.example/a-story")
    assert not paper.allows("https://example-news.com/a-story")


# --- errors: file, line and key -------------------------------------------------------------

TWO_SITES_SECOND_BAD = """\
# two sites, the second one has the mistake
[[site]]
name = "first"
feeds = ["https://first.example/rss"]
max_pages = 10

[[site]]
name = "second"
start_urls = ["https://second.example/"]
{bad}
max_depth = 1
"""
SECOND_BAD_LINE = 10


@pytest.mark.parametrize("bad, key", [
    ('feds = ["https://second.example/rss"]', "feds"),
    ('sitemaps = ["ftp://second.example/sitemap.xml"]', "sitemaps"),
    ('feeds = ["http:///no-host.xml"]', "feeds"),
    ('feeds = "http://x"', "feeds"),
    ('max_pages = "10"', "max_pages"),
    ("max_pages = 0", "max_pages"),
    ("max_pages = true", "max_pages"),
    ("max_pages = 1.5", "max_pages"),
    ("crawl_delay = -1", "crawl_delay"),
    ('crawl_delay = "2"', "crawl_delay"),
    ("allowed_domains = \"second.example\"", "allowed_domains"),
])
def test_error_in_second_site_points_into_its_block(tmp_path, bad, key):
    path = write(tmp_path, TWO_SITES_SECOND_BAD.format(bad=bad))
    message = error_of(path)
    assert line_of(path, message) == SECOND_BAD_LINE, message
    assert key in message


def test_error_key_found_in_its_own_site_not_an_earlier_one(tmp_path):
    # Both sites have max_pages; only the third site's one is bad.
    path = write(tmp_path, """\
[[site]]
name = "one"
feeds = ["https://one.example/rss"]
max_pages = 5

[[site]]
name = "two"
feeds = ["https://two.example/rss"]
max_pages = 6

[[site]]
name = "three"
feeds = ["https://three.example/rss"]
max_pages = -3
""")
    message = error_of(path)
    assert line_of(path, message) == 14, message
    assert "max_pages" in message


def test_unknown_key_typo_in_first_site(tmp_path):
    path = write(tmp_path, '[[site]]\nname = "a"\nfeds = ["https://a.example/rss"]\n')
    message = error_of(path)
    assert message.startswith(f"{path}:3:"), message
    assert "'feds'" in message


def test_bad_scheme(tmp_path):
    path = write(tmp_path, '[[site]]\nname = "a"\n\nfeeds = ["ftp://a.example/rss"]\n')
    message = error_of(path)
    assert message.startswith(f"{path}:4:"), message
    assert "feeds" in message and "ftp://a.example/rss" in message


def test_url_without_host(tmp_path):
    path = write(tmp_path, '[[site]]\nname = "a"\nstart_urls = ["https://"]\n')
    message = error_of(path)
    assert message.startswith(f"{path}:3:"), message
    assert "start_urls" in message


def test_relative_url_is_rejected(tmp_path):
    path = write(tmp_path, '[[site]]\nname = "a"\nstart_urls = ["/world/"]\n')
    message = error_of(path)
    assert message.startswith(f"{path}:3:"), message
    assert "start_urls" in message


def test_feeds_as_a_string_instead_of_a_list(tmp_path):
    path = write(tmp_path, '[[site]]\nname = "a"\nfeeds = "http://x"\n')
    message = error_of(path)
    assert message.startswith(f"{path}:3:"), message
    assert "feeds" in message


def test_key_of_a_multiline_list_is_located_at_the_key_line(tmp_path):
    path = write(tmp_path, '[[site]]\nname = "a"\nstart_urls = [\n  "https://a.example/",\n'
                           '  "gopher://a.example/",\n]\n')
    message = error_of(path)
    assert message.startswith(f"{path}:3:"), message
    assert "start_urls" in message


@pytest.mark.parametrize("line, key", [
    ('max_pages = "10"', "max_pages"),
    ("max_pages = 0", "max_pages"),
    ("max_pages = true", "max_pages"),
    ("max_depth = -1", "max_depth"),
    ("crawl_delay = -1", "crawl_delay"),
    ("crawl_delay = -0.5", "crawl_delay"),
    ("crawl_delay = false", "crawl_delay"),
])
def test_wrong_numbers(tmp_path, line, key):
    path = write(tmp_path, f'[[site]]\nname = "a"\nfeeds = ["https://a.example/rss"]\n\n{line}\n')
    message = error_of(path)
    assert message.startswith(f"{path}:5:"), message
    assert key in message


def test_missing_name_points_at_the_site_table(tmp_path):
    path = write(tmp_path, '[[site]]\nname = "a"\nfeeds = ["https://a.example/rss"]\n\n'
                           '[[site]]\nfeeds = ["https://b.example/rss"]\n')
    message = error_of(path)
    assert message.startswith(f"{path}:5:"), message
    assert "name" in message


@pytest.mark.parametrize("name", ["has space", "-leading-dash", "", "slash/name", "ünï"])
def test_bad_name_characters(tmp_path, name):
    path = write(tmp_path, f'[[site]]\nfeeds = ["https://a.example/rss"]\nname = "{name}"\n')
    message = error_of(path)
    assert message.startswith(f"{path}:3:"), message
    assert "name" in message


def test_name_must_be_a_string(tmp_path):
    path = write(tmp_path, '[[site]]\nname = 42\nfeeds = ["https://a.example/rss"]\n')
    message = error_of(path)
    assert message.startswith(f"{path}:2:"), message
    assert "name" in message


def test_duplicate_site_names(tmp_path):
    path = write(tmp_path, """\
[[site]]
name = "same"
feeds = ["https://a.example/rss"]

[[site]]
name = "same"
feeds = ["https://b.example/rss"]
""")
    message = error_of(path)
    assert "same" in message
    # Like every other error: "<path>:<line>", the line of the second (duplicate) name.
    assert message.startswith(f"{path}:6:"), message


def test_site_without_any_urls(tmp_path):
    path = write(tmp_path, '[[site]]\nname = "first"\nfeeds = ["https://a.example/rss"]\n\n'
                           '[[site]]\nname = "empty"\nstart_urls = []\nmax_pages = 3\n')
    message = error_of(path)
    assert line_of(path, message) == 6, message
    assert "empty" in message
    assert "start_urls" in message and "feeds" in message and "sitemaps" in message


def test_unknown_top_level_table(tmp_path):
    path = write(tmp_path, '[[site]]\nname = "a"\nfeeds = ["https://a.example/rss"]\n\n[sites]\nx = 1\n')
    message = error_of(path)
    assert message.startswith(f"{path}:5:"), message
    assert "sites" in message


def test_unknown_top_level_key(tmp_path):
    path = write(tmp_path, '# comment\nversion = 2\n[[site]]\nname = "a"\nfeeds = ["https://a.example/rss"]\n')
    message = error_of(path)
    assert message.startswith(f"{path}:2:"), message
    assert "version" in message


@pytest.mark.parametrize("text", ["", "# only a comment\n", "site = []\n"])
def test_no_sites(tmp_path, text):
    path = write(tmp_path, text)
    message = error_of(path)
    assert message.startswith(str(path)), message
    assert "[[site]]" in message


def test_site_that_is_not_an_array_of_tables(tmp_path):
    path = write(tmp_path, '[site]\nname = "a"\nfeeds = ["https://a.example/rss"]\n')
    message = error_of(path)
    assert message.startswith(str(path)), message
    assert "[[site]]" in message


def test_invalid_toml(tmp_path):
    path = write(tmp_path, '[[site]]\nname = "a"\nfeeds = ["https://a.example/rss"\nmax_pages = 3\n')
    message = error_of(path)
    assert str(path) in message
    assert "line" in message


def test_invalid_toml_unterminated_string(tmp_path):
    path = write(tmp_path, '[[site]]\nname = "a\n')
    message = error_of(path)
    assert message.startswith(str(path)), message
    assert "line 2" in message


def test_unreadable_file(tmp_path):
    path = tmp_path / "missing.toml"
    message = error_of(path)
    assert message.startswith(str(path)), message


def test_directory_is_unreadable(tmp_path):
    message = error_of(tmp_path)
    assert message.startswith(str(tmp_path)), message


def test_seeds_error_is_a_value_error():
    assert issubclass(SeedsError, ValueError)


def test_site_header_with_spaces_is_located(tmp_path):
    # `[[ site ]]` is the same TOML as `[[site]]`: errors still carry a line number.
    path = write(tmp_path, '[[ site ]]\nname = "a"\nfeeds = ["https://a.example/rss"]\n\n'
                           '[[ site ]]\nname = "b"\nfeeds = ["https://b.example/rss"]\nmax_pages = 0\n')
    message = error_of(path)
    assert message.startswith(f"{path}:8:"), message
    assert "max_pages" in message
