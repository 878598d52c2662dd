"""PEP 517 build backend of the vibesql package, with no build dependencies.

build_wheel runs `swift build -c release --product VibeSQLC` in the Swift package that holds
this folder (or the one $VIBESQL_SOURCE names), then writes a wheel with the Python package,
libVibeSQLC.so, vibesql.h and every Swift runtime library the .so loads from the toolchain
(found with ldd), side by side in vibesql/_lib/, where the library's $ORIGIN run path finds
them on a machine without Swift. The wheel is tagged py3-none-<platform>: ctypes loads the
library, so no Python ABI is involved.
"""
import base64
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys
import sysconfig
import zipfile

NAME = "vibesql"
VERSION = "0.1.0"
PACKAGE_DIR = pathlib.Path(__file__).resolve().parent.parent  # python/


def _source_root():
    root = pathlib.Path(os.environ.get("VIBESQL_SOURCE") or PACKAGE_DIR.parent).resolve()
    if not (root / "Package.swift").is_file():
        raise RuntimeError(f"no Swift package at {root} (set VIBESQL_SOURCE to the repository)")
    return root


def _swift():
    found = shutil.which("swift")
    if found:
        return found
    if os.access("/opt/swift/usr/bin/swift", os.X_OK):
        return "/opt/swift/usr/bin/swift"
    raise RuntimeError("no Swift toolchain on PATH (and none in /opt/swift): install Swift 6 from swift.org")


def _build_library(root):
    """Builds the release library; returns its path and the toolchain's runtime library folders."""
    swift = _swift()
    command = [swift, "build", "-c", "release", "--product", "VibeSQLC"]
    print("vibesql: " + " ".join(command), file=sys.stderr, flush=True)
    subprocess.run(command, cwd=root, check=True, stdout=sys.stderr)
    bin_path = subprocess.run(command + ["--show-bin-path"], cwd=root, check=True,
                              capture_output=True, text=True).stdout.strip()
    library = pathlib.Path(bin_path) / "libVibeSQLC.so"
    if not library.is_file():
        raise RuntimeError(f"the build made no {library}")
    info = json.loads(subprocess.run([swift, "-print-target-info"], check=True,
                                     capture_output=True, text=True).stdout)
    runtime_dirs = [pathlib.Path(p).resolve() for p in info.get("paths", {}).get("runtimeLibraryPaths", [])]
    return library, runtime_dirs


def _runtime_libraries(library, runtime_dirs):
    """The shared libraries (transitively) needed by the library that live in the toolchain."""
    output = subprocess.run(["ldd", str(library)], check=True, capture_output=True, text=True).stdout
    found = []
    for line in output.splitlines():
        parts = line.split("=>")
        if len(parts) != 2:
            continue
        target = parts[1].strip().split(" (")[0].strip()
        if not target or target == "not found":
            if "not found" in parts[1]:
                raise RuntimeError(f"ldd: {line.strip()}")
            continue
        path = pathlib.Path(target).resolve()
        if any(directory in path.parents for directory in runtime_dirs):
            found.append(path)
    return found


def _platform_tag():
    return sysconfig.get_platform().replace("-", "_").replace(".", "_")


def _metadata():
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n"
            "Summary: DB-API 2.0 module over the VibeSQL engine\nRequires-Python: >=3.9\n")


def _wheel_file(tag):
    return f"Wheel-Version: 1.0\nGenerator: vibesql_build\nRoot-Is-Purelib: false\nTag: {tag}\n"


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    dist_info = pathlib.Path(metadata_directory) / f"{NAME}-{VERSION}.dist-info"
    dist_info.mkdir(parents=True, exist_ok=True)
    (dist_info / "METADATA").write_text(_metadata())
    return dist_info.name


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    root = _source_root()
    library, runtime_dirs = _build_library(root)
    tag = f"py3-none-{_platform_tag()}"
    wheel_name = f"{NAME}-{VERSION}-{tag}.whl"
    dist_info = f"{NAME}-{VERSION}.dist-info"
    files = []  # (name in the wheel, bytes or path)
    for source in sorted((PACKAGE_DIR / "vibesql").glob("*.py")):
        if source.name == "_build_info.py":
            continue
        files.append((f"vibesql/{source.name}", source))
    files.append(("vibesql/_lib/libVibeSQLC.so", library))
    files.append(("vibesql/_lib/vibesql.h", root / "Sources" / "VibeSQLC" / "vibesql.h"))
    for runtime in _runtime_libraries(library, runtime_dirs):
        files.append((f"vibesql/_lib/{runtime.name}", runtime))
    # Where the tools of this source tree are (vibesql.results() looks for vibesql-git there).
    files.append(("vibesql/_build_info.py", f"SOURCE_ROOT = {str(root)!r}\n".encode()))
    files.append((f"{dist_info}/METADATA", _metadata().encode()))
    files.append((f"{dist_info}/WHEEL", _wheel_file(tag).encode()))
    record = []
    path = pathlib.Path(wheel_directory) / wheel_name
    # Stored, not compressed: the wheel is unpacked once, right away, by pip on this machine.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as wheel:
        for name, content in files:
            data = content if isinstance(content, bytes) else pathlib.Path(content).read_bytes()
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if name.endswith(".so") else 0o644) << 16
            wheel.writestr(info, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{name},sha256={digest},{len(data)}")
        record.append(f"{dist_info}/RECORD,,")
        wheel.writestr(f"{dist_info}/RECORD", "\n".join(record) + "\n")
    return wheel_name
