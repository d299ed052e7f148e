"""Tests for benchmarks/aeb_scoring.py, wcxb_scoring.py, extraction_quality.py and
extraction_report.py.

Uses only the tiny AEB-layout fixture in tests/fixtures/aeb and small datasets written
to tmp_path (never the dev sets beside the repository): the tests pass in a clone without them.
"""
from __future__ import annotations

import dataclasses
import gzip
import importlib
import json
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks import aeb_scoring as sc  # noqa: E402
from benchmarks import extraction_quality as eq  # noqa: E402
from benchmarks import wcxb_scoring as wc  # noqa: E402
from benchmarks.extraction_quality import Extractor, Prediction  # noqa: E402

FIXTURE = REPO_ROOT / "tests" / "fixtures" / "aeb"
TRUTH = json.loads((FIXTURE / "ground-truth.json").read_text(encoding="utf-8"))
TRUTH_BY_URL = {v["url"]: v["articleBody"] for v in TRUTH.values()}
IDS = sorted(TRUTH)  # a1-council-budget, b2-harbour-storm, c3-school-robotics


# --- scoring -----------------------------------------------------------------


def test_tokenize_unicode_words_keeps_case():
    assert sc.tokenize("Zürich's café—2024, naïve!  Ünïcode_x") == [
        "Zürich", "s", "café", "2024", "naïve", "Ünïcode_x",
    ]
    assert sc.tokenize("") == []
    assert sc.tokenize(None) == []
    assert sc.tokenize(" ... !!! ") == []


def test_shingles_four_tokens_short_and_empty():
    assert sc.shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert sc.shingles("a, b c") == {("a", "b", "c"): 1}  # shorter than 4: one shingle
    assert sc.shingles("one") == {("one",): 1}
    assert sc.shingles("") == {}  # no token, no shingle
    assert sc.shingles("?!") == {}
    # multiplicity: abcd occurs twice
    assert sc.shingles("a b c d a b c d") == {
        ("a", "b", "c", "d"): 2, ("b", "c", "d", "a"): 1,
        ("c", "d", "a", "b"): 1, ("d", "a", "b", "c"): 1,
    }


@pytest.mark.parametrize(
    ["true", "pred", "expected"],
    [
        ("The council met on Tuesday", "The council met on Tuesday", (1, 0, 0)),
        # disjoint: 1 truth shingle, 2 predicted ones
        ("alpha beta gamma delta", "one two three four five", (0, 2 / 3, 1 / 3)),
        ("a b c d e", "", (0, 0, 1)),  # empty prediction: 2 truth shingles, all missed
        ("a b c d e", None, (0, 0, 1)),
        ("", "a b c d", (0, 1, 0)),
        ("", "", (0, 0, 0)),
        ("", "!!!", (0, 0, 0)),
        # shorter than 4 tokens
        ("a b c", "a b c", (1, 0, 0)),
        ("a b c", "a b c d", (0, 0.5, 0.5)),  # (a b c) is not (a b c d)
        ("a b", "a b c d e", (0, 2 / 3, 1 / 3)),
        # one extra token at the end of a 5-token truth: 2 shared, 1 extra
        ("a b c d e", "a b c d e f", (2 / 3, 1 / 3, 0)),
        # multiplicity: truth has 5 shingles (abcd twice), prediction only abcd once
        ("a b c d a b c d", "a b c d", (0.2, 0, 0.8)),
        ("a b c d", "a b c d a b c d", (0.2, 0.8, 0)),
        ("a b c d a b c d", "a b c d a b c d", (1, 0, 0)),
        # case matters
        ("The cat sat down", "the cat sat down", (0, 0.5, 0.5)),
    ],
)
def test_page_counts(true, pred, expected):
    assert sc.page_counts(true, pred) == pytest.approx(expected)


def test_exact_match_compares_token_sequences():
    assert sc.exact_match("Hello, world!\n", "Hello world")
    assert not sc.exact_match("Hello world", "hello world")
    assert not sc.exact_match("a b c", "a b c d")
    assert sc.exact_match("", None)


def test_score_identical_texts():
    s = sc.score([("The council met on Tuesday evening.", "The council met on Tuesday evening."),
                  ("Short", "Short")])
    assert (s.f1, s.precision, s.recall, s.accuracy, s.pages) == (1, 1, 1, 1, 2)


def test_score_disjoint_texts():
    s = sc.score([("alpha beta gamma delta", "one two three four five")])
    assert (s.f1, s.precision, s.recall, s.accuracy) == (0, 0, 0, 0)
    assert (s.precision_pages, s.recall_pages) == (1, 1)


def test_score_empty_prediction_counts_for_recall_only():
    s = sc.score([("a b c d e", "a b c d e"), ("f g h i j", "")])
    assert s.precision == 1  # the empty page is not in the precision mean
    assert s.recall == 0.5
    assert s.f1 == pytest.approx(2 / 3)
    assert s.accuracy == 0.5
    assert (s.precision_pages, s.recall_pages) == (1, 2)


def test_score_all_predictions_empty():
    s = sc.score([("a b c d e", ""), ("f g h", None)])
    assert (s.f1, s.precision, s.recall, s.accuracy) == (0, 0, 0, 0)
    assert (s.precision_pages, s.recall_pages) == (0, 2)


