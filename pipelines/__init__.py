"""From cleaned results to the dataset: dedup, the Parquet writer, and (for Scrapy) the
item pipelines and feed exporter around them."""
