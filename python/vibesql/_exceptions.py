"""The PEP 249 exception hierarchy, and which one an engine status becomes (as CPython's
sqlite3 maps SQLite's result codes)."""
from . import _native


class Warning(Exception):  # noqa: A001 (PEP 249 names it so)
    pass


class Error(Exception):
    """Base of the module's errors. Engine errors carry the engine's status
    (sqlite_errorcode, as in sqlite3), its kind ("syntax", "constraint", ...) and the byte
    offset in the statement where the problem is (-1 when unknown)."""

    sqlite_errorcode = None
    sqlite_errorname = None
    kind = None
    offset = -1


class InterfaceError(Error):
    pass


class DatabaseError(Error):
    pass


class DataError(DatabaseError):
    pass


class OperationalError(DatabaseError):
    pass


class IntegrityError(DatabaseError):
    pass


class InternalError(DatabaseError):
    pass


class ProgrammingError(DatabaseError):
    pass


class NotSupportedError(DatabaseError):
    pass


_names = {
    _native.ERROR: "SQLITE_ERROR",
    _native.READONLY: "SQLITE_READONLY",
    _native.INTERRUPT: "SQLITE_INTERRUPT",
    _native.CANTOPEN: "SQLITE_CANTOPEN",
    _native.TOOBIG: "SQLITE_TOOBIG",
    _native.CONSTRAINT: "SQLITE_CONSTRAINT",
    _native.MISMATCH: "SQLITE_MISMATCH",
    _native.MISUSE: "SQLITE_MISUSE",
    _native.RANGE: "SQLITE_RANGE",
}


def exception_for(code, message, kind="", offset=-1):
    """The exception an engine status becomes: constraint violations and datatype mismatches
    are IntegrityError, wrong bindings ProgrammingError, an integer outside 64 bits
    OverflowError, an unsupported parameter type TypeError, other SQL errors (syntax, no such
    table, run time) OperationalError, as in sqlite3."""
    if code == _native.TOOBIG:
        return OverflowError(message)
    if code == _native.TYPE:
        return TypeError(message)
    if code in (_native.CONSTRAINT, _native.MISMATCH):
        cls = IntegrityError
    elif code == _native.RANGE:
        cls = ProgrammingError
    elif code == _native.MISUSE:
        cls = InterfaceError
    elif code in (_native.ERROR, _native.READONLY, _native.INTERRUPT, _native.CANTOPEN):
        cls = OperationalError
    else:
        cls = DatabaseError
    error = cls(message)
    error.sqlite_errorcode = code
    error.sqlite_errorname = _names.get(code)
    error.kind = kind or None
    error.offset = offset
    return error
