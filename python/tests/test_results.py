"""vibesql.results(repo): the conformance results recorded in a repository's git ref, read-only,
through `vibesql-git dump` (the history library)."""
import os
import subprocess

import pytest

import vibesql
from conftest import REPOSITORY

SUITE_FILE = """statement ok
CREATE TABLE t(a INTEGER)

statement ok
INSERT INTO t VALUES (1), (2)

query I
SELECT sum(a) FROM t
----
3

query I
SELECT 41 + 1
----
43
"""


@pytest.fixture
def vibesql_git():
    built = [REPOSITORY / ".build" / kind / "vibesql-git" for kind in ("debug", "release")]
    for candidate in [os.environ.get("VIBESQL_GIT")] + [str(path) for path in built]:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.skip("SKIPPED: no vibesql-git built (swift build --product vibesql-git) and no $VIBESQL_GIT")


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_results_of_a_repository_read_only(tmp_path, vibesql_git):
    repo = tmp_path / "repo"
    (repo / "suite").mkdir(parents=True)
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "ci@example.com")
    git(repo, "config", "user.name", "CI")
    (repo / "suite" / "sum.test").write_text(SUITE_FILE)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first")
    empty = vibesql.results(repo, tool=vibesql_git)
    assert empty.execute("SELECT count(*) FROM test_runs").fetchone() == (0,)

    run = subprocess.run([vibesql_git, "run", "--jobs", "1", "suite"], cwd=repo, capture_output=True, text=True)
    assert run.returncode == 1, run.stderr      # the file fails one record: recorded all the same
    db = vibesql.results(str(repo), tool=vibesql_git)
    assert db.execute("SELECT count(*) FROM test_runs").fetchone() == (1,)
    assert db.execute("SELECT file_path, status FROM test_results").fetchall() == [("suite/sum.test", "FAIL")]
    assert db.execute("SELECT count(*) FROM test_failures").fetchone() == (1,)
    with pytest.raises(vibesql.OperationalError, match="readonly"):
        db.execute("DELETE FROM test_runs")
    with pytest.raises(vibesql.OperationalError, match="readonly"):
        db.execute("CREATE TABLE mine(x)")
    assert db.path is None
    assert vibesql.results(repo, at="HEAD", tool=vibesql_git).execute("SELECT count(*) FROM test_runs").fetchone() == (1,)


def test_results_of_a_folder_that_is_not_a_repository(tmp_path, vibesql_git):
    with pytest.raises(vibesql.OperationalError, match="reading the results of"):
        vibesql.results(tmp_path, tool=vibesql_git)


def test_an_installed_module_finds_the_tool_of_its_source_tree(vibesql_git, monkeypatch):
    try:
        from vibesql._build_info import SOURCE_ROOT
    except ImportError:
        pytest.skip("SKIPPED: the module was not installed from a wheel (no _build_info)")
    monkeypatch.delenv("VIBESQL_GIT", raising=False)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert vibesql._results.find_tool().startswith(os.path.join(SOURCE_ROOT, ".build"))
