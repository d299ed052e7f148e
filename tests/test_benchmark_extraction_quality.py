"""Tests for benchmarks/aeb_scoring.py and benchmarks/extraction_quality.py.

Uses only the tiny AEB-layout fixture in tests/fixtures/aeb (never /work/shared).
"""
from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks import aeb_scoring as sc  # noqa: E402
from benchmarks import extraction_quality as eq  # noqa: E402

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


FAKES = [("raw trafilatura", oracle), ("newsingest", partial)]


def run_main(capsys, argv, extractors=None):
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
    data = json.loads(out)
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
    assert raw["seconds"] >= 0 and ours["seconds"] >= 0
    rat = data["ratios"]
    assert (rat["ours"], rat["baseline"]) == ("newsingest", "raw trafilatura")
    assert rat["f1"] == pytest.approx(0.5)
    if raw["seconds"] > 0:
        assert rat["time"] == pytest.approx(ours["seconds"] / raw["seconds"])


def test_main_table_with_fake_extractors(capsys):
    code, out, _ = run_main(capsys, ["--dataset", str(FIXTURE)], FAKES)
    assert code == 0
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("extractor"))
    for col in ("F1", "precision", "recall", "accuracy", "pages", "seconds"):
        assert col in header
    raw_row = next(line for line in lines if line.startswith("raw trafilatura"))
    ours_row = next(line for line in lines if line.startswith("newsingest"))
    assert raw_row.split()[2:7] == ["1.000", "1.000", "1.000", "1.000", "3"]
    assert ours_row.split()[1:6] == ["0.500", "1.000", "0.333", "0.333", "3"]
    assert any(line.startswith("F1") and line.endswith("0.500") for line in lines)
    assert any(line.startswith("time") for line in lines)
    assert "newsingest raised on 1 page(s)" in out


def test_main_limit(capsys):
    code, out, _ = run_main(capsys, ["--dataset", str(FIXTURE), "--limit", "2", "--json"], FAKES)
    assert code == 0
    data = json.loads(out)
    assert data["pages"] == 2
    assert data["extractors"]["newsingest"]["recall"] == pytest.approx(0.5)


def test_main_with_real_trafilatura(capsys):
    pytest.importorskip("trafilatura")
    pages = eq.load_dataset(FIXTURE)
    expected = sc.score((p.truth, eq.raw_trafilatura(p.html, p.url)) for p in pages)
    assert expected.f1 > 0.9  # the fixture pages are easy

    code, out, _ = run_main(
        capsys, ["--dataset", str(FIXTURE), "--json"], [("raw trafilatura", eq.raw_trafilatura)]
    )
    assert code == 0
    raw = json.loads(out)["extractors"]["raw trafilatura"]
    for key in ("f1", "precision", "recall", "accuracy"):
        assert raw[key] == pytest.approx(getattr(expected, key))
    assert raw["pages"] == 3 and raw["errors"] == 0 and raw["seconds"] > 0

    code, out, _ = run_main(
        capsys, ["--dataset", str(FIXTURE)], [("raw trafilatura", eq.raw_trafilatura)]
    )
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("raw trafilatura"))
    assert row.split()[2:7] == [
        f"{expected.f1:.3f}", f"{expected.precision:.3f}", f"{expected.recall:.3f}",
        f"{expected.accuracy:.3f}", "3",
    ]


def test_import_error_exits_1(capsys):
    def broken(html, url):
        raise ImportError("cannot import name 'clean_page' from 'cleaning'")

    code, out, err = run_main(capsys, ["--dataset", str(FIXTURE)], [("x", oracle), ("y", broken)])
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


def test_default_dataset_is_beside_the_repository():
    assert eq.DEFAULT_DATASET == (REPO_ROOT.parent / "shared" / "datasets" / "aeb").resolve()
    assert eq.build_parser().parse_args([]).dataset == eq.DEFAULT_DATASET


def test_script_imports_without_the_cleaning_stage():
    code = (
        "import sys; sys.modules['cleaning'] = None\n"
        "import benchmarks.extraction_quality as eq\n"
        "print([name for name, _ in eq.DEFAULT_EXTRACTORS])\n"
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
    assert eq.newsingest(a1.html, a1.url) == a1.truth
    b2 = pages[IDS[1]]
    assert eq.newsingest(b2.html, b2.url) == ""  # a Rejection is an empty prediction
    assert stand_in_clean_page == [a1.url, b2.url]


def test_main_default_extractors(capsys, stand_in_clean_page):
    pytest.importorskip("trafilatura")
    code, out, _ = run_main(capsys, ["--dataset", str(FIXTURE), "--json"])
    assert code == 0
    data = json.loads(out)
    assert list(data["extractors"]) == ["raw trafilatura", "newsingest"]
    ours = data["extractors"]["newsingest"]
    assert ours["precision"] == 1
    assert ours["recall"] == pytest.approx(2 / 3)
    assert ours["accuracy"] == pytest.approx(2 / 3)
    assert ours["f1"] == pytest.approx(0.8)
    raw_f1 = data["extractors"]["raw trafilatura"]["f1"]
    assert data["ratios"]["f1"] == pytest.approx(0.8 / raw_f1)
