"""Fixtures of the browser tests: a temporary repository with runs recorded on two branches,
`vibesql-git serve` on a free loopback port over it, and headless Chromium driven by Selenium.

The binary is $VIBESQL_GIT, else .build/release/vibesql-git, else .build/debug/vibesql-git.
Screenshots go to $BROWSER_ARTIFACTS (default: .build/browser-artifacts)."""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def vibesql_git() -> str:
    if os.environ.get("VIBESQL_GIT"):
        return os.environ["VIBESQL_GIT"]
    for kind in ("release", "debug"):
        candidate = ROOT / ".build" / kind / "vibesql-git"
        if candidate.exists():
            return str(candidate)
    pytest.exit("no vibesql-git binary: build it (swift build -c release --product vibesql-git) or set VIBESQL_GIT", 2)


PASSING_SELECT = """\
statement ok
CREATE TABLE t1(a INTEGER, b INTEGER)

statement ok
INSERT INTO t1 VALUES (1, 2), (3, 4)

query II rowsort
SELECT a, b FROM t1
----
1
2
3
4
"""

# The seeded regression: a record whose expected result the engine cannot give, whose SQL holds
# a <script> element (the pages must show it as text).
FAILING_SELECT = PASSING_SELECT + """
query T nosort
SELECT '<script>alert(1)</script>' || a FROM t1 WHERE a = 1
----
<b>not this</b>
"""

NULLS = """\
query I nosort
SELECT NULL IS NULL
----
1

query I nosort
SELECT coalesce(NULL, 7)
----
7
"""

INSERT = """\
statement ok
CREATE TABLE t(x INTEGER PRIMARY KEY, y TEXT)

statement ok
INSERT INTO t VALUES (1, 'a')

statement error
INSERT INTO t VALUES (1, 'b')

query I nosort
SELECT count(*) FROM t
----
1
"""


class Repo:
    """The temporary repository and the commands run in it."""

    def __init__(self, path: Path, binary: str):
        self.path = path
        self.binary = binary

    def git(self, *args: str) -> str:
        return subprocess.run(["git", *args], cwd=self.path, check=True, capture_output=True, text=True).stdout

    def tool(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([self.binary, *args], cwd=self.path, capture_output=True, text=True,
                                stdin=subprocess.DEVNULL, timeout=300)
        if check and result.returncode not in (0, 1):
            raise AssertionError(f"vibesql-git {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
        return result

    def write(self, relative: str, text: str) -> None:
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)

    def commit_and_run(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        self.tool("run", "--jobs", "1", "suite")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(os.environ.get("BROWSER_ARTIFACTS", ROOT / ".build" / "browser-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def repo():
    """main: two commits with runs (all passing); feature: a commit whose run regresses
    suite/select/basic.test. HEAD is feature."""
    folder = Path(tempfile.mkdtemp(prefix="vibesql-browser-"))
    repo = Repo(folder / "repo", vibesql_git())
    repo.path.mkdir()
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "user.email", "ci@example.com")
    repo.git("config", "user.name", "CI")
    repo.write("suite/select/basic.test", PASSING_SELECT)
    repo.write("suite/null/nulls.test", NULLS)
    repo.commit_and_run("main: first suite")
    repo.write("suite/dml/insert.test", INSERT)
    repo.commit_and_run("main: insert tests")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("suite/select/basic.test", FAILING_SELECT)
    repo.commit_and_run("feature: a record that fails")
    yield repo
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def server(repo):
    """`vibesql-git serve` on a free loopback port, a 0.5 s time limit and a 50-row cap."""
    port = free_port()
    process = subprocess.Popen([repo.binary, "serve", "--port", str(port), "--time-limit", "0.5", "--max-rows", "50",
                                "--poll", "0.5"],
                               cwd=repo.path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/tip.json", timeout=2) as response:
                json.load(response)
            break
        except OSError:
            if process.poll() is not None or time.time() > deadline:
                process.kill()
                raise AssertionError("vibesql-git serve did not start:\n" + (process.stdout.read() if process.stdout else ""))
            time.sleep(0.2)
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1000", "--allow-file-access-from-files"):
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)
