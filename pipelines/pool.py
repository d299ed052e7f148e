"""The cleaning stage in a process pool: every core, never the caller's thread.

Results come back in submission order and at most `max_in_flight` tasks are pending,
so memory stays flat however many pages stream through. A page that kills its worker
(a crash in a C extension on hostile input) does not take the run down: the pool is
replaced, each page that was in flight is tried once more in a pool of its own, and a
page that fails twice comes back as a `WorkerFailure` for the caller to turn into a reject.

Workers start from a forkserver, so a script that uses the pool needs the usual
`if __name__ == "__main__":` guard (the `newsingest` and `scrapy` commands have it).
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Workers start from a clean forkserver process, never by forking the caller: a crawl
# forks from a process with reactor and resolver threads, and fork copies held locks.
_START_METHOD = "forkserver"
# Imported once in the forkserver, shared by every worker it forks; worker_preload also
# loads langdetect's profiles and the phrase lists there (see that module).
_PRELOAD = ["cleaning", "crawler.saved_pages", "pipelines.worker_preload"]


@dataclass(frozen=True)
class WorkerFailure:
    """The cleaning of one input failed outside clean_page's own error handling."""

    detail: str


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


# How often a worker checks that the process that made its pool is still there.
CALLER_CHECK_SECONDS = 1.0


def _start_worker(caller_pid: int) -> None:
    """Pool initializer: watch the caller, then warm up."""
    _watch_caller(caller_pid)
    _warm_up()


def _watch_caller(caller_pid: int) -> None:
    """Exit when the process that made the pool is gone (killed with SIGKILL, it never
    shuts its pool down): a worker's parent is the forkserver, not the caller, so no
    parent-death signal reaches it, and orphaned workers held ~300 MB for good."""
    def watch() -> None:
        while True:
            time.sleep(CALLER_CHECK_SECONDS)
            try:
                os.kill(caller_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # alive, under another user (a reused pid at worst)
                pass

    threading.Thread(target=watch, name="caller-watch", daemon=True).start()


def _warm_up() -> None:
    """Load langdetect's profiles and the phrase lists once per worker, not on page one."""
    from cleaning.boilerplate import load_phrases
    from cleaning.language import detect_language

    load_phrases()
    detect_language("warm up " * 40)


def _ready() -> bool:
    return True


class CleaningPool:
    def __init__(self, workers: int | None = None, max_in_flight: int | None = None) -> None:
        self.workers = workers or default_workers()
        self.max_in_flight = max_in_flight or self.workers * 4
        self._context = multiprocessing.get_context(_START_METHOD)
        self._context.set_forkserver_preload(_PRELOAD)
        self._lock = threading.Lock()  # submit and restart come from several threads in a crawl
        self._executor = self._new_executor(self.workers)

    def _new_executor(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=self._context, initializer=_start_worker,
                                   initargs=(os.getpid(),))

    def start(self) -> "CleaningPool":
        """Start every worker now and wait for them: a worker started on demand makes the
        submitting thread wait for the forkserver (a reactor stall mid-crawl)."""
        for future in [self.submit(_ready) for _ in range(self.workers)]:
            future.result()
        return self

    def submit(self, function: Callable[..., R], *args: Any) -> Future:
        with self._lock:
            executor = self._executor
        try:
            return self._tagged(executor.submit(function, *args), executor)
        except (BrokenProcessPool, RuntimeError):  # broken, or shut down by a restart meanwhile
            executor = self._replace(executor)
            return self._tagged(executor.submit(function, *args), executor)

    @staticmethod
    def _tagged(future: Future, executor: ProcessPoolExecutor) -> Future:
        future.executor = executor  # which pool ran it: only that one is replaced if it broke
        return future

    def _replace(self, broken: ProcessPoolExecutor) -> ProcessPoolExecutor:
        """A new pool in place of `broken`, unless another thread already replaced it."""
        with self._lock:
            if self._executor is broken:
                # No cancel_futures: the broken pool's pending tasks have failed already,
                # and a healthy pool's would be lost.
                broken.shutdown(wait=False)
                self._executor = self._new_executor(self.workers)
            return self._executor

    def retry_or_failure(self, function: Callable[[T], R], item: T, future: Future) -> R | WorkerFailure:
        """After `future` failed: if its worker died, this input is tried once more alone, in
        a pool of its own (the page that killed the worker may be another one); then it is
        given up as a WorkerFailure. Blocks: call it off the reactor thread."""
        error = future.exception() if not future.cancelled() else CancelledError()
        if isinstance(error, BrokenProcessPool):
            self._replace(getattr(future, "executor", None))
            with self._new_executor(1) as alone:
                try:
                    return alone.submit(function, item).result()
                except BrokenProcessPool:
                    return WorkerFailure("the cleaning worker crashed on this input (twice)")
                except Exception as second:  # noqa: BLE001 - any failure is reported, not raised
                    error = second
        return WorkerFailure(f"cleaning failed: {type(error).__name__}: {error}")

    def map_ordered(self, function: Callable[[T], R], inputs: Iterable[T]) -> Iterator[tuple[T, R | WorkerFailure]]:
        """(input, result) pairs in input order, with a bounded number of tasks pending."""
        pending: deque[tuple[T, Future]] = deque()
        for item in inputs:
            pending.append((item, self.submit(function, item)))
            if len(pending) >= self.max_in_flight:
                yield self._settle(function, *pending.popleft())
        while pending:
            yield self._settle(function, *pending.popleft())

    def _settle(self, function: Callable[[T], R], item: T, future: Future) -> tuple[T, R | WorkerFailure]:
        try:
            return item, future.result()
        except Exception:  # noqa: BLE001 - retried or reported, never raised
            return item, self.retry_or_failure(function, item, future)

    def shutdown(self, cancel: bool = False) -> None:
        with self._lock:
            executor = self._executor
        executor.shutdown(wait=not cancel, cancel_futures=cancel)

    def __enter__(self) -> "CleaningPool":
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        self.shutdown(cancel=exc_type is not None)
