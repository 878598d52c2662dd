"""Connections: an in-memory engine database, loaded from and saved to a SQL dump file, with
sqlite3's transaction handling (an implicit BEGIN before INSERT, UPDATE, DELETE and REPLACE
unless isolation_level is None) and its threading check."""
import ctypes
import os
import threading

from . import _native
from ._cursor import Cursor
from ._exceptions import (DatabaseError, DataError, Error, IntegrityError, InterfaceError,
                          InternalError, NotSupportedError, OperationalError, ProgrammingError,
                          Warning, exception_for)
from ._native import lib
from ._statement import Statement, StatementCache

_ISOLATION_LEVELS = ("", "DEFERRED", "IMMEDIATE", "EXCLUSIVE")
# Bytes of the buffer a run's first rows come back in (longer output takes a second call).
_OUTPUT_BUFFER = 32768


class Connection:
    # PEP 249's optional extension: the exceptions as attributes of the connection.
    Warning, Error, InterfaceError, DatabaseError = Warning, Error, InterfaceError, DatabaseError
    DataError, OperationalError, IntegrityError = DataError, OperationalError, IntegrityError
    InternalError, ProgrammingError, NotSupportedError = InternalError, ProgrammingError, NotSupportedError

    def __init__(self, path=None, *, isolation_level="", check_same_thread=True,
                 cached_statements=128, read_only=False):
        self._handle = None
        self._path = None if path is None or path == ":memory:" else os.fspath(path)
        self._check_same_thread = check_same_thread
        self._thread = threading.get_ident()
        # Serializes calls on this connection when check_same_thread=False lets threads share it.
        self._lock = threading.RLock()
        self._isolation_level = _checked_isolation_level(isolation_level)
        self._statements = StatementCache(cached_statements)
        # Where runs write their output; read at once, under the lock, so cursors share it.
        self._buffer = ctypes.create_string_buffer(_OUTPUT_BUFFER)
        self._buffer_size = _OUTPUT_BUFFER
        self.row_factory = None
        self._text_factory = str
        handle, message = ctypes.c_void_p(), ctypes.c_void_p()
        load = self._path is not None and os.path.exists(self._path)
        status = lib.vibesql_open(os.fsencode(self._path) if load else None,
                                  ctypes.byref(handle), ctypes.byref(message))
        if status != _native.OK:
            text = ctypes.string_at(message).decode(errors="replace") if message.value else "cannot open"
            lib.vibesql_free(message)
            raise exception_for(status, text)
        self._handle = handle
        if read_only:
            lib.vibesql_set_readonly(handle, 1)

    @property
    def text_factory(self):
        """What a TEXT value becomes, as in sqlite3: str (the default; text that is not valid
        UTF-8 raises OperationalError), bytes, or any callable given the text's bytes."""
        return self._text_factory

    @text_factory.setter
    def text_factory(self, factory):
        self._check()
        lib.vibesql_text_as_bytes(self._handle, 0 if factory is str else 1)
        self._text_factory = factory

    # MARK: PEP 249

    def cursor(self, factory=Cursor):
        self._check()
        cursor = factory(self)
        if not isinstance(cursor, Cursor):
            raise TypeError("factory must return a vibesql Cursor")
        return cursor

    def commit(self):
        self._check()
        with self._lock:
            if self.in_transaction:
                self._exec("COMMIT")

    def rollback(self):
        self._check()
        with self._lock:
            if self.in_transaction:
                self._exec("ROLLBACK")

    def close(self):
        """Closes the connection; changes not committed or saved are lost."""
        if self._handle is None:
            return
        self._check_thread()
        with self._lock:
            self._statements.clear()
            lib.vibesql_close(self._handle)
            self._handle = None

    # MARK: sqlite3's shortcuts and context manager

    def execute(self, sql, parameters=()):
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters):
        return self.cursor().executemany(sql, seq_of_parameters)

    def executescript(self, sql_script):
        return self.cursor().executescript(sql_script)

    execute_script = executescript

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        """Commits when the block succeeded, rolls back when it raised; does not close."""
        if exc_type is None:
            self.commit()
        else:
            self.rollback()
        return False

    @property
    def in_transaction(self):
        self._check()
        return bool(lib.vibesql_in_transaction(self._handle))

    @property
    def total_changes(self):
        self._check()
        return lib.vibesql_total_changes(self._handle)

    @property
    def isolation_level(self):
        return self._isolation_level

    @isolation_level.setter
    def isolation_level(self, value):
        level = _checked_isolation_level(value)
        if level is None:
            self.commit()  # as sqlite3: autocommit from here on
        self._isolation_level = level

    def interrupt(self):
        """Makes the statement running on another thread fail with OperationalError
        ("interrupted"), its changes undone; when none runs, the next one fails so. Callable
        from any thread (it takes no lock and skips the thread check)."""
        if self._handle is None:
            raise ProgrammingError("Cannot operate on a closed database.")
        lib.vibesql_interrupt(self._handle)

    # MARK: Dumps

    @property
    def path(self):
        """The dump file this connection was opened with (None for an in-memory database)."""
        return self._path

    def dump_sql(self):
        """The whole database as a deterministic SQL dump, as this connection sees it
        (changes not yet committed included)."""
        self._check()
        with self._lock:
            text, length = ctypes.c_void_p(), ctypes.c_int64()
            status = lib.vibesql_dump(self._handle, ctypes.byref(text), ctypes.byref(length))
            if status != _native.OK:
                raise self._error(status)
            try:
                return ctypes.string_at(text, length.value).decode()
            finally:
                lib.vibesql_free(text)

    def iterdump(self):
        """The dump's statements one at a time, each ending with its ";"."""
        pending = []
        for line in self.dump_sql().splitlines():
            if not pending and (not line.strip() or line.startswith("--")):
                continue
            pending.append(line)
            text = "\n".join(pending)
            encoded = text.encode()
            if lib.vibesql_complete(encoded, len(encoded)):
                yield text
                pending = []
        if pending:
            yield "\n".join(pending)

    def save(self, path=None):
        """Writes the dump to path (default: the path given to connect), replacing the file
        atomically. Writes the database as this connection sees it, uncommitted changes too."""
        self._check()
        target = self._path if path is None else os.fspath(path)
        if target is None:
            raise ProgrammingError("save() needs a path: this connection was opened without one")
        with self._lock:
            status = lib.vibesql_save(self._handle, os.fsencode(target))
            if status != _native.OK:
                raise self._error(status)

    # MARK: Internals for cursors

    def _check(self):
        if self._handle is None:
            raise ProgrammingError("Cannot operate on a closed database.")
        self._check_thread()

    def _check_thread(self):
        if self._check_same_thread and threading.get_ident() != self._thread:
            raise ProgrammingError(
                "VibeSQL objects created in a thread can only be used in that same thread. "
                f"The object was created in thread id {self._thread} and this is thread id "
                f"{threading.get_ident()}.")

    def _statement(self, sql):
        """A prepared statement for sql (one statement), from the cache when there is one
        free; the second value says whether it belongs to the cache."""
        entries = self._statements.entries
        statement = entries.pop(sql, None) if type(sql) is str else None
        if statement is not None:
            entries[sql] = statement  # the most recently used last
            if not statement.busy:
                statement.busy = True
                return statement, True
        return self._prepare(sql)

    def _prepare(self, sql):
        """A new prepared statement for sql, kept in the cache unless one for it is there."""
        if not isinstance(sql, str):
            raise TypeError(f"the SQL must be a str, not {type(sql).__name__}")
        encoded = sql.encode("utf-8", "surrogatepass")
        if b"\x00" in encoded:
            raise ProgrammingError("the query string must not contain null characters")
        handle, tail = ctypes.c_void_p(), ctypes.c_int64()
        status = lib.vibesql_prepare(self._handle, encoded, len(encoded), ctypes.byref(handle), ctypes.byref(tail))
        if status != _native.OK:
            raise self._error(status)
        statement = Statement(handle.value, sql)
        if _has_statement(encoded[tail.value:]):
            statement.finalize()
            raise ProgrammingError("You can only execute one statement at a time.")
        cached = sql not in self._statements.entries
        if cached:
            self._statements.put(sql, statement)
        statement.busy = True
        return statement, cached

    def _begin_if_needed(self, statement):
        if statement.is_dml and self._isolation_level is not None and not lib.vibesql_in_transaction(self._handle):
            self._exec("BEGIN")

    def _run_script(self, script):
        """sqlite3's executescript: commits a pending transaction, then runs the script as
        it is (its own BEGIN and COMMIT included)."""
        if not isinstance(script, str):
            raise ValueError("script argument must be unicode.")
        with self._lock:
            if lib.vibesql_in_transaction(self._handle):
                self._exec("COMMIT")
            self._exec(script)

    def _exec(self, sql):
        encoded = sql.encode("utf-8", "surrogatepass")
        status = lib.vibesql_exec(self._handle, encoded, len(encoded))
        if status != _native.OK:
            raise self._error(status)

    def _error(self, status):
        """The exception for the connection's last error."""
        message = lib.vibesql_errmsg(self._handle).decode(errors="replace")
        kind = lib.vibesql_errkind(self._handle).decode()
        return exception_for(status, message, kind, lib.vibesql_erroffset(self._handle))

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle is not None:
            self._statements.clear()
            lib.vibesql_close(handle)
            self._handle = None


def _checked_isolation_level(value):
    if value is None:
        return None
    if not isinstance(value, str) or value.upper() not in _ISOLATION_LEVELS:
        raise ValueError(f"isolation_level must be None or one of {', '.join(map(repr, _ISOLATION_LEVELS))}")
    return value


def _has_statement(rest):
    """True when text after a statement holds more than blanks, ";" and comments."""
    i, n = 0, len(rest)
    while i < n:
        c = rest[i:i + 1]
        if c in b" \t\r\n\f\v;":
            i += 1
        elif rest.startswith(b"--", i):
            end = rest.find(b"\n", i)
            i = n if end < 0 else end + 1
        elif rest.startswith(b"/*", i):
            end = rest.find(b"*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            return True
    return False
