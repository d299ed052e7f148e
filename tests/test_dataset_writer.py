"""The Parquet dataset writer: layout, schema, types, atomic files, manifest, readers."""
from __future__ import annotations

import json
import os
import re
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cleaning import KnownFacts, PageInput, clean_page
from cleaning.models import Article, RejectReason, Rejection, Stage
from pipelines.dataset import DatasetWriter, OutputDirError, new_run_id
from pipelines.parquet_files import BATCH_ROWS, ParquetRowWriter, PartitionedParquetWriter
from pipelines.schema import ARTICLE_SCHEMA, REJECT_SCHEMA, SCHEMA_VERSION, STRING_LIST, TIMESTAMP

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"

EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))["pages"]
RUN_ID_RE = r"\d{8}T\d{6}Z-[0-9a-f]{6}"

DAY1 = datetime(2025, 1, 15, 10, 30, tzinfo=timezone.utc)
DAY2 = datetime(2025, 1, 16, 9, 0, tzinfo=timezone.utc)


def make_article(n: int, **overrides) -> Article:
    fields = dict(
        article_id=f"{n:032x}",
        url=f"https://news.example.com/story-{n}",
        canonical_url=f"https://news.example.com/story-{n}",
        domain="news.example.com",
        title=f"Story number {n}",
        text=f"Paragraph one of story {n}.\n\nParagraph two of story {n}.",
        authors=["Ann Writer", "Bob Reporter"],
        published_at=datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc),
        published_at_source="json_ld",
        modified_at=None,
        language="en",
        description="A story.",
        sitename="Example News",
        categories=["local"],
        tags=["bridges", "floods"],
        image_url=None,
        word_count=10,
        content_hash=f"{n:064x}",
        discovered_via="url",
    )
    fields.update(overrides)
    return Article(**fields)


def make_rejection(n: int, stage: Stage = Stage.QUALITY, reason: RejectReason = RejectReason.TOO_SHORT) -> Rejection:
    return Rejection(f"https://news.example.com/bad-{n}", stage, reason, f"rejected because of {reason.value}")


def visible_parquet(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.parquet") if not p.name.startswith("."))


def all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def tmp_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name.endswith(".tmp"))


def clean_fixture(name: str, fetched_at: datetime) -> Article | Rejection:
    body = (PAGES / name).read_bytes()
    if name.endswith(".gz"):
        import gzip
        body = gzip.decompress(body)
    return clean_page(PageInput(body=body, url=(PAGES / name).resolve().as_uri(),
                                known=KnownFacts(discovered_via="file"), fetched_at=fetched_at))


# --------------------------------------------------------------------------- layout


def test_partition_layout_two_dates_two_partitions(tmp_path):
    writer = DatasetWriter(tmp_path, command="test")
    assert re.fullmatch(RUN_ID_RE, writer.run_id)
    for n in range(3):
        writer.write_article(make_article(n), DAY1)
    for n in range(3, 5):
        writer.write_article(make_article(n), DAY2)
    writer.write_reject(make_rejection(1), DAY1)
    manifest = writer.close()

    article_files = visible_parquet(tmp_path / "articles")
    assert [p.parent.name for p in article_files] == ["fetch_date=2025-01-15", "fetch_date=2025-01-16"]
    for path in article_files:
        assert path.parent.parent == tmp_path / "articles"
        assert re.fullmatch(rf"part-{re.escape(writer.run_id)}-\d+\.parquet", path.name), path.name
    assert pq.read_table(article_files[0]).num_rows == 3
    assert pq.read_table(article_files[1]).num_rows == 2

    reject_files = visible_parquet(tmp_path / "rejects")
    assert len(reject_files) == 1
    assert reject_files[0].parent.name == "fetch_date=2025-01-15"
    assert re.fullmatch(rf"part-{re.escape(writer.run_id)}-\d+\.parquet", reject_files[0].name)

    # The manifest lists exactly the published files, relative to the out dir.
    assert sorted(manifest.files) == sorted(str(p.relative_to(tmp_path)) for p in article_files + reject_files)
    assert (tmp_path / "runs" / f"{writer.run_id}.json").is_file()
    assert tmp_files(tmp_path) == []


