"""The cleaning stage: pure functions from page bytes to an Article or a Rejection.

No Scrapy, no I/O. `clean_page` is the one entry point every caller uses.
"""
from .clean import CleaningOptions, clean_page
from .models import Article, KnownFacts, PageInput, Rejection, RejectReason, Stage

__all__ = [
    "Article", "CleaningOptions", "KnownFacts", "PageInput", "Rejection", "RejectReason",
    "Stage", "clean_page",
]