def test_score_both_empty_page_is_in_accuracy_only():
    s = sc.score([("a b c d e", "a b c d e f"), ("", "")])
    # page 1: tp 2/3, fp 1/3, fn 0 -> P 2/3, R 1; page 2 is in neither mean
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == 1
    assert s.f1 == pytest.approx(0.8)
    assert s.accuracy == 0.5
    assert (s.precision_pages, s.recall_pages) == (1, 1)


def test_score_f1_is_from_mean_precision_and_recall():
    # page 1: P 1, R 0.2 (multiplicity); page 2: P 0.2, R 1
    s = sc.score([("a b c d a b c d", "a b c d"), ("a b c d", "a b c d a b c d")])
    assert s.precision == pytest.approx(0.6)
    assert s.recall == pytest.approx(0.6)
    assert s.f1 == pytest.approx(0.6)  # mean of the page F1s would be 1/3
    assert s.accuracy == 0


def test_score_short_texts():
    s = sc.score([("a b c", "a b c"), ("a b c", "a b c d")])
    assert s.precision == 0.5 and s.recall == 0.5 and s.accuracy == 0.5


def test_score_no_pages():
    s = sc.score([])
    assert (s.f1, s.precision, s.recall, s.accuracy, s.pages) == (0, 0, 0, 0, 0)


# --- the script --------------------------------------------------------------


def oracle(html: bytes, url: str) -> str:
    return TRUTH_BY_URL[url]


def partial(html: bytes, url: str) -> str:
    """Right on a1, nothing on b2, raises on c3."""
    page_id = next(k for k, v in TRUTH.items() if v["url"] == url)
    if page_id.startswith("a1"):
        return TRUTH[page_id]["articleBody"]
    if page_id.startswith("b2"):
        return ""
    raise RuntimeError("boom")


FAKES = [Extractor("raw trafilatura", oracle), Extractor("newsingest", partial)]


def run_main(capsys, argv, extractors=None):
    if "--jobs" not in argv:
        argv = [*argv, "--jobs", "1"]  # in this process: fast, and stand-ins stay patched
    code = eq.main(argv, extractors=extractors)
    out, err = capsys.readouterr()
    return code, out, err


def test_fixture_layout():
    pages = eq.load_dataset(FIXTURE)
    assert [p.page_id for p in pages] == IDS
    assert all(p.html.startswith(b"<!DOCTYPE html>") and p.url and p.truth for p in pages)
    assert [p.page_id for p in eq.load_dataset(FIXTURE, limit=2)] == IDS[:2]


def test_main_json_with_fake_extractors(capsys):
    code, out, _ = run_main(capsys, ["--dataset", str(FIXTURE), "--json"], FAKES)
    assert code == 0
    data = json.loads(out)["datasets"]["aeb"]  # named after the folder
    assert data["pages"] == 3
    raw = data["extractors"]["raw trafilatura"]
    ours = data["extractors"]["newsingest"]
    assert (raw["f1"], raw["precision"], raw["recall"], raw["accuracy"]) == (1, 1, 1, 1)
    assert (raw["pages"], raw["errors"]) == (3, 0)
    # ours: P = 1 over the one non-empty page, R = (1 + 0 + 0) / 3
    assert ours["precision"] == 1
    assert ours["recall"] == pytest.approx(1 / 3)
    assert ours["f1"] == pytest.approx(0.5)
    assert ours["accuracy"] == pytest.approx(1 / 3)
    assert (ours["pages"], ours["precision_pages"], ours["errors"]) == (3, 1, 1)
    assert raw["ms_per_page"] >= 0 and ours["ms_per_page"] >= 0
    rat = data["ratios"]
    assert (rat["ours"], rat["baseline"]) == ("newsingest", "raw trafilatura")
    assert rat["f1"] == pytest.approx(0.5)
    if raw["ms_per_page"] > 0:
        assert rat["time"] == pytest.approx(ours["ms_per_page"] / raw["ms_per_page"])
    assert data["halves"] == {}  # the fixture's ids are not numbers
    # the pages ours loses, worst first: b2 (empty) and c3 (raised), both 1 -> 0
    assert [w["page_id"] for w in data["worst"]] == IDS[1:]
    assert all(w["difference"] == -1 for w in data["worst"])


def test_main_table_with_fake_extractors(capsys):
    code, out, _ = run_main(capsys, ["--dataset", str(FIXTURE)], FAKES)
    assert code == 0
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("body, AEB metric"))
    for col in ("F1", "precision", "recall", "accuracy", "pages", "ms/page"):
        assert col in header
    raw_row = next(line for line in lines if line.startswith("raw trafilatura "))
    ours_row = next(line for line in lines if line.startswith("newsingest "))
    assert raw_row.split()[2:7] == ["1.000", "1.000", "1.000", "1.000", "3"]
    assert ours_row.split()[1:6] == ["0.500", "1.000", "0.333", "0.333", "3"]
    assert any(line.startswith("newsingest / raw trafilatura: F1 0.500, time") for line in lines)
    assert "newsingest raised on 1 page(s)" in out
    assert "no body, newsingest: 2 of 3 pages" in out
    worst = lines[lines.index(next(l for l in lines if l.startswith("the 2 pages"))) + 3:]
    assert [row.split()[0] for row in worst[:2]] == IDS[1:]
    assert "metadata" not in out and "WCXB" not in out  # no such truth in this set