def test_partition_is_the_utc_date_of_an_aware_non_utc_fetched_at(tmp_path):
    # 01:00 at UTC+02:00 on March 1st is still February 29th in UTC.
    fetched = datetime(2024, 3, 1, 1, 0, tzinfo=timezone(timedelta(hours=2)))
    writer = DatasetWriter(tmp_path, command="test")
    writer.write_article(make_article(1), fetched)
    writer.close()
    [path] = visible_parquet(tmp_path / "articles")
    assert path.parent.name == "fetch_date=2024-02-29"
    row = pq.read_table(path).to_pylist()[0]
    assert row["fetched_at"] == datetime(2024, 2, 29, 23, 0, tzinfo=timezone.utc)


@pytest.fixture
def local_tz_new_york():
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


def test_naive_fetched_at_row_and_partition_agree(tmp_path, local_tz_new_york):
    """A naive datetime is taken as UTC for the row (schema._utc); its partition must be
    the date of that same UTC instant, whatever the machine's local time zone."""
    fetched = datetime(2024, 3, 1, 23, 0)  # naive
    writer = DatasetWriter(tmp_path, command="test")
    writer.write_article(make_article(1), fetched)
    writer.close()
    [path] = visible_parquet(tmp_path / "articles")
    row = pq.read_table(path).to_pylist()[0]
    assert row["fetched_at"] == datetime(2024, 3, 1, 23, 0, tzinfo=timezone.utc)
    assert path.parent.name == f"fetch_date={row['fetched_at'].date().isoformat()}"


# --------------------------------------------------------------------------- schema and types


def test_article_file_schema_metadata_and_compression(tmp_path):
    writer = DatasetWriter(tmp_path, command="test")
    for n in range(4):
        writer.write_article(make_article(n), DAY1)
    writer.close()
    [path] = visible_parquet(tmp_path / "articles")

    schema = pq.read_schema(path)
    assert schema.equals(ARTICLE_SCHEMA, check_metadata=False)
    assert schema.metadata[b"newsingest.schema_version"] == SCHEMA_VERSION.encode() == b"1"
    assert schema.metadata[b"newsingest.table"] == b"articles"

    parquet_file = pq.ParquetFile(path)
    key_value = parquet_file.metadata.metadata
    assert key_value[b"newsingest.schema_version"] == b"1"  # in the file's key-value metadata
    assert parquet_file.schema_arrow.field("published_at").type == pa.timestamp("us", tz="UTC")
    for name in ("published_at", "modified_at", "fetched_at"):
        assert schema.field(name).type == TIMESTAMP == pa.timestamp("us", tz="UTC")
    for name in ("authors", "categories", "tags"):
        assert schema.field(name).type == STRING_LIST == pa.list_(pa.string())
    for rg in range(parquet_file.metadata.num_row_groups):
        row_group = parquet_file.metadata.row_group(rg)
        for col in range(row_group.num_columns):
            assert row_group.column(col).compression == "ZSTD"


def test_reject_file_schema_and_values(tmp_path):
    writer = DatasetWriter(tmp_path, command="test")
    writer.write_reject(make_rejection(1, Stage.DECODE, RejectReason.PDF), DAY1, discovered_via="file")
    writer.write_reject(make_rejection(2), DAY1)
    writer.close()
    [path] = visible_parquet(tmp_path / "rejects")
    schema = pq.read_schema(path)
    assert schema.equals(REJECT_SCHEMA, check_metadata=False)
    assert schema.metadata[b"newsingest.schema_version"] == b"1"
    assert schema.metadata[b"newsingest.table"] == b"rejects"
    assert schema.field("fetched_at").type == pa.timestamp("us", tz="UTC")
    rows = pq.read_table(path).to_pylist()
    assert [(r["url"], r["stage"], r["reason"], r["discovered_via"]) for r in rows] == [
        ("https://news.example.com/bad-1", "decode", "pdf", "file"),
        ("https://news.example.com/bad-2", "quality", "too_short", None),
    ]
    assert rows[0]["detail"] == "rejected because of pdf"
    assert all(r["run_id"] == writer.run_id and r["pipeline_version"] for r in rows)
    assert all(r["fetched_at"] == DAY1 for r in rows)
    meta = pq.ParquetFile(path).metadata
    assert all(meta.row_group(0).column(i).compression == "ZSTD" for i in range(meta.num_columns))


