"""Scrapyd: the project deploys with scrapyd-client, a `news` job crawls the demo site into a
dataset whose manifest adds up, and a second job on the same folder ends with a reason."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from crawler.demo_site import DEMO_SITE, DemoSiteServer
from pipelines.lock import OutputLock

REPO = Path(__file__).resolve().parent.parent
PROJECT_FILES = ["cleaning", "crawler", "pipelines", "pyproject.toml", "scrapy.cfg", "README.md"]
TOOLS = {name: Path(sys.executable).with_name(name) for name in ("scrapyd", "scrapyd-deploy")}
pytestmark = pytest.mark.skipif(not all(path.exists() for path in TOOLS.values()),
                                reason="scrapyd and scrapyd-client are test extras: pip install -e '.[test]'")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def call(base: str, endpoint: str, **form: str | list[str]) -> dict:
    data = urllib.parse.urlencode(form, doseq=True).encode() if form else None
    with urllib.request.urlopen(f"{base}/{endpoint}", data=data, timeout=30) as answer:
        return json.loads(answer.read())


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def scrapyd(tmp_path):
    port = free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\neggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\n"
        f"dbs_dir = {home / 'dbs'}\nitems_dir =\nmax_proc = 2\npoll_interval = 0.3\n")
    process = subprocess.Popen([str(TOOLS["scrapyd"])], cwd=home, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            return call(base, "daemonstatus.json")["status"] == "ok"
        except OSError:
            return False

    try:
        wait_for(answers, 60, "scrapyd to answer")
        yield base, home
    finally:
        process.terminate()
        process.wait(timeout=30)


def deploy(base: str, tmp_path: Path) -> None:
    """scrapyd-deploy, as the README says, from a copy of the project with a target for this Scrapyd."""
    project = tmp_path / "project"
    project.mkdir()
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, project / name)
    with open(project / "scrapy.cfg", "a") as config:
        config.write(f"\n[deploy:test]\nurl = {base}/\nproject = newsingest\n")
    result = subprocess.run([str(TOOLS["scrapyd-deploy"]), "test", "-p", "newsingest"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert '"status": "ok"' in result.stdout or "ok" in result.stdout


def job_state(base: str, job: str) -> str | None:
    jobs = call(base, "listjobs.json?project=newsingest")
    for state in ("pending", "running", "finished"):
        if any(entry["id"] == job for entry in jobs[state]):
            return state
    return None


def test_deploy_schedule_and_a_second_job_on_the_same_folder(scrapyd, tmp_path):
    base, home = scrapyd
    deploy(base, tmp_path)
    assert "news" in call(base, "listspiders.json?project=newsingest")["spiders"]
    out = tmp_path / "data"
    with DemoSiteServer(DEMO_SITE) as site:
        origin = f"{site.config.placeholder_origin}={site.origin}"
        job = {"project": "newsingest", "spider": "news", "seeds": str(DEMO_SITE.parent / "demo.toml"),
               "origin": origin, "setting": f"NEWSINGEST_OUT={out}"}
        first = call(base, "schedule.json", **job)["jobid"]
        wait_for(lambda: job_state(base, first) == "finished", 240, "the first job to end")
        # Another run holds the folder (here this test; a second job's startup time under
        # load makes two overlapping jobs a race): the next job must not write into it.
        with OutputLock(out):
            second = call(base, "schedule.json", **job)["jobid"]
            wait_for(lambda: job_state(base, second) == "finished", 240, "the second job to end")
    manifests = {data["finish_reason"]: data for data in
                 (json.loads(path.read_text()) for path in (out / "runs").glob("*.json"))}
    assert set(manifests) == {"finished", "folder_locked"}, manifests
    done = manifests["finished"]
    assert done["articles"] > 0 and done["adds_up"] and done["command"] == "scrapy crawl news"
    assert "in use by another run" in manifests["folder_locked"]["extra"]["problem"]
    log = (home / "logs" / "newsingest" / "news" / f"{second}.log").read_text()
    assert "Spider closed (folder_locked)" in log and "Traceback" not in log
