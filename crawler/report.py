"""What a person sees: a progress line on a terminal, and the end-of-run summary."""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pipelines.manifest import RunManifest


@dataclass
class LiveCounts:
    """What the progress line shows while a run goes on."""

    inputs: int = 0
    articles: int = 0
    rejects: int = 0
    duplicates: int = 0


class Progress:
    """One line, redrawn at most 10 times a second; silent unless on a terminal."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None, unit: str = "pages") -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.unit = unit
        self._started = time.monotonic()
        self._last_draw = 0.0

    def update(self, manifest: RunManifest | LiveCounts, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        # A writer's manifest learns its input count only when the run closes: until then
        # the inputs that reached an outcome are the count there is.
        done = max(manifest.inputs, getattr(manifest, "ended", 0))
        rate = done / max(now - self._started, 1e-6)
        self.stream.write(
            f"\r{done} {self.unit} · {manifest.articles} articles · {manifest.rejects} rejects"
            f" · {manifest.duplicates} duplicates · {rate:.1f}/s  "
        )
        self.stream.flush()

    def finish(self, manifest: RunManifest | LiveCounts) -> None:
        if self.enabled:
            self.update(manifest, force=True)
            self.stream.write("\n")
            self.stream.flush()


def render_summary(manifest: RunManifest, manifest_path: Path) -> str:
    """Fits one screen: counts, why things were rejected, languages, where files went."""
    out_dir = Path(manifest.out_dir)
    lines = [
        f"newsingest {manifest.command} · run {manifest.run_id}",
        f"  inputs      {manifest.inputs}",
        f"  articles    {manifest.articles}",
        f"  rejects     {manifest.rejects}",
        f"  duplicates  {manifest.duplicates}",
    ]
    if manifest.unchanged:
        lines.append(f"  unchanged   {manifest.unchanged}")
    if manifest.unfinished:
        lines.append(f"  unfinished  {manifest.unfinished} (the run was stopped; the next run fetches them)")
    skipped = manifest.extra.get("skipped_files") or {}
    if skipped:
        kinds = ", ".join(f"{suffix or 'other'} {count}" for suffix, count in list(skipped.items())[:6])
        lines.append(f"  skipped     {sum(skipped.values())} files that are not saved pages ({kinds})")
    for reason, count in sorted(manifest.rejects_by_reason.items(), key=lambda kv: (-kv[1], kv[0]))[:10]:
        lines.append(f"    {count:>4}  {reason}")
    if manifest.languages:
        languages = ", ".join(f"{lang} {count}" for lang, count in manifest.languages.most_common(8))
        lines.append(f"  languages   {languages}")
    for name, site in sorted(manifest.sites.items()):
        found = site.get("discovered", {})
        unchanged_sources = f", {site['not_modified']} feeds/sitemaps unchanged" if site.get("not_modified") else ""
        lines.append(f"  site {name}: {site.get('articles', 0)} articles, {site.get('rejects', 0)} rejects,"
                     f" {site.get('already_seen', 0)} seen before; found feed {found.get('feed', 0)},"
                     f" sitemap {found.get('sitemap', 0)}, links {found.get('link', 0)}{unchanged_sources}")
        for problem in site.get("problems", [])[:5]:
            lines.append(f"    ! {problem}")
    if (manifest.command in {"crawl", "demo"} or manifest.unchanged) and not manifest.articles:
        lines.append("  Nothing new since the last run.")
    lines.append(f"  articles -> {out_dir / 'articles'}")
    lines.append(f"  rejects  -> {out_dir / 'rejects'}")
    lines.append(f"  manifest -> {manifest_path}")
    if manifest.articles:
        glob = out_dir / "articles" / "**" / "*.parquet"
        lines.append("Try next:")
        lines.append(
            f"  duckdb -c \"SELECT published_at, language, title FROM read_parquet('{glob}', "
            f"hive_partitioning=true) ORDER BY published_at DESC LIMIT 10\""
        )
    return "\n".join(lines)
