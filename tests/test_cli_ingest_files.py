"""`newsingest ingest-files`, run as a real command over copies of the fixture pages."""
from __future__ import annotations

import gzip
import io
import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from crawler.report import Progress
from pipelines.manifest import RunManifest

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"

REPO = Path(__file__).resolve().parent.parent
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))["pages"]
ARTICLE_PAGES = sorted(n for n, s in EXPECTED.items() if s["kind"] == "article")
REJECT_PAGES = sorted(n for n, s in EXPECTED.items() if s["kind"] == "reject")

# Where each fixture page goes in the nested input tree (some renamed to .htm).
TREE = {
    "news/en/wordpress_theme.html": "wordpress_theme.html",
    "news/en/widgets_in_content.htm": "widgets_in_content.html",
    "news/en/share_newsletter.html": "share_newsletter.html",
    "news/en/archive/2023/table_layout_cp1252.html": "table_layout_cp1252.html",
    "news/intl/fr/french_article.html": "french_article.html",
    "news/intl/german_article.htm": "german_article.html",
    "news/intl/spanish_article.html": "spanish_article.html",
    "gz/gzipped_article.html.gz": "gzipped_article.html.gz",
    "bad/empty.html": "empty.html",
    "bad/binary.html": "binary.html",
    "bad/document.html": "document.html",
    "bad/lists/link_list.html": "link_list.html",
    "bad/all_boilerplate.html": "all_boilerplate.html",
    "bad/too_short.htm": "too_short.html",
}
IGNORED = ["notes.txt", "news/en/README.txt", "bad/page.html.txt", "gz/data.json"]

STAGE_FOR_REASON = {
    "empty": {"decode", "input"},
    "binary": {"decode"},
    "pdf": {"decode"},
    "image": {"decode"},
    "not_html": {"decode"},
    "no_content": {"extract"},
    "too_short": {"quality"},
    "link_list": {"quality"},
    "all_boilerplate": {"quality"},
    "section_front": {"quality"},
}


def command() -> list[str]:
    beside_python = Path(sys.executable).with_name("newsingest")
    if beside_python.exists():
        return [str(beside_python)]
    found = shutil.which("newsingest")
    if found:
        return [found]
    return [sys.executable, "-m", "crawler.cli"]


def run(*args, stderr=subprocess.PIPE, timeout=120) -> subprocess.CompletedProcess:
    # The installed script imports whichever checkout was installed: this one's code goes first.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([*command(), *map(str, args)], cwd=REPO, stdin=subprocess.DEVNULL, env=env,
                          stdout=subprocess.PIPE, stderr=stderr, text=True, timeout=timeout)


def ingest(paths, out, *extra) -> subprocess.CompletedProcess:
    paths = paths if isinstance(paths, (list, tuple)) else [paths]
    return run("ingest-files", *paths, "--out", out, "--workers", "2", *extra)


def build_tree(root: Path) -> Path:
    for rel, name in TREE.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PAGES / name, target)
    for rel in IGNORED:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("<html><body><p>not a page file</p></body></html>\n")
    return root


def manifests(out: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "runs").glob("*.json"))]


def read_run(out: Path, manifest: dict, table: str) -> list[dict]:
    rows = []
    for rel in manifest["files"]:
        if rel.startswith(f"{table}/"):
            rows.extend(pq.read_table(out / rel).to_pylist())
    return rows


def assert_one_line_error(result: subprocess.CompletedProcess, argparse_error: bool = False) -> str:
    """One line, no traceback. Errors from the command itself start "newsingest: error:";
    argparse's own errors about a subcommand's arguments name the subcommand."""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    if argparse_error:
        assert re.match(r"newsingest( [a-z-]+)?: error: ", lines[0]), lines[0]
    else:
        assert lines[0].startswith("newsingest: error:"), lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def tree_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("cli")
    tree = build_tree(base / "pages")
    out = base / "out"
    result = ingest(tree, out)
    [manifest] = manifests(out)
    return tree, out, result, manifest


# --------------------------------------------------------------------------- a normal run