def test_timestamps_are_converted_to_utc_microseconds(tmp_path):
    plus2 = timezone(timedelta(hours=2))
    article = make_article(
        1,
        published_at=datetime(2024, 3, 1, 10, 0, 0, 123456, tzinfo=plus2),
        modified_at=datetime(2024, 7, 4, 8, 0, tzinfo=ZoneInfo("America/New_York")),  # EDT, -4
    )
    naive = make_article(2, published_at=datetime(2024, 3, 1, 10, 0), modified_at=None)
    writer = DatasetWriter(tmp_path, command="test")
    writer.write_article(article, DAY1)
    writer.write_article(naive, DAY1)
    writer.close()
    [path] = visible_parquet(tmp_path / "articles")
    table = pq.read_table(path)
    assert table.schema.field("published_at").type == pa.timestamp("us", tz="UTC")
    rows = table.to_pylist()
    assert rows[0]["published_at"] == datetime(2024, 3, 1, 8, 0, 0, 123456, tzinfo=timezone.utc)
    assert rows[0]["published_at"].utcoffset() == timedelta(0)
    assert rows[0]["modified_at"] == datetime(2024, 7, 4, 12, 0, tzinfo=timezone.utc)
    assert rows[1]["published_at"] == datetime(2024, 3, 1, 10, 0, tzinfo=timezone.utc)  # naive = UTC
    assert rows[1]["modified_at"] is None
    assert rows[0]["fetched_at"] == DAY1
    # stored as UTC microseconds in the file itself
    raw = table.column("published_at").cast(pa.int64()).to_pylist()
    assert raw[0] == int(datetime(2024, 3, 1, 8, 0, 0, 123456, tzinfo=timezone.utc).timestamp()) * 10**6 + 123456


def test_article_row_values_round_trip(tmp_path):
    article = make_article(7, authors=[], tags=[], categories=["a", "b"])
    writer = DatasetWriter(tmp_path, command="test")
    writer.write_article(article, DAY1, version=3)
    writer.close()
    [path] = visible_parquet(tmp_path / "articles")
    [row] = pq.read_table(path).to_pylist()
    for name in ("article_id", "url", "canonical_url", "domain", "title", "text", "language",
                 "description", "sitename", "image_url", "word_count", "content_hash",
                 "discovered_via", "published_at_source"):
        assert row[name] == getattr(article, name), name
    assert row["authors"] == [] and row["tags"] == []  # empty lists stay lists, not null
    assert row["categories"] == ["a", "b"]
    assert row["version"] == 3
    assert row["run_id"] == writer.run_id
    assert isinstance(row["pipeline_version"], str) and row["pipeline_version"]


# --------------------------------------------------------------------------- row groups, atomic files


def test_row_groups_are_flushed_as_they_fill(tmp_path):
    writer = DatasetWriter(tmp_path, command="test", row_group_rows=3)
    for n in range(10):
        writer.write_article(make_article(n), DAY1)
    [temp] = tmp_files(tmp_path / "articles")
    # 9 rows are already on disk in three row groups before close
    assert temp.stat().st_size > 0
    writer.close()
    [path] = visible_parquet(tmp_path / "articles")
    meta = pq.ParquetFile(path).metadata
    assert meta.num_rows == 10
    assert meta.num_row_groups >= 4
    assert all(meta.row_group(i).num_rows <= 3 for i in range(meta.num_row_groups))
    assert [r["article_id"] for r in pq.read_table(path).to_pylist()] == [f"{n:032x}" for n in range(10)]


def test_row_groups_are_bounded_by_bytes_too(tmp_path):
    schema = pa.schema([("n", pa.int64()), ("text", pa.string())])
    path = tmp_path / "long.parquet"
    rows = ParquetRowWriter(path, schema, row_group_rows=1000, row_group_bytes=100_000)
    for n in range(BATCH_ROWS * 2 + 8):
        rows.write({"n": n, "text": f"{n} " + "long article text " * 1200})  # ~20 KB each
        assert rows.buffered_rows <= BATCH_ROWS  # one batch over the bound at most, never the 1,000 rows
    rows.close()
    meta = pq.ParquetFile(path).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [BATCH_ROWS, BATCH_ROWS, 8]
    assert pq.read_table(path).column("n").to_pylist() == list(range(BATCH_ROWS * 2 + 8))


def test_no_visible_file_before_close_then_atomic_publish(tmp_path):
    writer = DatasetWriter(tmp_path, command="test", row_group_rows=2)
    for n in range(5):
        writer.write_article(make_article(n), DAY1)
    writer.write_reject(make_rejection(1), DAY2)
    # Only hidden temporary files, invisible to *.parquet globs.
    assert visible_parquet(tmp_path) == []
    temps = tmp_files(tmp_path)
    assert len(temps) == 2
    for temp in temps:
        assert temp.name.startswith(".part-") and temp.name.endswith(".parquet.tmp")
        assert writer.run_id in temp.name
    assert not (tmp_path / "runs" / f"{writer.run_id}.json").exists()
    assert not list(tmp_path.glob("articles/**/*.parquet"))

    writer.close()
    assert tmp_files(tmp_path) == []
    published = visible_parquet(tmp_path)
    assert len(published) == 2
    # each published file sits where its temporary file was, without the dot and .tmp
    assert sorted(p.parent / f".{p.name}.tmp" for p in published) == temps
    assert (tmp_path / "runs" / f"{writer.run_id}.json").is_file()


