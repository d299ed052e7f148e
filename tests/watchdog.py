"""A time limit for one step of a test: it fails, rather than hanging the suite."""
from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def watchdog(seconds: int, what: str = "the step") -> Iterator[None]:
    """Raise TimeoutError in the main thread when the block runs longer than `seconds`."""
    def expired(signum, frame):
        raise TimeoutError(f"{what} still running after {seconds} s")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