def test_tree_run_exit_code_and_summary(tree_run):
    tree, out, result, manifest = tree_run
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    stdout = result.stdout
    assert re.search(rf"^\s*inputs\s+{len(TREE)}\s*$", stdout, re.M), stdout
    assert re.search(rf"^\s*articles\s+{len(ARTICLE_PAGES)}\s*$", stdout, re.M), stdout
    assert re.search(rf"^\s*rejects\s+{len(REJECT_PAGES)}\s*$", stdout, re.M), stdout
    assert re.search(r"^\s*duplicates\s+0\s*$", stdout, re.M), stdout
    for key, count in manifest["rejects_by_reason"].items():
        assert re.search(rf"^\s+{count}\s+{re.escape(key)}\s*$", stdout, re.M), (key, stdout)
    [languages] = [line for line in stdout.splitlines() if line.strip().startswith("languages")]
    for lang, count in (("en", 5), ("fr", 1), ("de", 1), ("es", 1)):
        assert f"{lang} {count}" in languages, languages
    assert str(out / "articles") in stdout
    assert str(out / "rejects") in stdout
    assert str(out / "runs" / f"{manifest['run_id']}.json") in stdout
    assert manifest["run_id"] in stdout
    assert "read_parquet(" in stdout and "hive_partitioning=true" in stdout


def test_summary_duckdb_query_runs(tree_run):
    duckdb = pytest.importorskip("duckdb")
    _, out, result, _ = tree_run
    [line] = [line for line in result.stdout.splitlines() if "duckdb -c" in line]
    match = re.search(r'duckdb -c "(.*)"\s*$', line)
    assert match, line
    sql = match.group(1)
    assert f"'{out / 'articles'}/**/*.parquet'" in sql
    rows = duckdb.connect().execute(sql).fetchall()
    assert len(rows) == min(10, len(ARTICLE_PAGES))
    assert {r[1] for r in rows} <= {"en", "fr", "de", "es"}


def test_every_input_accounted_for_in_manifest(tree_run):
    _, out, _, manifest = tree_run
    assert manifest["command"] == "ingest-files"
    assert manifest["inputs"] == len(TREE)  # .txt/.json files are not inputs
    assert manifest["articles"] == len(ARTICLE_PAGES)
    assert manifest["rejects"] == len(REJECT_PAGES)
    assert manifest["duplicates"] == 0
    assert manifest["adds_up"] is True
    assert manifest["inputs"] == manifest["articles"] + manifest["rejects"] + manifest["duplicates"]
    assert sum(manifest["rejects_by_reason"].values()) == manifest["rejects"]
    assert manifest["languages"] == {"en": 5, "fr": 1, "de": 1, "es": 1}
    for rel in manifest["files"]:
        assert (out / rel).is_file()
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert len(read_run(out, manifest, "articles")) == manifest["articles"]
    assert len(read_run(out, manifest, "rejects")) == manifest["rejects"]


def test_rejects_have_one_row_per_bad_page(tree_run):
    tree, out, _, manifest = tree_run
    rows = read_run(out, manifest, "rejects")
    by_url = {row["url"]: row for row in rows}
    assert len(by_url) == len(rows) == len(REJECT_PAGES)
    for rel, name in TREE.items():
        if EXPECTED[name]["kind"] != "reject":
            continue
        url = (tree / rel).resolve().as_uri()
        assert url in by_url, (rel, sorted(by_url))
        row = by_url[url]
        allowed = EXPECTED[name]["reason"]
        allowed = allowed if isinstance(allowed, list) else [allowed]
        assert row["reason"] in allowed, (rel, row)
        assert row["stage"] in STAGE_FOR_REASON[row["reason"]], (rel, row)
        assert row["detail"] and isinstance(row["detail"], str)
        assert row["discovered_via"] == "file"
        assert row["run_id"] == manifest["run_id"]
        assert f"{row['stage']}/{row['reason']}" in manifest["rejects_by_reason"]


