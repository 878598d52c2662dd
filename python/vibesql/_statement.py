"""A prepared statement of a connection: its handle and what the engine says about it."""
import ctypes
import marshal

from . import _native
from ._native import lib


class Statement:
    __slots__ = ("handle", "pointer", "is_dml", "is_query", "parameter_count", "sql", "busy",
                 "_description", "_description_version")

    def __init__(self, handle, sql):
        """handle is None for text without a statement (blanks, comments), which runs as a
        statement that does nothing, as in sqlite3."""
        self.handle = handle
        # The handle as _native.run_pymarshal takes it.
        self.pointer = ctypes.c_void_p(handle) if handle else None
        self.sql = sql
        self.is_dml = bool(handle and lib.vibesql_stmt_is_dml(handle))
        self.is_query = bool(handle and lib.vibesql_stmt_is_query(handle))
        self.parameter_count = lib.vibesql_bind_parameter_count(handle) if handle else 0
        # True while a cursor still has rows of its run to fetch: another cursor running the
        # same SQL then gets a statement of its own.
        self.busy = False
        self._description = None
        self._description_version = None

    def description(self, schema_version):
        """PEP 249's description of the last run's columns: (name, declared type, None, None,
        None, None, None) each, the type as CREATE TABLE wrote it for a column read directly
        from a table, else None; None for a statement without columns. Kept while the
        database's schema version stays the same."""
        if not self.handle:
            return None
        if schema_version == self._description_version:
            return self._description
        pointer, length = ctypes.c_void_p(), ctypes.c_int64()
        status = lib.vibesql_columns_pymarshal(self.handle, ctypes.byref(pointer), ctypes.byref(length))
        if status != _native.OK:
            return None
        names, types = marshal.loads(ctypes.string_at(pointer, length.value))
        self._description = tuple((name, type_code, None, None, None, None, None)
                                  for name, type_code in zip(names, types)) or None
        self._description_version = schema_version
        return self._description

    def finalize(self):
        if self.handle:
            lib.vibesql_finalize(self.handle)
            self.handle = None
            self.pointer = None


class StatementCache:
    """The connection's prepared statements by SQL text, the least recently used dropped past
    `size` (as sqlite3's cached_statements). Connection._statement looks them up: a hit moves
    the statement to the end of `entries`."""

    def __init__(self, size):
        self.size = size
        self.entries = {}

    def put(self, sql, statement):
        """Keeps the statement unless one for this text is cached (and busy)."""
        if sql in self.entries:
            return
        self.entries[sql] = statement
        while len(self.entries) > self.size:
            oldest = next(iter(self.entries))
            self.entries.pop(oldest).finalize()

    def clear(self):
        for statement in self.entries.values():
            statement.finalize()
        self.entries.clear()
