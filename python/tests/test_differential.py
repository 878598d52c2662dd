"""The same SQL through vibesql and through the standard library's sqlite3, compared: rows,
column names, rowcount, lastrowid, transactions and the classes of errors."""
import sqlite3

import pytest

import vibesql

MODULES = (sqlite3, vibesql)


def both(scenario):
    """Runs scenario(module, connection) with each module; returns the two results."""
    results = []
    for module in MODULES:
        connection = module.connect(":memory:")
        try:
            results.append(scenario(module, connection))
        finally:
            connection.close()
    return results


def observe(cursor):
    """What a cursor shows after execute: column names, rows (when any), rowcount, lastrowid."""
    names = None if cursor.description is None else [d[0] for d in cursor.description]
    rows = cursor.fetchall() if cursor.description is not None else None
    return names, rows, cursor.rowcount, cursor.lastrowid


STATEMENTS = [
    ("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL, data BLOB)", ()),
    ("INSERT INTO t(name, score) VALUES ('a', 1.5)", ()),
    ("INSERT INTO t(name, score, data) VALUES (?, ?, ?)", ("b", 2, b"\x00\x01")),
    ("INSERT INTO t(name) VALUES ('c'), ('d'), ('e')", ()),
    ("INSERT INTO t(id, name) VALUES (:id, :name)", {"id": 100, "name": "f"}),
    ("INSERT OR REPLACE INTO t(id, name) VALUES (100, 'g')", ()),
    ("UPDATE t SET score = score * 2 WHERE score IS NOT NULL", ()),
    ("UPDATE t SET name = upper(name) WHERE id > 1000", ()),
    ("DELETE FROM t WHERE name IN ('c', 'd')", ()),
    ("SELECT id, name AS label, score, data, typeof(score) FROM t ORDER BY id", ()),
    ("SELECT count(*), sum(score), max(name) FROM t", ()),
    ("SELECT ?1 + ?2, ?2", (3, 4)),
    ("SELECT * FROM t WHERE id = ?", (999,)),
    ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5) SELECT x FROM c", ()),
    ("CREATE INDEX t_name ON t(name)", ()),
    ("DROP INDEX t_name", ()),
]


def test_statements_rows_names_rowcount_lastrowid():
    def scenario(module, connection):
        cursor = connection.cursor()
        return [observe(cursor.execute(sql, params)) for sql, params in STATEMENTS]
    sqlite_result, vibesql_result = both(scenario)
    for (sql, _), expected, actual in zip(STATEMENTS, sqlite_result, vibesql_result):
        assert actual == expected, sql


def test_executemany_rowcount_and_generators():
    def scenario(module, connection):
        cursor = connection.cursor()
        cursor.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v)")
        seen = [cursor.lastrowid]
        cursor.executemany("INSERT INTO t(v) VALUES (?)", ((i * 10,) for i in range(5000)))
        seen.append((cursor.rowcount, cursor.lastrowid))
        cursor.executemany("UPDATE t SET v = v + 1 WHERE id = :id", [{"id": 1}, {"id": 2}, {"id": 99999}])
        seen.append(cursor.rowcount)
        cursor.executemany("DELETE FROM t WHERE id > ?", iter([(4990,), (4000,)]))
        seen.append(cursor.rowcount)
        seen.append(cursor.execute("SELECT count(*), sum(v) FROM t").fetchall())
        return seen
    expected, actual = both(scenario)
    assert actual == expected


def test_values_both_ways():
    values = [0, 1, -1, 2**31, -2**31 - 1, 2**63 - 1, -2**63, 0.5, -1e300, 1e-300, float("inf"),
              "", "text", "naïve ☃ 𝄞", "a\nb'c\"", b"", b"\x00\xff", None, True, False]

    def scenario(module, connection):
        out = []
        for value in values:
            out.append(connection.execute("SELECT ?, typeof(?)", (value, value)).fetchone())
        connection.execute("CREATE TABLE v(x)")
        connection.executemany("INSERT INTO v VALUES (?)", [(v,) for v in values])
        out.append(connection.execute("SELECT x, typeof(x) FROM v ORDER BY rowid").fetchall())
        return out
    expected, actual = both(scenario)
    assert actual == expected