def test_articles_url_is_file_url_and_canonical_is_the_pages(tree_run):
    tree, out, _, manifest = tree_run
    rows = read_run(out, manifest, "articles")
    by_url = {row["url"]: row for row in rows}
    assert len(by_url) == len(ARTICLE_PAGES)
    for rel, name in TREE.items():
        spec = EXPECTED[name]
        if spec["kind"] != "article":
            continue
        url = (tree / rel).resolve().as_uri()
        assert url.startswith("file:///")
        row = by_url[url]
        assert row["canonical_url"] == spec["canonical_url"]
        assert row["language"] == spec["language"]
        assert row["discovered_via"] == "file"
        assert row["run_id"] == manifest["run_id"]
        assert re.fullmatch(r"[0-9a-f]{32}", row["article_id"])
        assert row["fetched_at"].utcoffset().total_seconds() == 0


def test_two_runs_same_order_and_no_overwrite(tree_run, tmp_path):
    tree, _, _, _ = tree_run
    first, second = tmp_path / "first", tmp_path / "second"
    assert ingest(tree, first).returncode == ingest(tree, second).returncode == 0
    [run_1], [run_2] = manifests(first), manifests(second)
    assert run_1["run_id"] != run_2["run_id"]
    # same bytes in, same rows out, in the same order
    for table, column in (("articles", "article_id"), ("articles", "content_hash"), ("rejects", "url")):
        assert ([r[column] for r in read_run(first, run_1, table)]
                == [r[column] for r in read_run(second, run_2, table)]), (table, column)
    assert len(read_run(first, run_1, "articles")) == len(ARTICLE_PAGES)

    # The same work again into the same folder: nothing is written twice.
    again = ingest(tree, first)
    assert again.returncode == 3, again.stderr  # nothing new
    _, rerun = manifests(first)
    assert (rerun["articles"], rerun["unchanged"]) == (0, len(ARTICLE_PAGES)) and rerun["adds_up"]
    assert rerun["rejects"] == run_1["rejects"]  # a bad page is still a reject, each run
    assert not set(rerun["files"]) & set(run_1["files"])  # no file overwritten
    for manifest in (run_1, rerun):
        for rel in manifest["files"]:
            assert (first / rel).is_file()


