"""Wait for a process-pool future on the Twisted reactor without blocking it."""
from __future__ import annotations

from concurrent.futures import CancelledError, Future
from typing import Any

from twisted.internet.defer import Deferred


def deferred_from_pool_future(future: Future, reactor: Any) -> Deferred:
    """A Deferred fired on the reactor thread when the pool's future completes."""
    deferred: Deferred = Deferred()

    def fire(done: Future) -> None:  # on the reactor thread
        if done.cancelled():
            deferred.errback(CancelledError("the cleaning task was cancelled"))
        elif done.exception() is not None:
            deferred.errback(done.exception())
        else:
            deferred.callback(done.result())

    # The done-callback runs on the pool's management thread: hop to the reactor.
    future.add_done_callback(lambda done: reactor.callFromThread(fire, done))
    return deferred
