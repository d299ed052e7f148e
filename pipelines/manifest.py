"""The run manifest: what a run did, in counts that add up."""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class RunManifest:
    run_id: str
    command: str
    out_dir: str
    started_at: str
    pipeline_version: str
    schema_version: str
    finished_at: str | None = None
    # Why the run ended, in Scrapy's words: "finished", "shutdown" (Ctrl-C, SIGTERM),
    # "closespider_pagecount"...; ingest-files says "finished", "shutdown" or the error.
    finish_reason: str | None = None
    inputs: int = 0
    articles: int = 0
    rejects: int = 0
    duplicates: int = 0
    unchanged: int = 0  # already in the dataset with the same content (scheduled crawls)
    unfinished: int = 0  # handed in but never ended (the run was interrupted): fetched next run
    failed_fetches: int = 0  # rejects that may succeed later: timeouts, 5xx, DNS (among `rejects`)
    rejects_by_reason: Counter = field(default_factory=Counter)  # "stage/reason" -> count
    languages: Counter = field(default_factory=Counter)
    sites: dict = field(default_factory=dict)  # per seeds site: counts and discovery report
    files: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # e.g. Scrapy's stats

    @property
    def ended(self) -> int:
        """Inputs that reached an outcome: a row, or a counted duplicate or unchanged article."""
        return self.articles + self.rejects + self.duplicates + self.unchanged

    @property
    def adds_up(self) -> bool:
        return self.inputs == self.ended

    def count_for_site(self, site: str | None, outcome: str) -> None:
        """Per-site tallies of articles, rejects, duplicates and unchanged inputs."""
        if site is not None:
            counts = self.sites.setdefault(site, {})
            counts[outcome] = counts.get(outcome, 0) + 1

    def to_dict(self) -> dict:
        data = asdict(self)
        data["rejects_by_reason"] = dict(sorted(self.rejects_by_reason.items()))
        data["languages"] = dict(self.languages.most_common())
        data["adds_up"] = self.adds_up
        return data

    def save(self, path: Path) -> Path:
        """Written under a temporary name and renamed: a reader sees all of it or none."""
        path.parent.mkdir(parents=True, exist_ok=True)
        temp_path = path.with_name(f".{path.name}.tmp")
        temp_path.write_text(json.dumps(self.to_dict(), indent=2, default=str) + "\n", encoding="utf-8")
        os.replace(temp_path, path)
        return path
