"""`pip install ./python` in a clean virtual environment gives a working module, which loads
without the Swift toolchain (hidden from it, when the test runs as root) from the runtime
libraries the wheel ships."""
import os
import shutil
import subprocess
import sys
import time

from conftest import REPOSITORY

SMOKE = """
import vibesql, sys
db = vibesql.connect()
db.execute("CREATE TABLE t(x)")
db.executemany("INSERT INTO t VALUES (?)", [(1,), (2,)])
assert db.execute("SELECT sum(x) FROM t").fetchone() == (3,)
assert vibesql.__file__.startswith(sys.prefix), vibesql.__file__
print("ok", vibesql.version)
"""


def toolchain_runtime_dir():
    """The folder of the toolchain's Swift runtime libraries, e.g. /opt/swift/usr/lib/swift/linux."""
    swift = shutil.which("swift") or "/opt/swift/usr/bin/swift"
    runtime = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(swift))), "lib", "swift", "linux")
    return runtime if os.path.isdir(runtime) else None


def test_clean_venv_install(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    started = time.monotonic()
    subprocess.run([str(venv / "bin" / "pip"), "install", "--no-index", "--quiet", str(REPOSITORY / "python")],
                   check=True, cwd=tmp_path)
    print(f"pip install ./python in a clean venv: {time.monotonic() - started:.1f} s")
    command = [str(venv / "bin" / "python"), "-c", SMOKE]
    runtime = toolchain_runtime_dir()
    hidden = os.geteuid() == 0 and shutil.which("unshare") and runtime
    if hidden:
        # A private mount namespace where the toolchain's runtime folder is empty.
        command = ["unshare", "-m", "sh", "-c", f'mount -t tmpfs none "{runtime}" && exec "$@"', "sh"] + command
    # The installed package's own library, whatever a development run points VIBESQL_LIBRARY at.
    env = {k: v for k, v in os.environ.items() if k not in ("VIBESQL_LIBRARY", "PYTHONPATH")}
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=env)
    if hidden and result.returncode != 0 and ("mount" in result.stderr or "unshare" in result.stderr):
        # No private mount namespace here (a container without the privilege): load it as it is.
        result = subprocess.run(command[6:], capture_output=True, text=True, cwd=tmp_path, env=env)
        print("(could not hide the toolchain: the module was loaded with it present)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok ")
