"""Tests for the speed benchmark's own helpers (benchmarks/speed*.py): options, the
target table, percentiles, page copies, /proc parsing. Tiny fixtures written here, never
the dev sets beside the repository, and no timings asserted."""
from __future__ import annotations

import gzip
import sys
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks import process_memory as pm  # noqa: E402
from benchmarks import raw_loop, speed, speed_pages, speed_stage, speed_state  # noqa: E402
from benchmarks.speed_report import (Figure, Target, format_number, format_table, ms_summary,  # noqa: E402
                                     parse_only, percentile, ratio)


# --- percentiles and summaries ------------------------------------------------------------

def test_percentile_interpolates_between_the_closest_ranks():
    values = [4.0, 1.0, 3.0, 2.0]  # unsorted on purpose
    assert percentile(values, 0) == 1.0 and percentile(values, 100) == 4.0
    assert percentile(values, 50) == 2.5
    assert percentile(values, 95) == pytest.approx(3.85)
    assert percentile([7.0], 95) == 7.0
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_ms_summary_is_in_milliseconds():
    summary = ms_summary([0.010, 0.020, 0.030])
    assert summary["median_ms"] == pytest.approx(20.0)
    assert summary["mean_ms"] == pytest.approx(20.0)
    assert summary["p95_ms"] == pytest.approx(29.0)


def test_ratio_is_none_without_both_values():
    assert ratio(3.0, 2.0) == 1.5
    assert ratio(None, 2.0) is None and ratio(3.0, 0.0) is None and ratio(3.0, None) is None


# --- options ------------------------------------------------------------------------------

def test_parse_only_takes_lists_and_ranges():
    assert parse_only(None) == [1, 2, 3, 4, 5, 6]
    assert parse_only("") == [1, 2, 3, 4, 5, 6]
    assert parse_only("2,1") == [1, 2]
    assert parse_only("3-5, 1") == [1, 3, 4, 5]
    for bad in ("7", "0", "a", "1-x", ","):
        with pytest.raises(ValueError):
            parse_only(bad)


def test_main_rejects_an_unknown_section(capsys):
    assert speed.main(["--only", "9"]) == 2
    assert "no section 9" in capsys.readouterr().err


def test_main_says_when_the_dataset_is_missing_and_does_not_fail(capsys, tmp_path):
    assert speed.main(["--only", "1,2", "--aeb", str(tmp_path / "nowhere")]) == 0
    out = capsys.readouterr().out
    assert "sections 1, 2 skipped: AEB dataset not found" in out
    assert "article-extraction-benchmark" in out  # where to get it


