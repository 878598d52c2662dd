"""VibeSQL for Python: a DB-API 2.0 (PEP 249) module over the VibeSQL engine, following
CPython's sqlite3 where PEP 249 leaves a choice.

    import vibesql
    db = vibesql.connect("results.sql")      # a SQL dump, loaded if the file exists
    db.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)")
    db.execute("INSERT INTO t(b) VALUES (?)", ("x",))
    db.commit()
    db.save()                                # writes the dump back

The database lives in memory; a path names a SQL dump file that connect() loads and save()
writes. Values are int, float, str, bytes and None both ways.
"""
import datetime as _datetime
import time as _time

from . import _native
from ._connection import Connection
from ._cursor import Cursor
from ._results import results
from ._exceptions import (DatabaseError, DataError, Error, IntegrityError, InterfaceError,
                          InternalError, NotSupportedError, OperationalError, ProgrammingError,
                          Warning)

__all__ = [
    "connect", "Connection", "Cursor", "apilevel", "threadsafety", "paramstyle",
    "Warning", "Error", "InterfaceError", "DatabaseError", "DataError", "OperationalError",
    "IntegrityError", "InternalError", "ProgrammingError", "NotSupportedError",
    "Date", "Time", "Timestamp", "DateFromTicks", "TimeFromTicks", "TimestampFromTicks",
    "Binary", "STRING", "BINARY", "NUMBER", "DATETIME", "ROWID", "complete_statement", "results",
]

apilevel = "2.0"
# Threads may share the module, not connections: a connection refuses calls from a thread other
# than its own unless connect(check_same_thread=False), and then serializes them with a lock.
threadsafety = 1
# "?" by position; ":name", "@name" and "$name" by name (with a mapping) work as well.
paramstyle = "qmark"
version = _native.VERSION
engine_version = _native.VERSION


def connect(path=None, *, isolation_level="", check_same_thread=True, cached_statements=128,
            factory=Connection):
    """A connection to an in-memory database: empty, or loaded from the SQL dump at path when
    that file exists (save() writes it back). ":memory:" is the same as None."""
    return factory(path, isolation_level=isolation_level, check_same_thread=check_same_thread,
                   cached_statements=cached_statements)


def complete_statement(statement):
    """True when the text ends with a complete SQL statement (sqlite3.complete_statement)."""
    encoded = statement.encode()
    return bool(_native.lib.vibesql_complete(encoded, len(encoded)))


# PEP 249's constructors and type objects. Dates and times have no storage class of their own:
# bind them as text (isoformat()) or numbers; binding a datetime object is a TypeError.
Date = _datetime.date
Time = _datetime.time
Timestamp = _datetime.datetime
Binary = bytes


def DateFromTicks(ticks):
    return Date(*_time.localtime(ticks)[:3])


def TimeFromTicks(ticks):
    return Time(*_time.localtime(ticks)[3:6])


def TimestampFromTicks(ticks):
    return Timestamp(*_time.localtime(ticks)[:6])


class _TypeObject:
    """A PEP 249 type object. A column's type code (description[i][1]) is its declared type
    as CREATE TABLE wrote it; it equals the type object of its affinity by SQLite's rules
    (INT: NUMBER; CHAR, CLOB, TEXT: STRING; BLOB or none: BINARY; REAL, FLOA, DOUB: NUMBER;
    otherwise NUMERIC: NUMBER), and DATE and TIME also equal DATETIME."""

    def __init__(self, *affinities):
        self.affinities = frozenset(affinities)

    def __eq__(self, type_code):
        if not isinstance(type_code, str):
            return NotImplemented if not isinstance(type_code, _TypeObject) else self is type_code
        upper = type_code.upper()
        if "DATETIME" in self.affinities:
            return "DATE" in upper or "TIME" in upper
        if "ROWID" in self.affinities:
            return upper == "ROWID"
        return _affinity(upper) in self.affinities

    def __ne__(self, type_code):
        equal = self.__eq__(type_code)
        return equal if equal is NotImplemented else not equal

    def __hash__(self):
        return hash(self.affinities)


def _affinity(declared):
    """SQLite's affinity of a declared type (upper case), section 3.1 of its datatype page."""
    if "INT" in declared:
        return "INTEGER"
    if "CHAR" in declared or "CLOB" in declared or "TEXT" in declared:
        return "TEXT"
    if "BLOB" in declared or not declared:
        return "BLOB"
    if "REAL" in declared or "FLOA" in declared or "DOUB" in declared:
        return "REAL"
    return "NUMERIC"


STRING = _TypeObject("TEXT")
BINARY = _TypeObject("BLOB")
NUMBER = _TypeObject("INTEGER", "REAL", "NUMERIC")
DATETIME = _TypeObject("DATETIME")
ROWID = _TypeObject("ROWID")
