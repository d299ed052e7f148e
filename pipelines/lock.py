"""One run at a time per output folder: an advisory lock the OS releases if the run dies."""
from __future__ import annotations

import fcntl
import os
from pathlib import Path

LOCK_FILE = ".newsingest.lock"


class FolderLocked(RuntimeError):
    """Another run holds the output folder."""


class OutputLock:
    def __init__(self, out_dir: Path | str) -> None:
        self.path = Path(out_dir) / LOCK_FILE
        self._handle = None

    def acquire(self) -> "OutputLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise FolderLocked(f"{self.path.parent} is in use by another run ({holder}); try again when it ends")
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        self._handle = handle
        return self

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> "OutputLock":
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()
