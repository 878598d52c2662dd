"""The engine's C ABI (libVibeSQLC.so, declared in vibesql.h) through ctypes."""
import ctypes
import os
import pathlib

# Status codes of vibesql.h.
OK = 0
ERROR = 1
READONLY = 8
INTERRUPT = 9
CANTOPEN = 14
TOOBIG = 18
CONSTRAINT = 19
MISMATCH = 20
MISUSE = 21
RANGE = 25
TYPE = 26
ROW = 100
DONE = 101
BUFFER = 102
ENCODING = 103

_c_int64_p = ctypes.POINTER(ctypes.c_int64)
_c_void_pp = ctypes.POINTER(ctypes.c_void_p)


def _library_path():
    """The library shipped in the package, or the one VIBESQL_LIBRARY names (development)."""
    override = os.environ.get("VIBESQL_LIBRARY")
    if override:
        return override
    return str(pathlib.Path(__file__).parent / "_lib" / "libVibeSQLC.so")


lib = ctypes.CDLL(_library_path())

# name: (result type, argument types)
_signatures = {
    "vibesql_version": (ctypes.c_char_p, []),
    "vibesql_open": (ctypes.c_int, [ctypes.c_char_p, _c_void_pp, ctypes.POINTER(ctypes.c_void_p)]),
    "vibesql_close": (ctypes.c_int, [ctypes.c_void_p]),
    "vibesql_free": (None, [ctypes.c_void_p]),
    "vibesql_errcode": (ctypes.c_int, [ctypes.c_void_p]),
    "vibesql_errmsg": (ctypes.c_char_p, [ctypes.c_void_p]),
    "vibesql_errkind": (ctypes.c_char_p, [ctypes.c_void_p]),
    "vibesql_erroffset": (ctypes.c_int64, [ctypes.c_void_p]),
    "vibesql_changes": (ctypes.c_int64, [ctypes.c_void_p]),
    "vibesql_total_changes": (ctypes.c_int64, [ctypes.c_void_p]),
    "vibesql_last_insert_rowid": (ctypes.c_int64, [ctypes.c_void_p]),
    "vibesql_in_transaction": (ctypes.c_int, [ctypes.c_void_p]),
    "vibesql_schema_version": (ctypes.c_int64, [ctypes.c_void_p]),
    "vibesql_complete": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_int64]),
    "vibesql_set_readonly": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int]),
    "vibesql_text_as_bytes": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int]),
    "vibesql_interrupt": (ctypes.c_int, [ctypes.c_void_p]),
    "vibesql_exec": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int64]),
    "vibesql_dump": (ctypes.c_int, [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p), _c_int64_p]),
    "vibesql_save": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "vibesql_load": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int64]),
    "vibesql_prepare": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int64, _c_void_pp, _c_int64_p]),
    "vibesql_finalize": (ctypes.c_int, [ctypes.c_void_p]),
    "vibesql_reset": (ctypes.c_int, [ctypes.c_void_p]),
    "vibesql_bind_parameter_count": (ctypes.c_int, [ctypes.c_void_p]),
    "vibesql_stmt_is_query": (ctypes.c_int, [ctypes.c_void_p]),
    "vibesql_stmt_is_dml": (ctypes.c_int, [ctypes.c_void_p]),
    "vibesql_columns_pymarshal": (ctypes.c_int, [ctypes.c_void_p, _c_void_pp, _c_int64_p]),
    "vibesql_fetch_pymarshal": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int64, _c_void_pp, _c_int64_p]),
    "vibesql_output_pymarshal": (ctypes.c_int, [ctypes.c_void_p, _c_void_pp, _c_int64_p]),
    "vibesql_executemany_pymarshal": (ctypes.c_int, [
        ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int64, _c_int64_p, _c_int64_p, _c_int64_p]),
}

for _name, (_result, _arguments) in _signatures.items():
    _function = getattr(lib, _name)
    _function.restype = _result
    _function.argtypes = _arguments

# The call behind every execute(), declared without argument types: ctypes then converts
# nothing through from_param (which costs more than a point query's run). Its arguments must
# be given as it takes them: the statement as a c_void_p, the parameters as bytes, 32-bit
# ints, the output buffer as a ctypes array.
run_pymarshal = lib["vibesql_run_pymarshal"]
run_pymarshal.restype = ctypes.c_int
# The largest parameter set or output buffer run_pymarshal takes (its counts are 32-bit).
RUN_MAX_BYTES = 0x7FFFFFFF

VERSION = lib.vibesql_version().decode()
