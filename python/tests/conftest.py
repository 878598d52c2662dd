"""Shared by the tests of the vibesql module: where the repository and its tools are."""
import os
import pathlib
import shutil

import pytest

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]


def _find_shell():
    """The vibesql shell: $VIBESQL_SHELL, else a build in the repository (debug, release)."""
    candidates = [os.environ.get("VIBESQL_SHELL")]
    candidates += [REPOSITORY / ".build" / kind / "vibesql" for kind in ("debug", "release")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


@pytest.fixture
def vibesql_shell():
    shell = _find_shell()
    if shell is None:
        pytest.skip("SKIPPED: no vibesql shell built (swift build --product vibesql) and no $VIBESQL_SHELL")
    return shell


@pytest.fixture
def sqlite3_shell():
    shell = shutil.which("sqlite3")
    if shell is None:
        pytest.skip("SKIPPED: no sqlite3 shell on PATH (Debian package sqlite3)")
    return shell
