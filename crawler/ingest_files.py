"""`newsingest ingest-files`: saved pages to the dataset, through the cleaning pool."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable

from cleaning.models import Article, Rejection, RejectReason, Stage
from pipelines.dataset import DatasetWriter
from pipelines.dedup import RunDeduplicator
from pipelines.manifest import RunManifest
from pipelines.pool import CleaningPool, WorkerFailure
from pipelines.state import StateStore
from pipelines.versions import DUPLICATE, UNCHANGED, RunRecord

from .report import Progress
from .saved_pages import clean_saved_page, file_url, iter_page_files, utc_now


def ingest_files(paths: Iterable[Path], out_dir: Path, progress: Progress,
                 workers: int | None = None) -> tuple[RunManifest, Path]:
    """Clean every page file under `paths` into `out_dir`; returns the run manifest."""
    writer = DatasetWriter(out_dir, command="ingest-files")
    writer.remove_abandoned_parts()  # the caller holds the folder's lock: no one else is writing
    dedup = RunDeduplicator()
    # The folder's state store: a page ingested before with the same text is counted as
    # unchanged, with new text it is the next version (the caller holds the folder's lock).
    state = StateStore(out_dir)
    state.reconcile()
    record = RunRecord(state)
    files_seen = 0
    skipped: Counter = Counter()

    def names() -> Iterable[str]:
        nonlocal files_seen
        for path in iter_page_files(paths, skipped):
            files_seen += 1
            yield str(path)

    finish_reason = "finished"
    try:
        with CleaningPool(workers) as pool:
            for name, outcome in pool.map_ordered(clean_saved_page, names()):
                result, fetched_at = _as_result(name, outcome)
                _write(result, fetched_at, writer, dedup, record)
                progress.update(writer.manifest)
    except BaseException as error:
        finish_reason = ("shutdown" if isinstance(error, KeyboardInterrupt)
                         else f"error: {type(error).__name__}: {error}"[:300])
        raise
    finally:
        # Ctrl-C or an error too: publish what was cleaned, so nothing written is lost,
        # then record in the state store only what was published.
        _note_skipped(writer, skipped)
        writer.manifest.finish_reason = finish_reason
        manifest = writer.close(inputs=files_seen)
        record.commit(writer.run_id)
        state.close()
    progress.finish(manifest)
    return manifest, writer.manifest_path


def _write(result: Article | Rejection, fetched_at, writer: DatasetWriter, dedup: RunDeduplicator,
           record: RunRecord) -> None:
    if not isinstance(result, Article):
        writer.write_reject(result, fetched_at, discovered_via="file")
        return
    if dedup.is_duplicate(result):
        writer.count_duplicate()
        return
    verdict = record.judge(result)
    if verdict == UNCHANGED:
        writer.count_unchanged()
    elif verdict == DUPLICATE:
        writer.count_duplicate()
    else:
        writer.write_article(result, fetched_at, version=verdict)


def _note_skipped(writer: DatasetWriter, skipped: Counter) -> None:
    """Files of the folders that are not pages: in the manifest by suffix, for the summary."""
    if skipped:
        writer.manifest.extra["skipped_files"] = dict(skipped.most_common())


def _as_result(name: str, outcome) -> tuple:
    """A worker that died on this file still leaves a reject row behind."""
    if isinstance(outcome, WorkerFailure):
        rejection = Rejection(file_url(Path(name)), Stage.EXTRACT, RejectReason.EXTRACTION_ERROR, outcome.detail)
        return rejection, utc_now()
    return outcome
