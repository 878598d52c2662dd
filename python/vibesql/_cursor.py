"""Cursors: execute, executemany, fetching, description, rowcount and lastrowid, as PEP 249
and CPython's sqlite3 define them."""
import ctypes
import itertools
import marshal
from threading import get_ident as _get_ident

from . import _native, _parameters
from ._exceptions import ProgrammingError
from ._native import BUFFER as _BUFFER, OK as _OK, RUN_MAX_BYTES as _RUN_MAX_BYTES, lib, run_pymarshal as _run
from ._parameters import encode as _encode

# Rows read per call: the first call of execute() hands over a few (a point query needs one),
# later calls many more.
_FIRST_BATCH = 64
_BATCH = 65536
# Parameter sets of executemany() handed over per call.
_MANY_CHUNK = 2048


class Cursor:
    """A cursor of a Connection. Rows come in batches from the engine; the statement ran in
    full at execute(), so fetching raises no errors of the statement."""

    def __init__(self, connection):
        from ._connection import Connection
        if not isinstance(connection, Connection):
            raise TypeError("Cursor() needs a vibesql Connection")
        self._connection = connection
        self.arraysize = 1
        self.description = None
        self.rowcount = -1
        self.lastrowid = None
        self.row_factory = connection.row_factory
        self._closed = False
        self._statement = None
        self._statement_cached = True
        self._rows = []
        self._position = 0
        self._more = False

    @property
    def connection(self):
        return self._connection

    # MARK: Running

    def execute(self, sql, parameters=()):
        """Runs sql with parameters; its first rows come back with the run. The hot path of
        point queries: one foreign call and one marshal.loads, no call it can avoid."""
        connection = self._connection
        shared = not connection._check_same_thread
        if self._closed or connection._handle is None or (not shared and _get_ident() != connection._thread):
            self._check()
        if shared:
            connection._lock.acquire()
        try:
            if self._statement is not None:
                self._release()
            statement, cached = connection._statement(sql)
            self._statement, self._statement_cached = statement, cached
            pointer = statement.pointer
            if pointer is None:
                self._rows, self._position, self._more = [], 0, False
                self.description, self.rowcount = None, -1
                self._release()
                return self
            try:
                params = _encode(parameters) if statement.parameter_count or parameters else b""
            except BaseException:
                self._release()  # the statement stays free for the next execute
                raise
            if statement.is_dml:
                connection._begin_if_needed(statement)
            size = len(params)
            if size > _RUN_MAX_BYTES:
                self._release()
                raise OverflowError(f"a parameter set of {size:,} bytes is too big to hand over")
            buffer = connection._buffer
            status = _run(pointer, params, size, _FIRST_BATCH, buffer, connection._buffer_size)
            if status == _OK:
                more, changes, rowid, version, rows = marshal.loads(buffer)
            elif status == _BUFFER:
                more, changes, rowid, version, rows = _pending_output(statement)
            else:
                self._release()
                if status == _native.TYPE:
                    _parameters.check_types(parameters)
                elif status == _native.ENCODING:
                    _parameters.check_encoding(parameters)
                raise connection._error(status)
            if connection._text_factory is not str and rows:
                rows = _parameters.texts_from_bytes(rows, connection._text_factory)
            self._rows, self._position, self._more = rows, 0, more
            self.rowcount = changes if statement.is_dml else -1
            self.lastrowid = rowid
            self.description = (statement._description if version == statement._description_version
                                else statement.description(version))
            if more:
                statement.busy = True
            else:
                self._statement = None
                statement.busy = False
                if not cached:
                    statement.finalize()
            return self
        finally:
            if shared:
                connection._lock.release()

    def executemany(self, sql, seq_of_parameters):
        """Runs sql once per parameter set of any iterable (generators too), handing the sets
        over in chunks; rowcount is the rows they changed together."""
        connection = self._check()
        with connection._lock:
            self._release()
            statement, cached = connection._statement(sql)
            self._statement, self._statement_cached = statement, cached
            if statement.is_query:
                self._release()
                raise ProgrammingError("executemany() can only execute DML statements.")
            connection._begin_if_needed(statement)
            self.description = None
            self._rows, self._position, self._more = [], 0, False
            total = 0
            iterator = iter(seq_of_parameters)
            try:
                while True:
                    chunk = list(itertools.islice(iterator, _MANY_CHUNK))
                    if not chunk:
                        break
                    total += self._execute_chunk(connection, statement, chunk)
            finally:
                self._release()
            self.rowcount = total if statement.is_dml else -1
        return self

    def _execute_chunk(self, connection, statement, chunk):
        data = _parameters.encode_many(chunk)
        changes, rowid, failed = ctypes.c_int64(), ctypes.c_int64(), ctypes.c_int64()
        status = lib.vibesql_executemany_pymarshal(
            statement.handle, data, len(data), ctypes.byref(changes), ctypes.byref(rowid), ctypes.byref(failed))
        if status == _native.TYPE and 0 <= failed.value < len(chunk):
            _parameters.check_types(chunk[failed.value])
        if status == _native.ENCODING and 0 <= failed.value < len(chunk):
            _parameters.check_encoding(chunk[failed.value])
        if status != _native.OK:
            raise connection._error(status)
        return changes.value

    def executescript(self, sql_script):
        connection = self._check()
        connection._run_script(sql_script)
        self._release()
        self.description = None
        self.rowcount = -1
        self._rows, self._position, self._more = [], 0, False
        return self

    execute_script = executescript

    # MARK: Fetching

    def fetchone(self):
        if self._closed or self.description is None:
            self._check_result_set()
        connection = self._connection
        if connection._handle is None or (connection._check_same_thread and _get_ident() != connection._thread):
            connection._check()
        position = self._position
        if position >= len(self._rows):
            if not self._fetch_more(_BATCH):
                return None
            position = 0
        row = self._rows[position]
        self._position = position + 1
        factory = self.row_factory
        return row if factory is None else factory(self, row)

    def fetchmany(self, size=None):
        self._check_result_set()
        size = self.arraysize if size is None else size
        result = []
        while len(result) < size:
            if self._position >= len(self._rows) and not self._fetch_more(_BATCH):
                break
            take = self._rows[self._position:self._position + size - len(result)]
            self._position += len(take)
            result.extend(take)
        return self._shape_all(result)

    def fetchall(self):
        self._check_result_set()
        result = self._rows[self._position:] if self._position else self._rows
        self._rows, self._position = [], 0
        while self._fetch_more(_BATCH * 16):
            result.extend(self._rows)
            self._rows = []
        return self._shape_all(result)

    def __iter__(self):
        return self

    def __next__(self):
        row = self.fetchone()
        if row is None:
            raise StopIteration
        return row

    def _fetch_more(self, count):
        """Reads the next batch of rows into the buffer; False when there are no more."""
        if not self._more or self._statement is None:
            return False
        connection = self._connection
        with connection._lock:
            rows, rows_length = ctypes.c_void_p(), ctypes.c_int64()
            status = lib.vibesql_fetch_pymarshal(self._statement.handle, count, ctypes.byref(rows), ctypes.byref(rows_length))
            if status not in (_native.ROW, _native.DONE):
                self._release()
                raise connection._error(status)
            self._rows = marshal.loads(ctypes.string_at(rows, rows_length.value))
            if connection._text_factory is not str:
                self._rows = _parameters.texts_from_bytes(self._rows, connection._text_factory)
            self._position = 0
            self._more = status == _native.ROW
            if not self._more:
                self._release()
        return bool(self._rows)

    def _shape(self, row):
        factory = self.row_factory
        return row if factory is None else factory(self, row)

    def _shape_all(self, rows):
        factory = self.row_factory
        return rows if factory is None else [factory(self, row) for row in rows]

    # MARK: The rest of PEP 249

    def setinputsizes(self, sizes):
        pass

    def setoutputsize(self, size, column=None):
        pass

    def close(self):
        if not self._closed:
            self._release()
            self._rows, self._position, self._more = [], 0, False
            self._closed = True

    def _release(self):
        """Gives the statement back: a cached one for reuse, an uncached one finalized."""
        statement, self._statement = self._statement, None
        self._more = False
        if statement is not None:
            statement.busy = False
            if not self._statement_cached:
                statement.finalize()

    def _check_result_set(self):
        """PEP 249: fetching raises Error when the last execute produced no result set (or
        none ran). (CPython's sqlite3 returns None or [] instead.)"""
        self._check()
        if self.description is None:
            raise ProgrammingError("no result set: the last execute() ran no statement that returns rows")

    def _check(self):
        if self._closed:
            raise ProgrammingError("Cannot operate on a closed cursor.")
        connection = self._connection
        connection._check()
        return connection


def _pending_output(statement):
    """The output of a run too long for the connection's buffer, from the engine's own."""
    data, length = ctypes.c_void_p(), ctypes.c_int64()
    lib.vibesql_output_pymarshal(statement.handle, ctypes.byref(data), ctypes.byref(length))
    return marshal.loads(ctypes.string_at(data, length.value))
