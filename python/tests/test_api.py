"""The module's own behaviour where no comparison with sqlite3 decides it: types in and out,
the errors' details, cursors sharing a statement, schema changes, read-only, big results."""
import datetime
import decimal
import enum

import pytest

import vibesql


@pytest.fixture
def db():
    connection = vibesql.connect()
    yield connection
    connection.close()


def test_module_globals():
    assert vibesql.apilevel == "2.0"
    assert vibesql.threadsafety == 1
    assert vibesql.paramstyle == "qmark"
    assert issubclass(vibesql.IntegrityError, vibesql.DatabaseError)
    assert issubclass(vibesql.DatabaseError, vibesql.Error)
    assert vibesql.complete_statement("SELECT 1;") and not vibesql.complete_statement("SELECT 'a;")


@pytest.mark.parametrize("value", [[1], {"a": 1}, datetime.date(2024, 1, 2), decimal.Decimal("1.5"), object(), 1j])
def test_unsupported_values_are_a_type_error_naming_the_parameter(db, value):
    with pytest.raises(TypeError, match=r"parameter 2: type '\w+' is not supported"):
        db.execute("SELECT ?, ?", (1, value))
    db.execute("CREATE TABLE t(a, b)")
    with pytest.raises(TypeError, match="is not supported"):
        db.executemany("INSERT INTO t VALUES (?, ?)", [(1, 2), (3, value)])


def test_subclasses_of_the_value_types_are_taken_as_their_base(db):
    class Color(enum.IntEnum):
        RED = 7

    class Name(str):
        pass
    assert db.execute("SELECT ?, typeof(?), ?, ?", (Color.RED, Color.RED, Name("x"), bytearray(b"ab"))).fetchone() == (
        7, "integer", "x", b"ab")
    assert db.execute("SELECT ?", (float("nan"),)).fetchone() == (None,)


def test_named_parameters_with_every_prefix(db):
    row = db.execute("SELECT :a, @b, $c, :a", {"a": 1, "b": "two", "c": None}).fetchone()
    assert row == (1, "two", None, 1)
    with pytest.raises(vibesql.ProgrammingError, match="has no name"):
        db.execute("SELECT ?, :a", {"a": 1})


def test_description_type_codes_are_declared_types(db):
    db.execute("CREATE TABLE t(i INTEGER, v VARCHAR(20), r DOUBLE, b BLOB, d DATETIME, n)")
    cursor = db.execute("SELECT i, v, r, b, d, n, i + 1 AS e FROM t")
    codes = [column[1] for column in cursor.description]
    assert codes == ["INTEGER", "VARCHAR(20)", "DOUBLE", "BLOB", "DATETIME", None, None]
    assert codes[0] == vibesql.NUMBER and codes[1] == vibesql.STRING and codes[2] == vibesql.NUMBER
    assert codes[3] == vibesql.BINARY and codes[4] == vibesql.DATETIME and codes[1] != vibesql.NUMBER
    assert [column[0] for column in cursor.description] == ["i", "v", "r", "b", "d", "n", "e"]


def test_fetching_without_a_result_set_is_an_error(db):
    cursor = db.cursor()
    with pytest.raises(vibesql.ProgrammingError):
        cursor.fetchone()
    cursor.execute("CREATE TABLE t(x)")
    with pytest.raises(vibesql.ProgrammingError):
        cursor.fetchall()
    assert cursor.execute("   -- only a comment\n").description is None
    assert cursor.rowcount == -1


def test_closed_cursor_and_connection(db):
    cursor = db.cursor()
    cursor.close()
    with pytest.raises(vibesql.ProgrammingError, match="closed cursor"):
        cursor.execute("SELECT 1")
    other = vibesql.connect()
    live = other.cursor()
    other.close()
    with pytest.raises(vibesql.ProgrammingError, match="closed database"):
        live.execute("SELECT 1")