def test_main_json_when_the_dataset_is_missing(capsys, tmp_path):
    import json

    assert speed.main(["--only", "1", "--json", "--aeb", str(tmp_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sections"] == [1] and data["figures"] == [] and "AEB" in data["skipped"][0]


def test_the_quick_scale_says_what_it_scaled():
    scaled = speed.QUICK.scaled(speed.FULL, [3, 5])
    assert any(line.startswith("(3) crawl pages 1,000 (issue 9: 2,000)") for line in scaled)
    assert any(line.startswith("(5) ingest-files pages") for line in scaled)
    assert not any(line.startswith("(4)") for line in scaled)  # section 4 not run
    assert speed.FULL.scaled(speed.FULL, [1, 2, 3, 4, 5, 6]) == []


# --- figures and the table ----------------------------------------------------------------

def test_target_holds_or_not():
    assert Target("<=", 1.15).holds(1.15) is True
    assert Target("<=", 1.15).holds(1.2) is False
    assert Target(">=", 1.8).holds(1.9) is True
    assert Target("<", 50).holds(50) is False
    assert Target("<", 50).holds(None) is None
    with pytest.raises(ValueError):
        Target("~", 1)


def test_figure_as_dict_carries_target_and_verdict():
    figure = Figure(2, "pool / one process", 1.62, "x", Target(">=", 1.8), note="wall time")
    assert figure.as_dict() == {"section": 2, "name": "pool / one process", "value": 1.62, "unit": "x",
                                "target": ">= 1.8", "note": "wall time", "holds": False}
    assert Figure(1, "context", 3.0).as_dict()["holds"] is None


def test_format_number_keeps_about_three_digits():
    assert [format_number(v) for v in (0.97531, 1.8345, 12.345, 1234.5, 0.004567, None)] == \
        ["0.975", "1.83", "12.3", "1234", "0.00457", "n/a"]


def test_format_table_groups_by_section_and_numbers_the_notes():
    table = format_table([
        Figure(1, "ours / raw, mean ms", 1.42, "x", Target("<=", 1.15), note="CPU time"),
        Figure(1, "F1 ours", 0.976, "", Target(">=", 0.975)),
        Figure(3, "reactor lag p99", None, "ms", Target("<", 50), note="probe missing"),
    ])
    lines = table.splitlines()
    assert lines[0].split() == ["figure", "value", "target", "holds"]
    assert set(lines[1]) == {"-"}
    assert lines[2].startswith("(1) per page")
    assert lines[3].split()[-5:] == ["1.42", "x", "<=", "1.15", "NO"] and "[1]" in lines[3]
    assert lines[4].split()[-3:] == [">=", "0.975", "yes"]
    assert lines[5].startswith("(3) end to end")
    assert "n/a" in lines[6] and lines[6].rstrip().endswith("< 50") and "[2]" in lines[6]
    assert lines[-2:] == ["[1] CPU time", "[2] probe missing"]


# --- per page timing ----------------------------------------------------------------------

def test_time_pages_rotates_the_order_and_keeps_each_body():
    order = []

    def extractor(name):
        def run(html, url):
            order.append(name)
            return f"{name}:{url}"
        return run

    ticks = iter(range(100))
    results = speed_stage.time_pages([(b"", "u0"), (b"", "u1"), (b"", "u2")],
                                     {"a": extractor("a"), "b": extractor("b"), "c": extractor("c")},
                                     clock=lambda: next(ticks))
    assert order == ["a", "b", "c", "b", "c", "a", "c", "a", "b"]
    assert results["b"] == ([1, 1, 1], ["b:u0", "b:u1", "b:u2"])


# --- page copies --------------------------------------------------------------------------

PAGE = (b"<html><head><link rel='canonical' href='https://paper.example/story'>"
        b"<meta property=\"og:url\" content=\"https://paper.example/story\"><title>Story</title></head>"
        b"<body><p>First paragraph of the story.</p><P class='x'>Second one.</P></body></html>")


def test_copies_are_distinct_articles_without_the_page_s_own_url():
    template = speed_pages.page_template(PAGE)
    first, second = speed_pages.copy_for([template], 1), speed_pages.copy_for([template], 2)
    assert b"<p>1 First paragraph" in first and b"<P class='x'>1 Second one." in first
    assert b"<p>2 First paragraph" in second
    assert b"canonical" not in first and b"og:url" not in first
    assert b"\x00" not in first


def test_a_copy_marks_the_truth_s_first_line_where_the_body_has_no_paragraphs():
    page = b"<html><head><title>Big news here</title></head><body><div>Big news here today.<br>More.</div></body></html>"
    copy = speed_pages.copy_for([speed_pages.page_template(page, "Big news here today.\n\nMore.")], 7)
    assert b"<div>7 Big news here today." in copy
    bare = speed_pages.copy_for([speed_pages.page_template(b"<html><body><div>x</div></body></html>")], 3)
    assert b"<body><p>3 </p><div>" in bare


def test_copies_take_the_pages_in_turn_and_files_sort_in_copy_order(tmp_path):
    templates = [speed_pages.page_template(b"<p>alpha</p>"), speed_pages.page_template(b"<p>beta</p>")]
    assert [speed_pages.copy_for(templates, k) for k in range(3)] == [b"<p>0 alpha</p>", b"<p>1 beta</p>",
                                                                      b"<p>2 alpha</p>"]
    paths = speed_pages.write_copies(templates, 3, tmp_path / "pages")
    assert [p.name for p in paths] == sorted(p.name for p in paths)
    assert gzip.decompress(paths[2].read_bytes()) == b"<p>2 alpha</p>"
    assert speed_pages.article_urls("http://h:1", 2, start=5) == ["http://h:1/a/5.html", "http://h:1/a/6.html"]


def test_the_page_server_serves_copies_and_site_files_from_another_process():
    templates = [speed_pages.page_template(b"<p>alpha</p>")]
    files = speed_pages.SiteFiles({"/sitemap.xml": (b"<loc>{origin}/a/1.html</loc>", "application/xml")})
    with speed_pages.PageServer(templates, files) as server:
        assert urllib.request.urlopen(server.origin + "/a/4.html", timeout=10).read() == b"<p>4 alpha</p>"
        assert urllib.request.urlopen(server.origin + "/sitemap.xml", timeout=10).read() == \
            f"<loc>{server.origin}/a/1.html</loc>".encode()
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(server.origin + "/other", timeout=10)
        assert server.served == 1


def test_sitemap_lists_each_url():
    body = speed_state.sitemap(["http://h/1", "http://h/2"])
    assert body.count(b"<loc>") == 2 and body.startswith(b"<?xml")
    assert speed_state.story_url("http://h", "known", 3) == "http://h/known/0000003-a-story-about-things.html"


# --- /proc parsing ------------------------------------------------------------------------

def test_parent_of_reads_past_a_command_name_with_spaces_and_parentheses():
    assert pm.parent_of("1234 (python (x) y) S 77 1234 1234 0 -1") == 77


def test_descendants_walk_the_whole_tree_only():
    parents = {10: 1, 11: 10, 12: 11, 13: 11, 20: 1, 21: 20}
    assert sorted(pm.descendants(10, parents)) == [10, 11, 12, 13]
    assert pm.descendants(21, parents) == [21]


def test_rollup_kib_reads_one_field():
    text = "00400000-7ffd [rollup]\nRss:              20480 kB\nPss:              10240 kB\n"
    assert pm.rollup_kib(text, "Pss") == 10240 and pm.rollup_kib(text, "Rss") == 20480
    assert pm.rollup_kib(text, "Swap") is None


def test_peak_memory_keeps_the_largest_of_each():
    peak = pm.PeakMemory()
    peak.add(pm.TreeMemory(3, 300.0, 200.0))
    peak.add(pm.TreeMemory(5, 250.0, None))
    peak.add(pm.TreeMemory(2, 100.0, 220.0))
    assert (peak.rss_mib, peak.pss_mib, peak.processes, peak.samples) == (300.0, 220.0, 5, 3)


# --- the raw loop -------------------------------------------------------------------------

def test_raw_loop_reads_saved_pages_in_path_order(tmp_path, capsys):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.html.gz").write_bytes(gzip.compress(b"<html></html>"))
    (tmp_path / "1.htm").write_bytes(b"<html></html>")
    (tmp_path / "notes.txt").write_text("not a page")
    assert [p.name for p in raw_loop.saved_pages([tmp_path])] == ["1.htm", "2.html.gz"]
    assert raw_loop.main([str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == "2 files, 0 with a body"
    assert raw_loop.main([str(tmp_path / "notes.txt")]) == 1


def test_run_sampled_follows_a_process_and_its_children():
    child = "import subprocess, sys, time; p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(1)']); " \
            "time.sleep(0.6); p.wait()"
    code, seconds, peak = pm.run_sampled([sys.executable, "-c", child], interval=0.05)
    assert code == 0 and seconds > 0
    assert peak.samples >= 1 and peak.processes == 2 and peak.rss_mib > 0


def test_a_failing_command_says_why():
    from benchmarks import speed_command

    with pytest.raises(RuntimeError, match="exited with 3: boom"):
        speed_command._run([sys.executable, "-c", "import sys; sys.stderr.write('boom\\n'); sys.exit(3)"])
