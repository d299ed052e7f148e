"""Scrapy settings of the newsingest project: polite and bounded by default.

Override any of them with `-s NAME=VALUE` (scrapy) or the newsingest command's options.
"""

BOT_NAME = "newsingest"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- Politeness ---------------------------------------------------------------------
ROBOTSTXT_OBEY = True
# Say who we are and where to reach us; set your own contact URL in production.
NEWSINGEST_CONTACT_URL = "https://github.com/newsingest/newsingest"
USER_AGENT = f"newsingest/0.1 (+{NEWSINGEST_CONTACT_URL})"
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
COOKIES_ENABLED = False

# --- Bounds ---------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30  # Scrapy's 180 s would let one stalled server hold a slot for minutes
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # also enforced after decompression
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [408, 429, 500, 502, 503, 504, 522, 524]
# A Retry-After longer than this is not waited for: the URL is rejected instead.
RETRY_AFTER_MAX_SECONDS = 60

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.SharedRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.RetryAfterMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.StatedMetaRefreshMiddleware": 580,
}

# --- From pages to the dataset
# Items of one response processed at once. A page callback yields one item, and Scrapy
# starts this many tasks for every response's output (~100 tasks, a few ms of the
# reactor per page at the default 100). Pages are still processed side by side.
CONCURRENT_ITEMS = 1

ITEM_PIPELINES = {
    "pipelines.item_pipelines.CleaningPipeline": 100,
    "pipelines.item_pipelines.DedupPipeline": 200,
    "pipelines.item_pipelines.IncrementalPipeline": 250,
    "pipelines.item_pipelines.DatasetWriterPipeline": 300,
}
# Dataset folder for DatasetWriterPipeline; unset, only feeds (-o/-O) are written.
NEWSINGEST_OUT = None
NEWSINGEST_STATE = False  # remember what runs saw (state.sqlite); the news spider turns it on
NEWSINGEST_LOCK_HELD = False  # set by `newsingest crawl`, which locks the folder itself
NEWSINGEST_WORKERS = 0  # cleaning processes; 0 = every core
NEWSINGEST_MAX_IN_FLIGHT = 0  # pages in the pool at once; 0 = 2 per worker
# Registered here, not in a spider: `-O x.parquet` looks exporters up before spiders load.
FEED_EXPORTERS = {"parquet": "pipelines.exporter.ParquetItemExporter"}
# Feeds in every format carry the article table, flat (pipelines/feeds.py), in UTF-8:
# news is written in every script, and JSON's \u escapes make it unreadable.
FEED_EXPORT_ENCODING = "utf-8"
# One dict: `-s EXTENSIONS=...` (and a second assignment here) replaces it whole.
EXTENSIONS = {
    "crawler.extensions.FreezeStartupObjects": 0,
    "scrapy.extensions.feedexport.FeedExporter": None,
    "pipelines.feeds.ArticleFeedExporter": 0,
}

# No listening ports on a crawler host unless someone asks for them.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
