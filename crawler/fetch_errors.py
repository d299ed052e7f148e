"""Why a request produced no page, as a reject reason and a sentence."""
from __future__ import annotations

from twisted.internet import defer
from twisted.internet.error import (
    ConnectError,
    ConnectionLost,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure

from scrapy import exceptions as scrapy_errors
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

from cleaning.models import RejectReason

# Scrapy >= 2.14 wraps Twisted's errors in its own; older ones raise Twisted's.
_SCRAPY_DNS = getattr(scrapy_errors, "CannotResolveHostError", DNSLookupError)
_SCRAPY_TIMEOUT = getattr(scrapy_errors, "DownloadTimeoutError", TimeoutError)
_SCRAPY_CANCELLED = getattr(scrapy_errors, "DownloadCancelledError", defer.CancelledError)
_SCRAPY_CONNECTION = tuple(
    getattr(scrapy_errors, name) for name in
    ("DownloadConnectionRefusedError", "DownloadFailedError", "ResponseDataLossError")
    if hasattr(scrapy_errors, name)
)

try:  # the HTTP/1.1 handler's own errors
    from scrapy.core.downloader.handlers.http11 import TunnelError
except ImportError:  # pragma: no cover
    TunnelError = ConnectError
try:
    from twisted.web._newclient import ResponseFailed, ResponseNeverReceived
except ImportError:  # pragma: no cover
    ResponseFailed = ResponseNeverReceived = ConnectionLost


def classify_failure(failure: Failure) -> tuple[RejectReason, str]:
    """A reason code and a one-line detail for an errback's failure."""
    error = failure.value
    if isinstance(error, HttpError):
        response = error.response
        return RejectReason.HTTP_STATUS, f"HTTP {response.status} from {response.url}"
    if isinstance(error, IgnoreRequest):
        message = str(error) or type(error).__name__
        if "robots.txt" in message:
            return RejectReason.ROBOTS_TXT, "forbidden by the site's robots.txt"
        if "MAXSIZE" in message.upper() or "max size" in message.lower():
            return RejectReason.TOO_LARGE, message
        return RejectReason.FETCH_ERROR, message
    if isinstance(error, (DNSLookupError, _SCRAPY_DNS)):
        message = str(error)  # Twisted's own text already opens with "DNS lookup failed"
        return RejectReason.DNS_ERROR, message if "dns lookup failed" in message.lower() else f"DNS lookup failed: {message}"
    if isinstance(error, (TimeoutError, TCPTimedOutError, defer.TimeoutError, _SCRAPY_TIMEOUT)):
        return RejectReason.TIMEOUT, f"timed out: {error}"
    if isinstance(error, (defer.CancelledError, _SCRAPY_CANCELLED)):
        # Scrapy cancels a download that exceeds DOWNLOAD_MAXSIZE.
        return RejectReason.TOO_LARGE, f"download cancelled: {error or 'response larger than DOWNLOAD_MAXSIZE'}"
    if isinstance(error, (ConnectionRefusedError, ConnectError, ConnectionLost, ResponseFailed,
                          ResponseNeverReceived, TunnelError, *_SCRAPY_CONNECTION)):
        return RejectReason.CONNECTION_ERROR, f"{type(error).__name__}: {error}"
    return RejectReason.FETCH_ERROR, f"{type(error).__name__}: {error}"