def test_abort_leaves_no_temporary_files(tmp_path):
    writer = DatasetWriter(tmp_path, command="test", row_group_rows=2)
    for n in range(5):
        writer.write_article(make_article(n), DAY1 if n % 2 else DAY2)
    writer.write_reject(make_rejection(1), DAY1)
    assert tmp_files(tmp_path)
    writer.abort()
    assert tmp_files(tmp_path) == []
    assert visible_parquet(tmp_path) == []
    assert not (tmp_path / "runs").exists() or not list((tmp_path / "runs").iterdir())


def test_abort_after_a_failed_write_leaves_no_temporary_files(tmp_path):
    """abort() is what runs after an error; when the error was a row that could not be
    encoded (a lone surrogate from a non-UTF-8 file name), abort must still clean up."""
    writer = DatasetWriter(tmp_path, command="test", row_group_rows=2)
    writer.write_reject(make_rejection(1), DAY1)
    bad = Rejection("file:///pages/bad.html.gz", Stage.INPUT, RejectReason.UNREADABLE,
                    "cannot read /pages/bad-\udcff.html.gz: not a gzip file")
    try:
        writer.write_reject(bad, DAY1)  # today: the row group holding it cannot be encoded
    except Exception:  # noqa: BLE001 - raising here is fine; leaving debris behind is not
        pass
    writer.abort()
    assert tmp_files(tmp_path) == []
    assert visible_parquet(tmp_path) == []


def test_partitioned_writer_rolls_files_and_aborts_cleanly(tmp_path):
    schema = pa.schema([pa.field("n", pa.int32())])
    writer = PartitionedParquetWriter(tmp_path, schema, "run1", "day", row_group_rows=2, max_rows_per_file=4)
    for n in range(10):
        writer.write("x", {"n": n})
    files = writer.close()
    assert len(files) == 3 and len(set(files)) == 3
    assert all(p.parent == tmp_path / "day=x" and re.fullmatch(r"part-run1-\d+\.parquet", p.name) for p in files)
    assert sum(pq.read_metadata(p).num_rows for p in files) == 10
    assert sorted(n for p in files for n in pq.read_table(p).column("n").to_pylist()) == list(range(10))

    aborted = PartitionedParquetWriter(tmp_path / "b", schema, "run2", "day", row_group_rows=2)
    for n in range(5):
        aborted.write("y", {"n": n})
    aborted.abort()
    assert tmp_files(tmp_path / "b") == []
    assert visible_parquet(tmp_path / "b") == []


def test_empty_writer_publishes_no_parquet_but_a_manifest(tmp_path):
    writer = DatasetWriter(tmp_path, command="test")
    manifest = writer.close()
    assert visible_parquet(tmp_path) == []
    assert tmp_files(tmp_path) == []
    assert manifest.files == []
    data = json.loads(writer.manifest_path.read_text())
    assert data["inputs"] == 0 and data["adds_up"] is True


def test_two_runs_in_one_folder_never_overwrite(tmp_path):
    first = DatasetWriter(tmp_path, command="test")
    second = DatasetWriter(tmp_path, command="test")
    assert first.run_id != second.run_id
    for n in range(3):
        first.write_article(make_article(n), DAY1)
        second.write_article(make_article(100 + n), DAY1)
    first.write_reject(make_rejection(1), DAY1)
    second.write_reject(make_rejection(2), DAY1)
    m1 = first.close()
    m2 = second.close()
    assert not set(m1.files) & set(m2.files)
    articles = visible_parquet(tmp_path / "articles")
    assert len(articles) == 2
    ids = sorted(r["article_id"] for p in articles for r in pq.read_table(p).to_pylist())
    assert ids == sorted([f"{n:032x}" for n in range(3)] + [f"{100 + n:032x}" for n in range(3)])
    assert len(visible_parquet(tmp_path / "rejects")) == 2
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == sorted(
        [f"{first.run_id}.json", f"{second.run_id}.json"])


