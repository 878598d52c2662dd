"""vibesql.results(): a read-only connection over a repository's conformance results database.

The results live in the repository's git ref refs/vibesql/results, read by the history library
(ConformanceHistory), which needs libgit2. The module's C library stays an engine-only library
(Sources/VibeSQLC depends on Engine alone, so `import vibesql` needs no libgit2); results()
asks the vibesql-git tool, whose `dump` command writes the results database at a revision
through ConformanceHistory, for that dump, and loads it read-only."""
import os
import shutil
import subprocess
import tempfile

from ._connection import Connection
from ._exceptions import OperationalError


def results(repo=".", at=None, *, tool=None, check_same_thread=True):
    """A read-only connection over the results database of the git repository at repo, as of
    revision `at` (default: as `vibesql-git dump` sees it, from HEAD). Every statement that would
    change it fails with OperationalError ("attempt to write a readonly database").

    The tool is `tool`, else $VIBESQL_GIT, else vibesql-git on the PATH, else the one built in
    the VibeSQL source tree this module was installed from (.build/release, .build/debug)."""
    executable = find_tool(tool)
    with tempfile.TemporaryDirectory(prefix="vibesql-results-") as folder:
        path = os.path.join(folder, "results.sql")
        command = [executable, "dump", "-o", path] + (["--at", at] if at else [])
        completed = subprocess.run(command, cwd=repo, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if completed.returncode != 0:
            detail = (completed.stderr or completed.stdout).strip()
            raise OperationalError(f"reading the results of {os.path.abspath(repo)} failed ({' '.join(command[1:3])}"
                                   f"{' --at ' + at if at else ''}): {detail}")
        connection = Connection(path, read_only=True, check_same_thread=check_same_thread)
    connection._path = None  # the dump was a temporary file: nothing to save back to
    return connection


def find_tool(tool=None):
    candidates = [tool, os.environ.get("VIBESQL_GIT"), shutil.which("vibesql-git")]
    try:
        from ._build_info import SOURCE_ROOT
    except ImportError:  # not installed from a wheel of this repository
        SOURCE_ROOT = None
    if SOURCE_ROOT:
        candidates += [os.path.join(SOURCE_ROOT, ".build", kind, "vibesql-git") for kind in ("release", "debug")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise OperationalError(
        "results() needs the vibesql-git tool: build it (swift build -c release --product vibesql-git) "
        "and put it on the PATH, or set VIBESQL_GIT to it")
