"""Fetch failures become a reject reason and one readable sentence."""
import pytest
from scrapy import exceptions as scrapy_errors
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure

from cleaning.models import RejectReason
from crawler.fetch_errors import classify_failure

DNS_ERRORS = [DNSLookupError("no-such-host.invalid")]
if hasattr(scrapy_errors, "CannotResolveHostError"):
    DNS_ERRORS.append(scrapy_errors.CannotResolveHostError("no-such-host.invalid"))


@pytest.mark.parametrize("error", DNS_ERRORS)
def test_dns_failure_says_so_once(error):
    reason, detail = classify_failure(Failure(error))
    assert reason == RejectReason.DNS_ERROR
    assert detail.lower().count("dns lookup failed") == 1 and "no-such-host.invalid" in detail