def test_run_ids_are_unique_within_one_second():
    now = datetime(2025, 1, 1, tzinfo=timezone.utc)
    ids = {new_run_id(now) for _ in range(200)}
    assert len(ids) == 200
    assert all(re.fullmatch(RUN_ID_RE, i) and i.startswith("20250101T000000Z-") for i in ids)


# --------------------------------------------------------------------------- manifest


def test_manifest_counts_add_up(tmp_path):
    writer = DatasetWriter(tmp_path, command="ingest-test")
    for n in range(4):
        writer.write_article(make_article(n, language="en" if n < 3 else "fr"), DAY1)
    writer.write_article(make_article(9, language=None), DAY2)
    writer.write_reject(make_rejection(1, Stage.DECODE, RejectReason.PDF), DAY1)
    writer.write_reject(make_rejection(2, Stage.QUALITY, RejectReason.TOO_SHORT), DAY1)
    writer.write_reject(make_rejection(3, Stage.QUALITY, RejectReason.TOO_SHORT), DAY2)
    writer.write_result(make_rejection(4, Stage.INPUT, RejectReason.UNREADABLE), DAY1, discovered_via="file")
    writer.write_result(make_article(20), DAY1)
    writer.count_duplicate()
    writer.count_duplicate()
    manifest = writer.close()

    data = json.loads((tmp_path / "runs" / f"{writer.run_id}.json").read_text(encoding="utf-8"))
    assert data["run_id"] == writer.run_id
    assert data["command"] == "ingest-test"
    assert data["schema_version"] == "1"
    assert data["finished_at"] and data["started_at"] <= data["finished_at"]
    assert data["articles"] == 6
    assert data["rejects"] == 4
    assert data["duplicates"] == 2
    assert data["inputs"] == 12 == data["articles"] + data["rejects"] + data["duplicates"]
    assert data["adds_up"] is True and manifest.adds_up
    assert data["rejects_by_reason"] == {"decode/pdf": 1, "quality/too_short": 2, "input/unreadable": 1}
    for key in data["rejects_by_reason"]:
        stage, reason = key.split("/")
        assert stage in {s.value for s in Stage} and reason in {r.value for r in RejectReason}
    assert sum(data["rejects_by_reason"].values()) == data["rejects"]
    assert data["languages"] == {"en": 4, "fr": 1, "unknown": 1}
    assert sum(data["languages"].values()) == data["articles"]
    for rel in data["files"]:
        assert (tmp_path / rel).is_file()
    # rows on disk match the counts
    n_articles = sum(pq.read_metadata(p).num_rows for p in visible_parquet(tmp_path / "articles"))
    n_rejects = sum(pq.read_metadata(p).num_rows for p in visible_parquet(tmp_path / "rejects"))
    assert (n_articles, n_rejects) == (6, 4)


def test_unwritable_out_dir_raises_output_dir_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputDirError) as info:
        DatasetWriter(blocker / "out", command="test")
    assert isinstance(info.value, OSError)
    assert str(blocker / "out") in str(info.value)
    with pytest.raises(OutputDirError):
        DatasetWriter(blocker, command="test")


# --------------------------------------------------------------------------- real pages + readers


@pytest.fixture(scope="module")
def fixture_dataset(tmp_path_factory):
    """Every fixture page through clean_page into one dataset, over two fetch dates."""
    out = tmp_path_factory.mktemp("dataset")
    writer = DatasetWriter(out, command="test-fixtures", row_group_rows=3)
    results = {}
    for i, name in enumerate(sorted(EXPECTED)):
        fetched_at = DAY1 if i % 2 == 0 else DAY2
        result = clean_fixture(name, fetched_at)
        results[name] = (result, fetched_at)
        writer.write_result(result, fetched_at, discovered_via="file")
    manifest = writer.close()
    return out, results, manifest


def test_fixture_pages_results_match_expectations(fixture_dataset):
    out, results, manifest = fixture_dataset
    for name, (result, _) in results.items():
        spec = EXPECTED[name]
        if spec["kind"] == "article":
            assert isinstance(result, Article), (name, result)
            assert result.canonical_url == spec["canonical_url"]
        else:
            assert isinstance(result, Rejection), (name, result)
            allowed = spec["reason"] if isinstance(spec["reason"], list) else [spec["reason"]]
            assert result.reason.value in allowed, (name, result)
    n_articles = sum(1 for s in EXPECTED.values() if s["kind"] == "article")
    assert manifest.articles == n_articles
    assert manifest.rejects == len(EXPECTED) - n_articles
    assert manifest.inputs == len(EXPECTED) and manifest.adds_up
    dates = sorted(p.parent.name for p in visible_parquet(out / "articles"))
    assert dates == ["fetch_date=2025-01-15", "fetch_date=2025-01-16"]