def test_flat_folder_is_ingested_in_name_order(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ARTICLE_PAGES:
        shutil.copyfile(PAGES / name, pages / name)
    out = tmp_path / "out"
    result = ingest(pages, out, "--quiet")
    assert result.returncode == 0, result.stderr
    [manifest] = manifests(out)
    rows = read_run(out, manifest, "articles")
    assert [r["url"] for r in rows] == [(pages / name).resolve().as_uri() for name in sorted(ARTICLE_PAGES)]


def test_files_named_directly_are_ingested(tmp_path):
    out = tmp_path / "out"
    files = [PAGES / "french_article.html", PAGES / "gzipped_article.html.gz", PAGES / "empty.html"]
    result = ingest(files, out, "--quiet")
    assert result.returncode == 0, result.stderr
    [manifest] = manifests(out)
    assert (manifest["inputs"], manifest["articles"], manifest["rejects"]) == (3, 2, 1)


def test_cli_output_reads_back_with_hive_partitions(tree_run):
    duckdb = pytest.importorskip("duckdb")
    _, out, _, manifest = tree_run
    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    rows = con.execute(
        f"SELECT fetch_date, fetched_at, typeof(published_at), typeof(authors) "
        f"FROM read_parquet('{out}/articles/**/*.parquet', hive_partitioning=true)").fetchall()
    assert len(rows) == manifest["articles"]
    for fetch_date, fetched_at, published_type, authors_type in rows:
        assert fetch_date == fetched_at.date()
        assert published_type == "TIMESTAMP WITH TIME ZONE" and authors_type == "VARCHAR[]"


# --------------------------------------------------------------------------- duplicates, corrupt files


def test_same_file_named_twice_is_a_duplicate(tmp_path):
    page = PAGES / "german_article.html"
    out = tmp_path / "out"
    result = ingest([page, page], out, "--quiet")
    assert result.returncode == 0, result.stderr
    [manifest] = manifests(out)
    assert (manifest["inputs"], manifest["articles"], manifest["duplicates"]) == (2, 1, 1)
    assert len(read_run(out, manifest, "articles")) == 1


def test_duplicate_page_counted_and_written_once(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copyfile(PAGES / "wordpress_theme.html", pages / "a_story.html")
    shutil.copyfile(PAGES / "wordpress_theme.html", pages / "b_same_story_copy.html")
    shutil.copyfile(PAGES / "french_article.html", pages / "c_french.html")
    out = tmp_path / "out"
    result = ingest(pages, out)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^\s*duplicates\s+1\s*$", result.stdout, re.M), result.stdout
    [manifest] = manifests(out)
    assert (manifest["inputs"], manifest["articles"], manifest["rejects"], manifest["duplicates"]) == (3, 2, 0, 1)
    assert manifest["adds_up"] is True
    rows = read_run(out, manifest, "articles")
    assert len(rows) == 2
    canonical = EXPECTED["wordpress_theme.html"]["canonical_url"]
    assert [r["canonical_url"] for r in rows].count(canonical) == 1
    # the first copy in path order is the one written
    assert (pages / "a_story.html").resolve().as_uri() in {r["url"] for r in rows}
    assert read_run(out, manifest, "rejects") == []


def test_corrupt_gzip_is_an_input_reject_and_run_succeeds(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copyfile(PAGES / "spanish_article.html", pages / "good.html")
    (pages / "not_gzip.html.gz").write_bytes(b"<html>this is not gzip data at all</html>")
    whole = gzip.compress((PAGES / "german_article.html").read_bytes())
    (pages / "truncated.html.gz").write_bytes(whole[: len(whole) // 2])
    out = tmp_path / "out"
    result = ingest(pages, out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    [manifest] = manifests(out)
    assert (manifest["inputs"], manifest["articles"], manifest["rejects"]) == (3, 1, 2)
    assert manifest["rejects_by_reason"] == {"input/unreadable": 2}
    assert re.search(r"^\s+2\s+input/unreadable\s*$", result.stdout, re.M), result.stdout
    rejects = {r["url"]: r for r in read_run(out, manifest, "rejects")}
    for name in ("not_gzip.html.gz", "truncated.html.gz"):
        row = rejects[(pages / name).resolve().as_uri()]
        assert (row["stage"], row["reason"]) == ("input", "unreadable")
        assert row["detail"]


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes in names")
def test_corrupt_gzip_with_non_utf8_file_name_is_a_reject_not_a_crash(tmp_path):
    """Bad input gets a reject row, never a crash: a file whose name is not UTF-8."""
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copyfile(PAGES / "french_article.html", pages / "good.html")
    bad = os.fsencode(pages) + b"/bad-\xff.html.gz"
    with open(bad, "wb") as handle:
        handle.write(b"not gzip at all")
    out = tmp_path / "out"
    result = ingest(pages, out)
    assert "Traceback" not in result.stderr, result.stderr[-800:]
    assert result.returncode == 0, result.stderr[-800:]
    [manifest] = manifests(out)
    assert (manifest["inputs"], manifest["articles"], manifest["rejects"]) == (2, 1, 1)
    assert manifest["rejects_by_reason"] == {"input/unreadable": 1}
    [row] = read_run(out, manifest, "rejects")
    assert (row["stage"], row["reason"]) == ("input", "unreadable")
    assert row["url"].startswith("file:///") and "%FF" in row["url"].upper()
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


# --------------------------------------------------------------------------- nothing ingested


def test_only_bad_pages_exit_1(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("empty.html", "binary.html", "too_short.html"):
        shutil.copyfile(PAGES / name, pages / name)
    out = tmp_path / "out"
    result = ingest(pages, out)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    [manifest] = manifests(out)
    assert (manifest["inputs"], manifest["articles"], manifest["rejects"]) == (3, 0, 3)
    assert re.search(r"^\s*articles\s+0\s*$", result.stdout, re.M)
    assert len(read_run(out, manifest, "rejects")) == 3
    assert not list(out.glob("articles/**/*.parquet"))
    assert "Try next" not in result.stdout


def test_no_page_files_exit_1_with_message(tmp_path):
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    (pages / "notes.txt").write_text("hello")
    (pages / "sub" / "page.html.bak").write_text("<html></html>")
    out = tmp_path / "out"
    result = ingest(pages, out)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert "no saved pages found" in result.stderr, result.stderr
    [manifest] = manifests(out)
    assert manifest["inputs"] == 0 and manifest["adds_up"] is True


def test_empty_folder_exit_1(tmp_path):
    (tmp_path / "pages").mkdir()
    result = ingest(tmp_path / "pages", tmp_path / "out", "--quiet")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "no " in result.stderr and "found" in result.stderr


# --------------------------------------------------------------------------- usage errors


def test_missing_path_exit_2_one_line(tmp_path):
    missing = tmp_path / "does-not-exist"
    out = tmp_path / "out"
    result = ingest([PAGES / "french_article.html", missing], out)
    assert result.returncode == 2
    line = assert_one_line_error(result)
    assert str(missing) in line
    assert result.stdout == ""
    assert not (out / "articles").exists()


def test_unwritable_out_exit_2_one_line(tmp_path):
    blocker = tmp_path / "regular-file"
    blocker.write_text("I am a file")
    out = blocker / "out"
    result = ingest(PAGES / "french_article.html", out)
    assert result.returncode == 2
    line = assert_one_line_error(result)
    assert str(out) in line
    assert result.stdout == ""
    assert blocker.read_text() == "I am a file"


def test_out_is_a_regular_file_exit_2(tmp_path):
    blocker = tmp_path / "regular-file"
    blocker.write_text("I am a file")
    result = ingest(PAGES / "french_article.html", blocker)
    assert result.returncode == 2
    assert_one_line_error(result)


@pytest.mark.parametrize("workers", ["0", "-3"])
def test_bad_workers_exit_2(tmp_path, workers):
    result = run("ingest-files", PAGES / "french_article.html", "--out", tmp_path / "out", "--workers", workers)
    assert result.returncode == 2
    line = assert_one_line_error(result)
    assert "--workers" in line


def test_non_integer_workers_exit_2(tmp_path):
    result = run("ingest-files", PAGES / "french_article.html", "--out", tmp_path / "out", "--workers", "many")
    assert result.returncode == 2
    assert_one_line_error(result, argparse_error=True)


def test_no_arguments_exit_2():
    result = run()
    assert result.returncode == 2
    assert_one_line_error(result)


def test_ingest_files_without_paths_exit_2(tmp_path):
    result = run("ingest-files", "--out", tmp_path / "out")
    assert result.returncode == 2
    assert_one_line_error(result, argparse_error=True)


def test_unknown_command_exit_2():
    result = run("fly-to-the-moon")
    assert result.returncode == 2
    assert_one_line_error(result)


# --------------------------------------------------------------------------- quiet and progress


def test_quiet_prints_nothing_on_stdout(tmp_path):
    out = tmp_path / "out"
    result = ingest([PAGES / "french_article.html", PAGES / "empty.html"], out, "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "\r" not in result.stderr
    [manifest] = manifests(out)
    assert manifest["articles"] == 1 and manifest["rejects"] == 1


def test_no_progress_line_when_stderr_is_not_a_tty(tree_run):
    _, _, result, _ = tree_run  # stderr was a pipe
    assert "\r" not in result.stderr
    assert "\r" not in result.stdout


def test_progress_line_when_stderr_is_a_tty(tmp_path):
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(
            [*command(), "ingest-files", str(PAGES / "french_article.html"), str(PAGES / "empty.html"),
             "--out", str(tmp_path / "out"), "--workers", "2"],
            cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, text=True)
        stdout, _ = proc.communicate(timeout=120)
        os.close(slave)
        slave = None
        chunks = []
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if slave is not None:
            os.close(slave)
        os.close(master)
    tty_text = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    # a redrawn line: carriage return, then the count (not just the tty's \r\n)
    assert re.search(r"\r\d+ files", tty_text), repr(tty_text)
    assert "2 files" in tty_text
    assert tty_text.rstrip(" ").endswith(("\n", "\r\n"))
    assert "\r" not in stdout  # the summary stays clean


def test_progress_class_draws_and_finishes():
    stream = io.StringIO()
    progress = Progress(enabled=True, stream=stream)
    manifest = RunManifest(run_id="r", command="c", out_dir="o", started_at="s",
                           pipeline_version="p", schema_version="1")
    manifest.inputs, manifest.articles, manifest.rejects, manifest.duplicates = 3, 2, 1, 0
    progress.update(manifest)
    text = stream.getvalue()
    assert text.startswith("\r")
    assert "3 pages" in text and "2 articles" in text and "1 rejects" in text
    assert "\n" not in text
    manifest.inputs, manifest.articles = 4, 3
    progress.finish(manifest)
    text = stream.getvalue()
    assert text.endswith("\n")
    assert text.count("\n") == 1
    last_line = text.rstrip("\n").split("\r")[-1]
    assert "4 pages" in last_line and "3 articles" in last_line


def test_progress_counts_the_pages_done_while_the_run_goes_on():
    stream = io.StringIO()
    progress = Progress(enabled=True, stream=stream, unit="files")
    manifest = RunManifest(run_id="r", command="c", out_dir="o", started_at="s",
                           pipeline_version="p", schema_version="1")
    manifest.articles, manifest.rejects, manifest.duplicates = 5, 2, 1  # inputs is set at close
    progress.update(manifest, force=True)
    assert "8 files" in stream.getvalue() and "0.0/s" not in stream.getvalue()


def test_progress_is_silent_when_not_a_tty_or_disabled():
    manifest = RunManifest(run_id="r", command="c", out_dir="o", started_at="s",
                           pipeline_version="p", schema_version="1")
    for progress in (Progress(stream=io.StringIO()), Progress(enabled=False, stream=io.StringIO())):
        progress.update(manifest, force=True)
        progress.finish(manifest)
        assert progress.stream.getvalue() == ""



def test_an_unreadable_folder_is_a_reject_not_silence(tmp_path, monkeypatch):
    # Root reads every folder, so the failure is simulated where the walk reads one.
    from crawler import saved_pages

    (tmp_path / "locked").mkdir()
    (tmp_path / "ok.html").write_bytes(b"<html><body><p>x</p></body></html>")
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(saved_pages.os, "scandir", scandir)
    walked = list(saved_pages.iter_page_files([tmp_path]))
    assert walked == [tmp_path / "locked", tmp_path / "ok.html"]
    rejection, _ = saved_pages.clean_saved_page(str(tmp_path / "locked"))
    assert (rejection.stage.value, rejection.reason.value) == ("input", "unreadable")


def test_xhtml_and_extensionless_pages_are_ingested_and_other_files_counted(tmp_path):
    pages = tmp_path / "mirror"
    (pages / "assets").mkdir(parents=True)
    shutil.copyfile(PAGES / "french_article.html", pages / "french_article.xhtml")
    shutil.copyfile(PAGES / "german_article.html", pages / "german-article")  # saved under its URL slug
    (pages / "LICENSE").write_text("Permission is granted to read these saved pages.\n")  # no markup: a reject row
    (pages / "assets" / "site.css").write_text("body { color: black }")
    (pages / "assets" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (pages / "assets" / "print.css").write_text("p { margin: 0 }")
    out = tmp_path / "out"
    result = ingest(pages, out)
    assert result.returncode == 0, result.stderr
    [manifest] = manifests(out)
    assert (manifest["inputs"], manifest["articles"], manifest["rejects"]) == (3, 2, 1)
    assert manifest["rejects_by_reason"] == {"decode/not_html": 1}
    assert manifest["extra"]["skipped_files"] == {".css": 2, ".png": 1}
    assert manifest["finish_reason"] == "finished"
    assert "skipped     3 files that are not saved pages (.css 2, .png 1)" in result.stdout