def test_errors_carry_kind_code_and_offset(db):
    with pytest.raises(vibesql.OperationalError) as info:
        db.execute("SELECT 1 +\n  FROM")
    assert info.value.kind == "syntax"
    assert info.value.sqlite_errorcode == 1 and info.value.sqlite_errorname == "SQLITE_ERROR"
    assert info.value.offset == len("SELECT 1 +\n  ")
    db.execute("CREATE TABLE t(x CHECK (x > 0))")
    with pytest.raises(vibesql.IntegrityError) as info:
        db.execute("INSERT INTO t VALUES (-1)")
    assert info.value.kind == "constraint" and info.value.sqlite_errorcode == 19


def test_two_cursors_running_the_same_sql_keep_their_own_rows(db):
    sql = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500) SELECT x FROM c WHERE x >= ?"
    first = db.execute(sql, (1,))
    assert first.fetchone() == (1,)
    second = db.execute(sql, (400,))
    assert second.fetchone() == (400,)
    assert len(first.fetchall()) == 499
    assert len(second.fetchall()) == 100


def test_a_cached_statement_sees_schema_changes(db):
    db.execute("CREATE TABLE t(a)")
    db.execute("INSERT INTO t VALUES (1)")
    assert [d[0] for d in db.execute("SELECT * FROM t").description] == ["a"]
    db.execute("ALTER TABLE t ADD COLUMN b DEFAULT 2")
    cursor = db.execute("SELECT * FROM t")
    assert [d[0] for d in cursor.description] == ["a", "b"] and cursor.fetchall() == [(1, 2)]


def test_read_only_connection_refuses_writes(tmp_path):
    path = tmp_path / "r.sql"
    writer = vibesql.connect(path)
    writer.execute("CREATE TABLE t(x)")
    writer.save()
    reader = vibesql.Connection(path, read_only=True)
    assert reader.execute("SELECT count(*) FROM t").fetchone() == (0,)
    with pytest.raises(vibesql.OperationalError, match="readonly"):
        reader.execute("INSERT INTO t VALUES (1)")


def test_a_large_result_comes_whole_in_batches(db):
    db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, s TEXT)")
    db.executemany("INSERT INTO t(s) VALUES (?)", (("row %d" % i,) for i in range(150000)))
    rows = db.execute("SELECT id, s FROM t ORDER BY id").fetchall()
    assert len(rows) == 150000 and rows[0] == (1, "row 0") and rows[-1] == (150000, "row 149999")
    cursor = db.execute("SELECT id FROM t")
    assert sum(1 for _ in cursor) == 150000


def test_first_rows_longer_than_the_connection_buffer_come_whole(db):
    # A run's first rows come back in a buffer of the connection; longer ones take a second call.
    big_text, big_blob = "x" * 100_000 + "end", bytes(range(256)) * 400
    db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, s TEXT, b BLOB)")
    db.execute("INSERT INTO t VALUES (1, ?, ?), (2, 'small', x'00')", (big_text, big_blob))
    cursor = db.execute("SELECT id, s, b FROM t ORDER BY id")
    assert cursor.fetchone() == (1, big_text, big_blob) and cursor.fetchone() == (2, "small", b"\x00")
    assert db.execute("SELECT s FROM t WHERE id = ?", (2,)).fetchall() == [("small",)]
    assert db.execute("SELECT length(s) FROM t WHERE id = ?", (1,)).fetchone() == (100_003,)


def test_executemany_with_sets_of_other_sequence_types(db):
    # Sets that are not tuples, lists or dicts are normalized before they are handed over.
    class Pair:
        def __init__(self, *values): self.values = values
        def __len__(self): return len(self.values)
        def __getitem__(self, i): return self.values[i]
    import collections.abc
    collections.abc.Sequence.register(Pair)
    db.execute("CREATE TABLE t(a, b)")
    db.executemany("INSERT INTO t VALUES (?, ?)", [(1, "a"), [2, "b"], Pair(3, "c"), "de"])
    assert db.execute("SELECT a, b FROM t ORDER BY rowid").fetchall() == [(1, "a"), (2, "b"), (3, "c"), ("d", "e")]


def test_save_without_a_path_is_an_error(db):
    with pytest.raises(vibesql.ProgrammingError, match="path"):
        db.save()
