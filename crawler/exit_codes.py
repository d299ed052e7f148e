"""The command's exit codes: scripts and schedulers branch on these."""
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # at least one article was written
    NOTHING_INGESTED = 1  # the run worked but no input became an article
    USAGE = 2  # bad arguments, a missing input path, an unwritable output folder
    NOTHING_NEW = 3  # scheduled crawl: everything found was already in the dataset
    PARTIAL_FAILURE = 4  # scheduled crawl: too many inputs failed
    CONFIG_ERROR = 5  # seeds file invalid
    LOCKED = 6  # another run holds the output folder
    INTERRUPTED = 130  # Ctrl-C: what was written is kept