def test_main_limit(capsys):
    code, out, _ = run_main(capsys, ["--dataset", str(FIXTURE), "--limit", "2", "--json"], FAKES)
    assert code == 0
    data = json.loads(out)["datasets"]["aeb"]
    assert data["pages"] == 2
    assert data["extractors"]["newsingest"]["recall"] == pytest.approx(0.5)


def test_main_with_real_trafilatura(capsys):
    pytest.importorskip("trafilatura")
    pages = eq.load_dataset(FIXTURE)
    expected = sc.score((p.truth, eq.raw_trafilatura(p.html, p.url)) for p in pages)
    assert expected.f1 > 0.9  # the fixture pages are easy

    raw_only = [Extractor("raw trafilatura", eq.raw_trafilatura)]
    code, out, _ = run_main(capsys, ["--dataset", str(FIXTURE), "--json"], raw_only)
    assert code == 0
    raw = json.loads(out)["datasets"]["aeb"]["extractors"]["raw trafilatura"]
    for key in ("f1", "precision", "recall", "accuracy"):
        assert raw[key] == pytest.approx(getattr(expected, key))
    assert raw["pages"] == 3 and raw["errors"] == 0 and raw["ms_per_page"] > 0

    code, out, _ = run_main(capsys, ["--dataset", str(FIXTURE)], raw_only)
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("raw trafilatura "))
    assert row.split()[2:7] == [
        f"{expected.f1:.3f}", f"{expected.precision:.3f}", f"{expected.recall:.3f}",
        f"{expected.accuracy:.3f}", "3",
    ]


def test_import_error_exits_1(capsys):
    def broken(html, url):
        raise ImportError("cannot import name 'clean_page' from 'cleaning'")

    code, out, err = run_main(
        capsys, ["--dataset", str(FIXTURE)], [Extractor("x", oracle), Extractor("y", broken)]
    )
    assert code == 1
    assert "clean_page" in err and out == ""


def test_missing_dataset_message_and_exit_2(capsys, tmp_path):
    code, out, err = run_main(capsys, ["--dataset", str(tmp_path / "nope")], FAKES)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "https://github.com/scrapinghub/article-extraction-benchmark" in err
    assert "ground-truth.json" in err and "html/" in err
    assert "Traceback" not in err