def _expected_articles():
    return {s["canonical_url"]: s for s in EXPECTED.values() if s["kind"] == "article"}


def test_read_back_with_duckdb(fixture_dataset):
    duckdb = pytest.importorskip("duckdb")
    out, results, _ = fixture_dataset
    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    source = f"read_parquet('{out}/articles/**/*.parquet', hive_partitioning=true)"
    types = con.execute(
        f"SELECT typeof(published_at), typeof(fetched_at), typeof(modified_at), typeof(authors), "
        f"typeof(tags), typeof(categories), typeof(fetch_date), typeof(word_count) FROM {source} LIMIT 1"
    ).fetchall()[0]
    assert types == ("TIMESTAMP WITH TIME ZONE",) * 3 + ("VARCHAR[]",) * 3 + ("DATE", "INTEGER")

    rows = con.execute(
        f"SELECT canonical_url, published_at, authors, tags, fetch_date, fetched_at, language FROM {source}"
    ).fetchall()
    expected = _expected_articles()
    assert {r[0] for r in rows} == set(expected)
    for canonical, published_at, authors, tags, fetch_date, fetched_at, language in rows:
        spec = expected[canonical]
        assert isinstance(authors, list) and isinstance(tags, list)
        assert authors == spec["authors"]
        assert language == spec["language"]
        assert published_at.utcoffset() == timedelta(0)
        assert published_at == datetime.fromisoformat(spec["published_at"])
        assert fetch_date == fetched_at.date()
        assert fetch_date in (date(2025, 1, 15), date(2025, 1, 16))
    by_date = dict(con.execute(f"SELECT fetch_date, count(*) FROM {source} GROUP BY 1").fetchall())
    assert set(by_date) == {date(2025, 1, 15), date(2025, 1, 16)}

    rejects = con.execute(
        f"SELECT stage, reason, detail FROM read_parquet('{out}/rejects/**/*.parquet', hive_partitioning=true)"
    ).fetchall()
    assert len(rejects) == sum(1 for s in EXPECTED.values() if s["kind"] == "reject")
    assert all(stage and reason for stage, reason, _ in rejects)


def test_read_back_with_polars(fixture_dataset):
    pl = pytest.importorskip("polars")
    out, _, _ = fixture_dataset
    df = pl.read_parquet(f"{out}/articles/**/*.parquet", hive_partitioning=True)
    for name in ("published_at", "fetched_at", "modified_at"):
        assert df.schema[name] == pl.Datetime("us", "UTC"), name
    for name in ("authors", "tags", "categories"):
        assert df.schema[name] == pl.List(pl.String), name
    assert "fetch_date" in df.columns
    expected = _expected_articles()
    assert df.height == len(expected)
    for row in df.iter_rows(named=True):
        spec = expected[row["canonical_url"]]
        assert row["authors"] == spec["authors"]
        assert isinstance(row["tags"], list)
        assert row["published_at"] == datetime.fromisoformat(spec["published_at"])
        assert row["published_at"].utcoffset() == timedelta(0)
        assert str(row["fetch_date"]) == row["fetched_at"].date().isoformat()


def test_read_back_with_pandas(fixture_dataset):
    pd = pytest.importorskip("pandas")
    out, _, _ = fixture_dataset
    df = pd.read_parquet(out / "articles")
    for name in ("published_at", "fetched_at", "modified_at"):
        dtype = df[name].dtype
        assert isinstance(dtype, pd.DatetimeTZDtype), (name, dtype)
        assert str(dtype.tz) == "UTC" and dtype.unit == "us", (name, dtype)
    expected = _expected_articles()
    assert len(df) == len(expected)
    assert "fetch_date" in df.columns
    for _, row in df.iterrows():
        spec = expected[row["canonical_url"]]
        for name in ("authors", "tags", "categories"):
            value = row[name]
            assert not isinstance(value, str) and hasattr(value, "__len__"), (name, value)
            assert all(isinstance(item, str) for item in value)
        assert list(row["authors"]) == spec["authors"]
        assert row["published_at"] == pd.Timestamp(spec["published_at"])
        assert str(row["published_at"].tz) == "UTC"
        assert str(row["fetch_date"]) == row["fetched_at"].date().isoformat()
