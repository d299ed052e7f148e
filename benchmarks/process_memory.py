"""Memory of a process and all its descendants, sampled from /proc while it runs.

RSS counts a page shared by several processes (the forkserver's preloaded modules, in
every worker) once per process; PSS splits it between them, so the PSS of a tree adds
up to what it really holds. PSS needs /proc/PID/smaps_rollup (Linux 4.14+, own
processes); where it is unreadable it is reported as None.
"""
from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

PROC = Path("/proc")
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def parent_of(stat_line: str) -> int:
    """The parent pid in a /proc/PID/stat line (the command name may hold spaces and ')')."""
    return int(stat_line[stat_line.rindex(")") + 2:].split()[1])


def descendants(root: int, parents: Mapping[int, int]) -> list[int]:
    """`root` and every process below it, given each pid's parent."""
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, ()))
    return tree


def rollup_kib(text: str, field: str) -> int | None:
    """A `Field:   123 kB` value of /proc/PID/smaps_rollup or /proc/PID/status, in KiB."""
    for line in text.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return None


def _parents() -> dict[int, int]:
    parents = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = parent_of((entry / "stat").read_text())
            except (OSError, ValueError, IndexError):
                continue  # ended meanwhile
    return parents


def _read(path: Path) -> str | None:
    try:
        return path.read_text()
    except OSError:
        return None


@dataclass
class TreeMemory:
    """One sample: the tree's processes and their summed RSS and PSS, in MiB."""

    processes: int
    rss_mib: float
    pss_mib: float | None


def sample_tree(root: int) -> TreeMemory:
    rss = pss = 0
    pss_readable = True
    pids = descendants(root, _parents())
    for pid in pids:
        statm = _read(PROC / str(pid) / "statm")
        if statm is None:
            continue
        rss += int(statm.split()[1]) * _PAGE_BYTES
        rollup = _read(PROC / str(pid) / "smaps_rollup")
        value = rollup_kib(rollup, "Pss") if rollup else None
        if value is None:
            pss_readable = False
        else:
            pss += value * 1024
    return TreeMemory(len(pids), rss / 2**20, pss / 2**20 if pss_readable else None)


@dataclass
class PeakMemory:
    """The largest RSS and PSS the tree reached (each at its own moment), and how many
    processes it had at most."""

    rss_mib: float = 0.0
    pss_mib: float | None = None
    processes: int = 0
    samples: int = 0

    def add(self, sample: TreeMemory) -> None:
        self.samples += 1
        self.rss_mib = max(self.rss_mib, sample.rss_mib)
        self.processes = max(self.processes, sample.processes)
        if sample.pss_mib is not None:
            self.pss_mib = max(self.pss_mib or 0.0, sample.pss_mib)


def run_sampled(args: Sequence[str], interval: float = 0.2, **popen: object) -> tuple[int, float, PeakMemory]:
    """Run a command to its end, sampling its process tree's memory; (exit code, wall
    seconds, peak). Output goes where `popen` says (default: inherited)."""
    peak = PeakMemory()
    started = time.perf_counter()
    process = subprocess.Popen(list(args), **popen)  # type: ignore[arg-type]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak.add(sample_tree(process.pid))
            stop.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        code = process.wait()
    finally:
        stop.set()
        sampler.join()
        if process.poll() is None:
            process.kill()
    return code, time.perf_counter() - started, peak

