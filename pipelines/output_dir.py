"""The output folder: checked writable before any work, with nothing heavy imported
(the `newsingest` command uses it before it loads Scrapy, pyarrow or the cleaning stage)."""
from __future__ import annotations

import secrets
from pathlib import Path


class OutputDirError(OSError):
    """The output folder cannot be created or written."""


def ensure_writable_dir(out_dir: Path) -> None:
    """Fail before any work is done, with a message that names the folder."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / f".write-probe-{secrets.token_hex(4)}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise OutputDirError(f"cannot write to output folder {out_dir}: {error.strerror or error}") from error
