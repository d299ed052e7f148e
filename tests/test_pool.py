"""The cleaning pool survives a worker that dies, and keeps results in order."""
import os

from pipelines.pool import CleaningPool, WorkerFailure


def double_or_die(value: int) -> int:
    if value == 13:
        os._exit(1)  # a crash in a C extension looks like this from the pool's side
    return value * 2


def test_results_come_back_in_input_order():
    with CleaningPool(workers=2, max_in_flight=3) as pool:
        assert [result for _, result in pool.map_ordered(double_or_die, range(10))] == [n * 2 for n in range(10)]


def test_a_dying_worker_fails_one_input_and_the_rest_go_on():
    with CleaningPool(workers=2, max_in_flight=4) as pool:
        results = dict(pool.map_ordered(double_or_die, range(20)))
    assert isinstance(results[13], WorkerFailure) and "crashed" in results[13].detail
    assert all(results[n] == n * 2 for n in range(20) if n != 13)


def test_a_worker_failure_in_the_crawl_becomes_a_reject_item():
    from datetime import datetime, timezone

    from crawler.items import FetchedPage, RejectItem
    from pipelines.item_pipelines import _as_item

    page = FetchedPage("https://a.example/x", "https://a.example/y", 200, {}, b"<html></html>",
                       datetime(2024, 1, 1, tzinfo=timezone.utc), "feed", site="a")
    item = _as_item(WorkerFailure("the cleaning worker crashed on this input (twice)"), page)
    assert isinstance(item, RejectItem)
    assert (item.rejection.url, item.rejection.stage.value, item.rejection.reason.value) == (
        "https://a.example/y", "extract", "extraction_error")
    assert item.site == "a" and item.discovered_via == "feed"


def test_pages_in_flight_with_a_crasher_are_retried_alone_and_succeed():
    # Several tasks fail together when one kills the pool; each is retried on its own,
    # so only the crasher is given up.
    with CleaningPool(workers=2, max_in_flight=8) as pool:
        futures = {n: pool.submit(double_or_die, n) for n in (11, 12, 13, 14, 15)}
        outcomes = {}
        for n, future in futures.items():
            try:
                outcomes[n] = future.result()
            except Exception:  # noqa: BLE001
                outcomes[n] = pool.retry_or_failure(double_or_die, n, future)
    assert isinstance(outcomes[13], WorkerFailure)
    assert {n: outcomes[n] for n in (11, 12, 14, 15)} == {11: 22, 12: 24, 14: 28, 15: 30}


def what_the_worker_inherited(_: object) -> tuple[int, bool]:
    import gc
    import sys

    return gc.get_freeze_count(), "pipelines.worker_preload" in sys.modules


def test_workers_are_forked_with_the_detector_loaded_and_frozen():
    # Loaded once in the forkserver and frozen out of the collector: every worker shares
    # those pages instead of loading langdetect's profiles itself.
    with CleaningPool(workers=2) as pool:
        [(_, (frozen, preloaded))] = list(pool.map_ordered(what_the_worker_inherited, [None]))
    assert preloaded and frozen > 100_000


def test_the_preload_warms_up_then_freezes():
    import subprocess
    import sys

    from .conftest import REPO_ROOT

    code = ("import gc, pipelines.pool as pool\n"
            "calls = []\n"
            "warm_up = pool._warm_up\n"
            "pool._warm_up = lambda: (calls.append(gc.get_freeze_count()), warm_up())\n"
            "import pipelines.worker_preload\n"
            "print(calls == [0], gc.get_freeze_count() > 0)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["True", "True"], result.stderr


def test_workers_exit_when_the_caller_is_killed():
    """A run killed with SIGKILL never shuts its pool down: its workers must not live on."""
    import signal
    import subprocess
    import sys
    import time

    from .conftest import REPO_ROOT

    code = ("import os, sys\n"
            "from pipelines.pool import CleaningPool\n"
            "if __name__ == '__main__':\n"
            "    pool = CleaningPool(workers=2).start()\n"
            "    print(' '.join(str(pid) for pid in pool._executor._processes), flush=True)\n"
            "    sys.stdin.read()\n")
    caller = subprocess.Popen([sys.executable, "-c", code], cwd=REPO_ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    workers = [int(pid) for pid in caller.stdout.readline().split()]
    assert len(workers) == 2
    caller.send_signal(signal.SIGKILL)
    caller.wait(timeout=30)

    def alive(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        with open(f"/proc/{pid}/stat") as stat:  # a zombie is gone, only not yet reaped
            return stat.read().split(")")[-1].split()[0] != "Z"

    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(pid) for pid in workers)
