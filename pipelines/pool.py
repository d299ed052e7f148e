"""The cleaning stage in a process pool: every core, never the caller's thread.

Results come back in submission order and at most `max_in_flight` tasks are pending,
so memory stays flat however many pages stream through.
"""
from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def _warm_up() -> None:
    """Load langdetect's profiles and the phrase lists once per worker, not on page one."""
    from cleaning.boilerplate import load_phrases
    from cleaning.language import detect_language

    load_phrases()
    detect_language("warm up " * 40)


class CleaningPool:
    def __init__(self, workers: int | None = None, max_in_flight: int | None = None) -> None:
        self.workers = workers or default_workers()
        self.max_in_flight = max_in_flight or self.workers * 4
        self._executor = ProcessPoolExecutor(max_workers=self.workers, initializer=_warm_up)

    def submit(self, function: Callable[..., R], *args: Any) -> Future:
        return self._executor.submit(function, *args)

    def map_ordered(self, function: Callable[[T], R], inputs: Iterable[T]) -> Iterator[tuple[T, R]]:
        """(input, result) pairs in input order, with a bounded number of tasks pending."""
        pending: deque[tuple[T, Future]] = deque()
        for item in inputs:
            pending.append((item, self._executor.submit(function, item)))
            if len(pending) >= self.max_in_flight:
                done_item, future = pending.popleft()
                yield done_item, future.result()
        while pending:
            done_item, future = pending.popleft()
            yield done_item, future.result()

    def shutdown(self, cancel: bool = False) -> None:
        self._executor.shutdown(wait=not cancel, cancel_futures=cancel)

    def __enter__(self) -> "CleaningPool":
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        self.shutdown(cancel=exc_type is not None)
