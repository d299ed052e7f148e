"""Mistakes on the command line are one line and exit code 2, before anything is fetched."""
import pytest

from crawler.setting_values import setting_error
from tests.conftest import run_command


@pytest.mark.parametrize("name, value", [
    ("DOWNLOAD_TIMEOUT", "abc"),       # project int
    ("RETRY_TIMES", "2.5"),
    ("AUTOTHROTTLE_START_DELAY", "soon"),  # project float
    ("ROBOTSTXT_OBEY", "maybe"),       # bool
    ("DOWNLOADER_MIDDLEWARES", "[1, 2]"),  # dict
    ("CONCURRENT_ITEMS", "many"),      # Scrapy's own default
])
def test_values_that_do_not_fit_the_setting_are_named(name, value):
    problem = setting_error(name, value)
    assert problem and name in problem and repr(value) in problem


@pytest.mark.parametrize("name, value", [
    ("DOWNLOAD_TIMEOUT", "10"), ("AUTOTHROTTLE_START_DELAY", "0.5"), ("ROBOTSTXT_OBEY", "false"),
    ("DOWNLOADER_MIDDLEWARES", '{"a.B": 5}'), ("USER_AGENT", "me/1.0"), ("MY_OWN_SETTING", "anything"),
    ("NEWSINGEST_OUT", "/tmp/x"),
])
def test_values_that_fit_pass(name, value):
    assert setting_error(name, value) is None


@pytest.mark.parametrize("command", [
    ["ingest", "http://127.0.0.1:9/never-fetched"],
    ["demo"],
])
def test_a_bad_setting_is_one_line_and_exit_2(tmp_path, command):
    result = run_command(["newsingest", *command, "--out", str(tmp_path / "out"), "-s", "DOWNLOAD_TIMEOUT=abc"])
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "DOWNLOAD_TIMEOUT" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out" / "runs").exists()


def test_a_bad_setting_in_a_scheduled_crawl_is_exit_2(tmp_path):
    seeds = tmp_path / "seeds.toml"
    seeds.write_text('[[site]]\nname = "one"\nstart_urls = ["http://127.0.0.1:9/"]\n')
    result = run_command(["newsingest", "crawl", str(seeds), "--out", str(tmp_path / "out"),
                          "-s", "ROBOTSTXT_OBEY=perhaps"])
    assert result.returncode == 2 and "ROBOTSTXT_OBEY" in result.stderr and "Traceback" not in result.stderr


def test_a_missing_seeds_file_is_exit_2_like_every_missing_path(tmp_path):
    result = run_command(["newsingest", "crawl", str(tmp_path / "nowhere.toml"), "--out", str(tmp_path / "out")])
    assert result.returncode == 2
    assert "nowhere.toml" in result.stderr and "Traceback" not in result.stderr


def test_version_names_the_package_and_the_schema():
    result = run_command(["newsingest", "--version"])
    assert result.returncode == 0
    assert result.stdout.startswith("newsingest ") and "dataset schema" in result.stdout
