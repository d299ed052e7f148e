"""The Scrapy project (spiders, settings, middlewares) and the `newsingest` command."""
