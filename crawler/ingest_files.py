"""`newsingest ingest-files`: saved pages to the dataset, through the cleaning pool."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from cleaning.models import Article
from pipelines.dataset import DatasetWriter
from pipelines.dedup import RunDeduplicator
from pipelines.manifest import RunManifest
from pipelines.pool import CleaningPool

from .report import Progress
from .saved_pages import clean_saved_page, iter_page_files


def ingest_files(paths: Iterable[Path], out_dir: Path, progress: Progress,
                 workers: int | None = None) -> tuple[RunManifest, Path]:
    """Clean every page file under `paths` into `out_dir`; returns the run manifest."""
    writer = DatasetWriter(out_dir, command="ingest-files")
    dedup = RunDeduplicator()
    try:
        with CleaningPool(workers) as pool:
            names = (str(path) for path in iter_page_files(paths))
            for _name, (result, fetched_at) in pool.map_ordered(clean_saved_page, names):
                if isinstance(result, Article) and dedup.is_duplicate(result):
                    writer.count_duplicate()
                else:
                    writer.write_result(result, fetched_at, discovered_via="file")
                progress.update(writer.manifest)
    except BaseException:
        # Ctrl-C or an error: publish what was cleaned, so nothing written is lost.
        writer.close()
        raise
    manifest = writer.close()
    progress.finish(manifest)
    return manifest, writer.manifest_path