def test_fetchmany_arraysize_and_iteration():
    def scenario(module, connection):
        cursor = connection.execute(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) SELECT x, x * x FROM c")
        first = cursor.fetchone()
        cursor.arraysize = 7
        some = cursor.fetchmany()
        more = cursor.fetchmany(100)
        rest = list(cursor)
        return first, some, more, rest, cursor.fetchone(), cursor.fetchall()
    expected, actual = both(scenario)
    assert actual == expected


def test_implicit_transactions_commit_and_rollback():
    def scenario(module, connection):
        log = []
        connection.execute("CREATE TABLE t(x)")
        log.append(connection.in_transaction)          # DDL opens none
        connection.execute("INSERT INTO t VALUES (1)")
        log.append(connection.in_transaction)          # DML opens one
        connection.rollback()
        log.append(connection.execute("SELECT count(*) FROM t").fetchone())
        connection.execute("INSERT INTO t VALUES (2)")
        connection.commit()
        connection.rollback()
        log.append(connection.execute("SELECT x FROM t").fetchall())
        with connection:
            connection.execute("INSERT INTO t VALUES (3)")
        log.append(connection.in_transaction)
        try:
            with connection:
                connection.execute("INSERT INTO t VALUES (4)")
                raise KeyError("leave the block")
        except KeyError:
            pass
        log.append(connection.execute("SELECT x FROM t ORDER BY x").fetchall())
        connection.execute("INSERT INTO t VALUES (5)")
        connection.executescript("INSERT INTO t VALUES (6); INSERT INTO t VALUES (7);")
        log.append(connection.in_transaction)          # executescript committed first
        connection.rollback()
        log.append(connection.execute("SELECT count(*) FROM t").fetchone())
        connection.isolation_level = None              # autocommit from now on
        connection.execute("INSERT INTO t VALUES (8)")
        log.append(connection.in_transaction)
        connection.execute("BEGIN")
        connection.execute("DELETE FROM t")
        connection.execute("ROLLBACK")
        log.append(connection.execute("SELECT count(*) FROM t").fetchone())
        return log
    expected, actual = both(scenario)
    assert actual == expected


ERRORS = [
    ("SELEC 1", ()),
    ("SELECT * FROM missing", ()),
    ("SELECT nope FROM t", ()),
    ("INSERT INTO t VALUES (1, 'dup')", ()),
    ("INSERT INTO t(id) VALUES (5)", ()),
    ("INSERT INTO t VALUES (6, 'x', 'y')", ()),
    ("CREATE TABLE t(a)", ()),
    ("SELECT ?", ()),
    ("SELECT ?", (1, 2)),
    ("SELECT :a", {"b": 1}),
    ("SELECT 1; SELECT 2", ()),
    ("COMMIT", ()),
    ("SELECT abs(-9223372036854775808)", ()),
    ("SELECT ?", (2**64,)),
]


@pytest.mark.parametrize("sql, params", ERRORS)
def test_error_classes(sql, params):
    def scenario(module, connection):
        connection.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        connection.execute("INSERT INTO t VALUES (1, 'dup')")
        connection.commit()
        try:
            connection.execute(sql, params)
        except Exception as error:  # the class is what is compared
            return type(error).__name__, connection.execute("SELECT count(*) FROM t").fetchone()
        return None
    expected, actual = both(scenario)
    assert expected is not None, f"sqlite3 accepted {sql}"
    assert actual == expected


def test_executemany_refuses_queries_and_stops_at_a_failing_set():
    def scenario(module, connection):
        connection.execute("CREATE TABLE t(x UNIQUE)")
        out = []
        try:
            connection.executemany("SELECT ?", [(1,)])
        except Exception as error:
            out.append(type(error).__name__)
        try:
            connection.executemany("INSERT INTO t VALUES (?)", [(1,), (2,), (1,), (3,)])
        except Exception as error:
            out.append(type(error).__name__)
        out.append(connection.execute("SELECT x FROM t ORDER BY x").fetchall())
        return out
    expected, actual = both(scenario)
    assert actual == expected