def test_missing_dataset_from_command_line(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.extraction_quality", "--dataset", str(tmp_path)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "https://github.com/scrapinghub/article-extraction-benchmark" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_default_datasets_are_beside_the_repository():
    # the dev-set folder beside the repository, or beside a folder above (a worktree in a subfolder)
    assert eq.DATASETS_DIR.parts[-2:] == ("shared", "datasets")
    assert eq.DATASETS_DIR.parent.parent in REPO_ROOT.parents
    args = eq.build_parser().parse_args([])
    assert (args.aeb, args.wcxb) == (eq.DATASETS_DIR / "aeb", eq.DATASETS_DIR / "wcxb-dev")
    assert (args.split, args.only, args.dataset, args.limit) == ("all", None, None, None)
    specs = eq.default_specs()
    assert [(s.name, s.language) for s in specs] == [("aeb", None), ("wcxb-dev", "en")]


def test_script_imports_without_the_cleaning_stage():
    code = (
        "import sys; sys.modules['cleaning'] = None\n"
        "import benchmarks.extraction_quality as eq\n"
        "print([e.name for e in eq.DEFAULT_EXTRACTORS])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "['raw trafilatura', 'newsingest']" in proc.stdout


# --- the newsingest adapter, against a stand-in clean_page ----------------------


@pytest.fixture
def stand_in_clean_page(monkeypatch):
    """Replace cleaning.clean_page (which may not exist yet) with a stand-in.

    The stand-in returns an Article whose text is the fixture truth, except for the
    b2 page, which it rejects.
    """
    cleaning = importlib.import_module("cleaning")
    from cleaning.models import Article, PageInput, RejectReason, Rejection, Stage

    calls = []

    def clean_page(page):
        assert isinstance(page, PageInput)
        assert isinstance(page.body, bytes) and page.url
        calls.append(page.url)
        if "storm" in page.url:
            return Rejection(url=page.url, stage=Stage.QUALITY, reason=RejectReason.TOO_SHORT)
        text = TRUTH_BY_URL[page.url]
        return Article(
            article_id="x", url=page.url, canonical_url=None, domain=None, title="Title",
            text=text, authors=[], published_at=None, published_at_source=None,
            modified_at=None, language="en", description=None, sitename=None,
            categories=[], tags=[], image_url=None, word_count=len(text.split()),
            content_hash="h", discovered_via="url",
        )

    monkeypatch.setattr(cleaning, "clean_page", clean_page, raising=False)
    return calls


def test_newsingest_adapter(stand_in_clean_page):
    pages = {p.page_id: p for p in eq.load_dataset(FIXTURE)}
    a1 = pages[IDS[0]]
    assert eq.newsingest(a1.html, a1.url) == Prediction(body=a1.truth, title="Title", language="en")
    b2 = pages[IDS[1]]
    # a Rejection is an empty prediction, metadata included
    assert eq.newsingest(b2.html, b2.url) == Prediction(rejected="too_short")
    assert stand_in_clean_page == [a1.url, b2.url]


def test_main_default_extractors(capsys, stand_in_clean_page):
    pytest.importorskip("trafilatura")
    code, out, _ = run_main(capsys, ["--dataset", str(FIXTURE), "--json"])
    assert code == 0
    data = json.loads(out)["datasets"]["aeb"]
    assert list(data["extractors"]) == ["raw trafilatura", "newsingest"]
    ours = data["extractors"]["newsingest"]
    assert ours["precision"] == 1
    assert ours["recall"] == pytest.approx(2 / 3)
    assert ours["accuracy"] == pytest.approx(2 / 3)
    assert ours["f1"] == pytest.approx(0.8)
    raw_f1 = data["extractors"]["raw trafilatura"]["f1"]
    assert data["ratios"]["f1"] == pytest.approx(0.8 / raw_f1)


# --- page F1 (AEB metric, one page) ----------------------------------------------


@pytest.mark.parametrize(
    ["counts", "expected"],
    [
        ((1, 0, 0), 1),
        ((0, 0, 0), 1),  # both texts empty: nothing missed, nothing extra
        ((0, 0, 1), 0),  # empty prediction
        ((0, 1, 0), 0),  # prediction where the truth is empty
        ((2 / 3, 1 / 3, 0), 0.8),  # P 2/3, R 1
    ],
)
def test_page_f1(counts, expected):
    assert sc.page_f1(counts) == pytest.approx(expected)


# --- WCXB scoring rules ----------------------------------------------------------


def test_title_exact_collapses_whitespace_and_keeps_case():
    assert wc.title_exact("Ferry  returns\nafter repairs ", "Ferry returns after repairs")
    assert not wc.title_exact("Ferry returns after repairs", "ferry returns after repairs")
    assert not wc.title_exact("Ferry returns", "Ferry returns | Gazette")
    assert wc.title_exact(None, "")


@pytest.mark.parametrize(
    ["pred", "expected"],
    [
        ("It's time: the ferry returns", True),
        ("IT’S TIME: THE FERRY RETURNS", True),  # casefolded, typographic quote folded
        ("It’s time:  the ferry\nreturns", True),
        ("It's time: the ferry returns | Harbour Gazette", True),
        ("It's time: the ferry returns - Harbour Gazette", True),
        ("It's time: the ferry returns – Harbour Gazette", True),  # en dash folded to -
        ("It's time: the ferry returns — Harbour Gazette", True),  # em dash folded to -
        ("It's time: the ferry returns : Gazette", True),
        ("It's time: the ferry returns · Gazette", True),
        ("It's time: the ferry returns » Gazette", True),
        ("Gazette / It's time: the ferry returns", True),  # site name before
        ("Harbour Gazette|It's time: the ferry returns", True),
        ("It's time: the ferry returns Harbour Gazette", False),  # no separator
        ("It's time: the ferry returns |", False),  # a separator but no site name
        ("It's time", False),  # part of the title
        ("It's time: the ferry returns today", False),
        ("", False),
        (None, False),
    ],
)
def test_title_loose(pred, expected):
    assert wc.title_loose("It's time: the ferry returns", pred) is expected


def test_title_loose_folds_the_ellipsis_and_handles_empty_titles():
    assert wc.title_loose("Wait for it…", "wait for it... | Gazette")
    assert wc.title_loose("", None)  # both empty
    assert not wc.title_loose("", "Something")


@pytest.mark.parametrize(
    ["truth", "pred", "expected"],
    [
        ("2024-03-05", "2024-03-05", True),
        ("2024-03-05", "2024-03-05T23:10:00+00:00", True),  # only the day is compared
        ("2024-03-05", "2024-03-06", False),
        ("2024-03-05", "2024-03", False),
        ("2024-03-05", None, False),
        ("2024-03", "2024-03-17", True),  # a YYYY-MM truth matches on the month
        ("2024-03", "2024-03", True),
        ("2024-03", "2024-04-01", False),
        ("2024-03", None, False),
        ("", "2024-03-05", False),  # no truth: never "agrees"
        (None, None, False),
    ],
)
def test_same_day(truth, pred, expected):
    assert wc.same_day(truth, pred) is expected


def test_author_set_splits_strings_on_semicolons_casefolds_and_collapses_whitespace():
    assert wc.author_set("Nina Park; Ivo  Tal ;") == {"nina park", "ivo tal"}
    assert wc.author_set(["Nina PARK", " Ivo\nTal", "  "]) == {"nina park", "ivo tal"}
    assert wc.author_set("Jillian Kubala, MS, RD") == {"jillian kubala, ms, rd"}  # no comma split
    assert wc.author_set(None) == set() and wc.author_set([]) == set() and wc.author_set("") == set()


def test_same_authors_is_set_equality():
    assert wc.same_authors(["Nina Park", "Ivo Tal"], "ivo tal; NINA PARK")
    assert wc.same_authors(["Nina Park"], ("Nina Park", "nina park"))  # a set: repeats do not count
    assert not wc.same_authors(["Nina Park", "Ivo Tal"], "Nina Park")
    assert not wc.same_authors(["Nina Park"], "Nina Park; Harbour Gazette")
    assert not wc.same_authors(["Nina Park"], None)


def test_word_f1():
    assert wc.word_f1("The ferry returns.", "the FERRY returns") == 1  # lower-cased bags
    assert wc.word_f1("a b c d", "a b") == pytest.approx(2 * 1 * 0.5 / 1.5)
    assert wc.word_f1("a a b", "a b b") == pytest.approx(2 / 3)  # bags: a and b once each shared
    assert wc.word_f1("alpha beta", "gamma delta") == 0
    assert wc.word_f1("", "") == 1 and wc.word_f1("", None) == 1
    assert wc.word_f1("a b", "") == 0 and wc.word_f1("", "a b") == 0


def test_snippet_shares():
    pred = "The ferry RETURNS after repairs.\nSubscribe now"
    assert wc.snippet_shares(pred, ["ferry returns", "after repairs", "bakery"],
                             ["subscribe now", "Privacy Policy"]) == pytest.approx((2 / 3, 1 / 2))
    assert wc.snippet_shares(pred, [], []) == (1.0, 0.0)  # nothing to find, nothing to leak
    assert wc.snippet_shares(None, ["ferry"], ["menu"]) == (0.0, 0.0)


def test_compare_metadata():
    truth = {"title": "Ferry returns", "authors": ("Nina Park",), "published": "2024-02"}
    pred = {"title": "Ferry returns | Gazette", "authors": ("nina park",), "published": "2024-02-10"}
    assert wc.compare_metadata(truth, pred) == (
        {"title": False, "title~": True, "published": True, "authors": True}, {}
    )
    # null truths: not scored for agreement; the prediction is judged on staying empty
    truth = {"title": "Ferry returns", "authors": (), "published": ""}
    assert wc.compare_metadata(truth, {"title": "Ferry returns", "authors": (), "published": "2024-01-01"}) == (
        {"title": True, "title~": True}, {"published": False, "authors": True}
    )
    # a field the truth does not have is not scored at all
    assert wc.compare_metadata({"title": "Ferry returns"}, {"title": "x", "published": "2024"}) == (
        {"title": False, "title~": False}, {}
    )
    assert wc.compare_metadata({}, {"title": "x"}) == ({}, {})


# --- ids, languages --------------------------------------------------------------


def test_id_half_by_numeric_id():
    assert [eq.id_half(i) for i in ("0001", "0002", "0010", "3035")] == ["odd", "even", "even", "odd"]
    assert eq.id_half("042bb7b5ff") == "odd" and eq.id_half("04a6711caa") == "even"  # hexadecimal
    assert eq.id_half("a1-council-budget") is None


def test_declared_html_language_and_primary_language():
    assert eq.declared_html_language(b"<!DOCTYPE html>\n<html class='x' lang=\"pt-BR\">") == "pt"
    assert eq.declared_html_language(b"<HTML LANG=zh_CN><body>") == "zh"
    assert eq.declared_html_language(b"<html xml:lang='de'>") == "de"
    assert eq.declared_html_language(b"<html><body lang='fr'>") is None
    assert eq.declared_html_language(b"<html data-lang='fr'>") is None
    assert eq.primary_language("zh-cn") == "zh" and eq.primary_language(" EN ") == "en"
    assert eq.primary_language("") is None and eq.primary_language(None) is None


# --- a small wcxb-like dataset, written for the test -------------------------------

BODIES = {
    "0001": "The harbour ferry returned to service on Monday after six weeks of engine repairs.\n"
            "Passengers queued from dawn, and the first crossing left eight minutes early.",
    "0002": "A family bakery on Mill Lane won the regional bread prize for its rye loaf.\n"
            "The judges praised the crust and the sourdough starter, kept alive since 1961.",
    "0003": "Apple growers in the valley began the harvest two weeks early this year.\n"
            "A warm spring and a dry summer ripened the fruit sooner than anyone expected.",
    "0004": "The town library will open until nine in the evening from next month.\n"
            "Longer hours were the most common request in a survey of four hundred readers.",
}
TRUTHS = {
    "0001": {"title": "Harbour ferry returns after repairs", "authors": ["Nina Park"],
             "published": "2024-02-10", "with": ["ferry returned to service"],
             "without": ["Subscribe now"]},
    "0002": {"title": "Bakery wins regional prize", "authors": [], "published": None,
             "with": [], "without": []},
    "0003": {"title": "Orchard harvest starts early", "authors": ["Ivo Tal", "Mia Roe"],
             "published": "2023-09", "with": [], "without": []},
    "0004": {"title": "Library extends opening hours", "authors": ["Sam Ode"],
             "published": "2024-05-01", "with": ["open until nine"], "without": []},
}


def _url(page_id):
    return f"https://gazette.example.org/news/{page_id}"


def write_dataset(directory, truths=TRUTHS, bodies=BODIES):
    (directory / "html").mkdir(parents=True)
    ground_truth = {}
    for page_id, truth in truths.items():
        html = f"<!DOCTYPE html><html lang='en'><body><p>{bodies[page_id]}</p></body></html>"
        with gzip.open(directory / "html" / f"{page_id}.html.gz", "wb") as f:
            f.write(html.encode())
        ground_truth[page_id] = {"url": _url(page_id), "articleBody": bodies[page_id], **truth}
    (directory / "ground-truth.json").write_text(json.dumps(ground_truth), encoding="utf-8")
    return directory


# Fakes at module level, so that a process pool can pickle them.
RAW_BODIES = {_url(i): b for i, b in BODIES.items()}
RAW_BODIES[_url("0001")] += "\nSubscribe now for the daily news."  # a leak
RAW_METADATA = {
    _url("0001"): Prediction(title="Harbour ferry returns after repairs | Gazette",
                             authors=("Nina Park",), published="2024-02-10"),
    _url("0002"): Prediction(title="Bakery wins regional prize | Gazette",
                             published="2024-02-11"),  # a date where the truth has none
    _url("0003"): Prediction(title="Orchard harvest starts early | Gazette",
                             authors=("Ivo Tal", "Mia Roe"), published="2023-09-14"),
    _url("0004"): Prediction(title="Library extends opening hours | Gazette",
                             published="2024-05-02"),
}
OURS = {
    _url("0001"): Prediction(body=BODIES["0001"], title="Harbour ferry returns after repairs",
                             authors=("nina  park",), published="2024-02-10", language="en"),
    _url("0002"): Prediction(body=BODIES["0002"], title="Bakery wins regional prize",
                             language="en-GB"),
    _url("0003"): Prediction(body=BODIES["0003"].splitlines()[0],
                             title="Orchard Harvest Starts Early", authors=("Ivo Tal",),
                             published="2023-10-01", language="de"),
    _url("0004"): Prediction(rejected="section_front"),
}


def fake_raw_body(html: bytes, url: str) -> str:
    return RAW_BODIES[url]


def fake_raw_metadata(html: bytes, url: str) -> Prediction:
    return RAW_METADATA[url]


def fake_ours(html: bytes, url: str) -> Prediction:
    return OURS[url]


WCXB_FAKES = [
    Extractor("raw trafilatura", fake_raw_body, read_metadata=fake_raw_metadata),
    Extractor("newsingest", fake_ours),
]


@pytest.fixture
def wcxb_dir(tmp_path):
    return write_dataset(tmp_path / "wcxb-like")


def test_load_dataset_reads_every_truth_field_and_splits_by_id(wcxb_dir):
    pages = eq.load_dataset(wcxb_dir, language="en")
    assert [p.page_id for p in pages] == ["0001", "0002", "0003", "0004"]
    first, second = pages[0], pages[1]
    assert (first.title, first.authors, first.published) == (
        "Harbour ferry returns after repairs", ("Nina Park",), "2024-02-10")
    assert (first.must_have, first.must_not_have) == (("ferry returned to service",), ("Subscribe now",))
    assert first.language == "en" and first.half == "odd"
    assert (second.authors, second.published) == ((), "")  # null truths are empty, not None
    assert first.html.startswith(b"<!DOCTYPE html>")
    assert [p.page_id for p in eq.load_dataset(wcxb_dir, split="even")] == ["0002", "0004"]
    assert [p.page_id for p in eq.load_dataset(wcxb_dir, split="odd", limit=1)] == ["0001"]
    # AEB-like truth: no such fields, so nothing of them is scored
    aeb = eq.load_dataset(FIXTURE)[0]
    assert (aeb.title, aeb.authors, aeb.published, aeb.must_have, aeb.language) == (None,) * 5
    assert aeb.metadata_truth() == {}


def test_load_dataset_takes_a_page_s_own_language_and_needs_numeric_ids_to_split(tmp_path):
    truths = {k: {**v, "language": "cy"} if k == "0002" else v for k, v in TRUTHS.items()}
    directory = write_dataset(tmp_path / "d", truths)
    assert [p.language for p in eq.load_dataset(directory, language="en")] == ["en", "cy", "en", "en"]
    with pytest.raises(eq.DatasetMissing, match="numeric ids"):
        eq.load_dataset(FIXTURE, split="odd")


def test_run_extractor_merges_a_separate_metadata_pass_and_times_each():
    ticks = iter(range(100))
    extractor = WCXB_FAKES[0]
    url = _url("0001")
    prediction, timing = eq.run_extractor(extractor, b"", url, clock=lambda: next(ticks))
    assert prediction == dataclasses.replace(RAW_METADATA[url], body=RAW_BODIES[url])
    assert timing == eq.Timing(seconds=1, metadata_seconds=1, error=False)
    prediction, timing = eq.run_extractor(extractor, b"", url, with_metadata=False)
    assert prediction == Prediction(body=RAW_BODIES[url]) and timing.metadata_seconds == 0


def test_run_extractor_skips_the_metadata_pass_where_there_is_no_body():
    calls = []

    def read_metadata(html, url):
        calls.append(url)
        return Prediction(title="T")

    prediction, timing = eq.run_extractor(Extractor("x", lambda html, url: None, read_metadata=read_metadata),
                                          b"", "u")
    assert calls == [] and prediction == Prediction() and timing.metadata_seconds == 0


RAW_METADATA_PAGE = (
    "<!DOCTYPE html><html lang='en'><head><title>Tram line opens to the harbour | City Post</title>"
    "<meta name='author' content='Lena Okafor; Tom Briggs'>"
    "<meta property='article:published_time' content='2024-03-05T09:30:00Z'></head><body>"
    "<article><h1>Tram line opens to the harbour</h1>"
    + "".join(f"<p>Stop {n}: the new tram line carries commuters from the old town to the harbour in "
              f"twelve minutes, and the city expects twenty thousand riders a day by summer.</p>"
              for n in range(5))
    + "</article></body></html>"
).encode()


def test_raw_metadata_is_what_bare_extraction_with_metadata_returns():
    trafilatura = pytest.importorskip("trafilatura")
    url = "https://citypost.example/2024/03/05/tram-line-opens"
    doc = trafilatura.bare_extraction(RAW_METADATA_PAGE, url=url, with_metadata=True)
    prediction = eq.raw_trafilatura_metadata(RAW_METADATA_PAGE, url)
    assert (prediction.title, prediction.published) == (doc.title, doc.date)
    assert prediction.authors == tuple(a.strip() for a in doc.author.split(";")) == ("Lena Okafor", "Tom Briggs")
    assert prediction.published == "2024-03-05"


def test_run_extractor_scores_a_raising_extractor_as_empty():
    def boom(html, url):
        raise ValueError("bad page")

    prediction, timing = eq.run_extractor(Extractor("x", boom, read_metadata=boom), b"", "u")
    assert prediction == Prediction() and timing.error is True


def test_the_metadata_pass_runs_only_where_there_is_metadata_truth(wcxb_dir):
    calls = []

    def read_metadata(html, url):
        calls.append(url)
        return Prediction(title="T")

    extractors = [Extractor("x", fake_raw_body, read_metadata=read_metadata)]
    aeb_page = eq.load_dataset(FIXTURE)[0]
    result = eq.run_page("aeb", aeb_page, [Extractor("x", oracle, read_metadata=read_metadata)])
    assert calls == [] and result.outcomes["x"].prediction.title is None
    eq.run_page("w", eq.load_dataset(wcxb_dir)[0], extractors)
    assert calls == [_url("0001")]


def run_wcxb(capsys, wcxb_dir, *args):
    return run_main(capsys, ["--wcxb", str(wcxb_dir), "--only", "wcxb-dev", *args], WCXB_FAKES)


def test_main_scores_metadata_language_rejections_and_halves(capsys, wcxb_dir):
    code, out, _ = run_wcxb(capsys, wcxb_dir, "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data["datasets"]) == ["wcxb-dev"]
    report = data["datasets"]["wcxb-dev"]
    raw, ours = report["extractors"]["raw trafilatura"], report["extractors"]["newsingest"]

    def rates(summary, key="metadata"):
        return {f: (r["hits"], r["pages"]) for f, r in summary[key].items()}

    assert rates(raw) == {"title": (0, 4), "title~": (4, 4), "published": (2, 3), "authors": (2, 3)}
    assert rates(ours) == {"title": (2, 4), "title~": (3, 4), "published": (1, 3), "authors": (1, 3)}
    assert rates(raw, "empty_on_null") == {"published": (0, 1), "authors": (1, 1)}
    assert rates(ours, "empty_on_null") == {"published": (1, 1), "authors": (1, 1)}
    # wcxb-dev's pages are all English: en and en-GB are right, de and a rejection are not
    assert ours["language"] == {"hits": 2, "pages": 4, "share": 0.5}
    assert raw["language"] is None  # raw trafilatura predicts no language
    assert ours["rejections"] == {"section_front": 1} and raw["rejections"] == {}
    assert (ours["empty_bodies"], raw["empty_bodies"]) == (1, 0)
    # WCXB figures: raw leaks one of page 0001's must-not-have snippets
    assert raw["leaked"] == pytest.approx(0.25) and ours["leaked"] == 0
    assert ours["found"] == pytest.approx(0.75)  # the rejected page found none of its one
    assert raw["found"] == 1
    assert raw["metadata_ms_per_page"] >= 0 and ours["metadata_ms_per_page"] == 0
    # the halves: odd ids 0001 and 0003, even ids 0002 and 0004
    halves = report["halves"]
    assert (halves["odd"]["pages"], halves["even"]["pages"]) == (2, 2)
    assert halves["even"]["extractors"]["newsingest"]["rejections"] == {"section_front": 1}
    assert halves["odd"]["extractors"]["newsingest"]["metadata"]["title"]["hits"] == 1
    assert halves["odd"]["extractors"]["newsingest"]["recall"] < 1
    assert halves["even"]["extractors"]["raw trafilatura"]["f1"] == 1
    # worst losses: the rejected page, then the half-extracted one; 0001 is a win
    worst = report["worst"]
    assert [(w["page_id"], w["ours_f1"], w["rejected"]) for w in worst][:1] == [
        ("0004", 0, "section_front")]
    assert [w["page_id"] for w in worst] == ["0004", "0003"]


def test_main_table_for_metadata(capsys, wcxb_dir):
    code, out, _ = run_wcxb(capsys, wcxb_dir)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("== wcxb-dev: 4 pages from ") and "(2 even, 2 odd ids)" in lines[0]
    body_header = next(line for line in lines if line.startswith("body, AEB metric"))
    assert body_header.split()[-4:] == ["F1", "even", "F1", "odd"]
    wcxb_row = lines[lines.index(next(l for l in lines if l.startswith("body, WCXB"))) + 2]
    raw_word_f1 = (wc.word_f1(BODIES["0001"], RAW_BODIES[_url("0001")]) + 3) / 4
    assert wcxb_row.split()[2:5] == [f"{raw_word_f1:.3f}", "100.0%", "25.0%"]  # word F1, with, without
    title_row = next(line for line in lines if line.startswith("title (exact)"))
    assert title_row.split()[2:] == ["4", "0", "=", "0.0%", "2", "=", "50.0%",
                                     "0.0%", "/", "0.0%", "50.0%", "/", "50.0%"]
    published_row = next(line for line in lines if line.startswith("published (same day)"))
    assert published_row.split()[3:10] == ["3", "2", "=", "66.7%", "1", "=", "33.3%"]
    assert "left empty where the truth is null: published: raw trafilatura 0/1, newsingest 1/1; " \
           "authors: raw trafilatura 1/1, newsingest 1/1" in out
    assert "language, newsingest: the truth language on 2 = 50.0% of 4 pages (even 50.0%, odd 50.0%)" in out
    assert "no body, newsingest: 1 of 4 pages; rejected 1: section_front 1 (even 1, odd 0)" in out
    assert "raw trafilatura's separate metadata pass" in out
    assert "the 2 pages where newsingest loses most body F1 to raw trafilatura" in out
    assert "4 pages in " in lines[-1]


def test_main_split_and_save(capsys, wcxb_dir, tmp_path):
    save = tmp_path / "pred.json"
    code, out, _ = run_wcxb(capsys, wcxb_dir, "--split", "even", "--json", "--save", str(save))
    assert code == 0
    report = json.loads(out)["datasets"]["wcxb-dev"]
    assert (report["pages"], report["split"], report["halves"]) == (2, "even", {})
    saved = json.loads(save.read_text(encoding="utf-8"))
    assert sorted(saved["wcxb-dev"]) == ["0002", "0004"]
    ours = saved["wcxb-dev"]["0004"]["newsingest"]
    assert (ours["rejected"], ours["body"], ours["f1"], ours["title"]) == ("section_front", "", 0, None)
    raw = saved["wcxb-dev"]["0002"]["raw trafilatura"]
    assert raw["body"] == BODIES["0002"] and raw["f1"] == 1
    assert (raw["title"], raw["authors"], raw["published"]) == (
        "Bakery wins regional prize | Gazette", [], "2024-02-11")
    assert raw["metadata_agrees"] == {"title": False, "title~": True}


def test_a_process_pool_gives_the_same_figures(capsys, wcxb_dir):
    def figures(jobs):
        code, out, _ = run_wcxb(capsys, wcxb_dir, "--json", "--jobs", jobs)
        assert code == 0
        report = json.loads(out)["datasets"]["wcxb-dev"]
        for summary in report["extractors"].values():
            del summary["ms_per_page"], summary["metadata_ms_per_page"]
        del report["ratios"]["time"]
        for half in report["halves"].values():
            for summary in half["extractors"].values():
                del summary["ms_per_page"], summary["metadata_ms_per_page"]
        return report

    assert figures("2") == figures("1")


def test_main_scores_both_dev_sets_in_one_run(capsys, wcxb_dir, tmp_path):
    aeb_dir = tmp_path / "aeb-copy"
    shutil.copytree(FIXTURE, aeb_dir)
    extractors = [
        Extractor("raw trafilatura", oracle_or_fake_raw, read_metadata=fake_raw_metadata),
        Extractor("newsingest", oracle_or_fake_ours),
    ]
    code, out, _ = run_main(
        capsys, ["--aeb", str(aeb_dir), "--wcxb", str(wcxb_dir), "--json"], extractors
    )
    assert code == 0
    data = json.loads(out)
    assert list(data["datasets"]) == ["aeb", "wcxb-dev"]
    assert data["datasets"]["aeb"]["pages"] == 3 and data["datasets"]["wcxb-dev"]["pages"] == 4
    assert data["datasets"]["aeb"]["extractors"]["newsingest"]["metadata"] == {}
    code, out, _ = run_main(
        capsys, ["--aeb", str(aeb_dir), "--wcxb", str(tmp_path / "missing")], extractors
    )
    assert code == 2 and "wcxb-dev dataset not found" in _


def oracle_or_fake_raw(html: bytes, url: str) -> str:
    return TRUTH_BY_URL.get(url) or fake_raw_body(html, url)


def oracle_or_fake_ours(html: bytes, url: str) -> Prediction | str:
    return TRUTH_BY_URL.get(url) or fake_ours(html, url)


def test_newsingest_adapter_gives_the_utc_day_and_the_authors(monkeypatch):
    cleaning = importlib.import_module("cleaning")
    from cleaning.models import Article

    def clean_page(page):
        return Article(
            article_id="x", url=page.url, canonical_url=None, domain=None, title="Ferry returns",
            text="Body text.", authors=["Nina Park", "Ivo Tal"],
            published_at=datetime(2024, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=-5))),
            published_at_source="json-ld", modified_at=None, language="en", description=None,
            sitename=None, categories=[], tags=[], image_url=None, word_count=2,
            content_hash="h", discovered_via="url",
        )

    monkeypatch.setattr(cleaning, "clean_page", clean_page, raising=False)
    assert eq.newsingest(b"<html></html>", "https://gazette.example.org/a") == Prediction(
        body="Body text.", title="Ferry returns", authors=("Nina Park", "Ivo Tal"),
        published="2024-03-02", language="en",  # 23:30 at UTC-5 is the next day in UTC
    )


def test_raw_trafilatura_metadata_splits_the_author_string(monkeypatch):
    metadata = pytest.importorskip("trafilatura.metadata")
    calls = []

    def extract_metadata(html, url, date_params, fast, author_blacklist):
        calls.append(url)
        return SimpleNamespace(title="Ferry returns", author="Nina Park; Ivo Tal;", date="2024-03-01")

    monkeypatch.setattr(metadata, "extract_metadata", extract_metadata)
    assert eq.raw_trafilatura_metadata(b"<html></html>", "https://g.example.org/a") == Prediction(
        title="Ferry returns", authors=("Nina Park", "Ivo Tal"), published="2024-03-01")
    assert calls == ["https://g.example.org/a"]
