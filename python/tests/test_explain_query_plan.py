"""EXPLAIN QUERY PLAN through the module: rows of (id, parent, notused, detail) as the standard
library's sqlite3 gives them, and for single-table queries the same detail texts and tree shape
as sqlite3 (ids differ: SQLite's are its bytecode addresses, ours count the lines)."""
import sqlite3

import pytest

import vibesql

SCHEMA = """
CREATE TABLE t(a, b, c);
CREATE INDEX ta ON t(a);
CREATE TABLE u(x INTEGER PRIMARY KEY, y TEXT, z);
CREATE INDEX uy ON u(y);
INSERT INTO t VALUES (1, 2, 3), (4, 5, 6);
INSERT INTO u(y, z) VALUES ('a', 1), ('b', 2);
"""

# Single-table shapes where this engine reads the table as SQLite does.
SAME_AS_SQLITE = [
    "SELECT * FROM t",
    "SELECT a FROM t",
    "SELECT * FROM t WHERE a = 1",
    "SELECT * FROM t WHERE a IN (1, 2)",
    "SELECT a FROM t WHERE a > 1",
    "SELECT * FROM t WHERE a > 1 AND a < 5",
    "SELECT * FROM t WHERE a BETWEEN 1 AND 4",
    "SELECT * FROM t WHERE b = 2",
    "SELECT * FROM t WHERE a = ? AND b = ?",
    "SELECT * FROM u WHERE x = 1",
    "SELECT * FROM u WHERE x > 1 AND x < 9",
    "SELECT * FROM u WHERE y = 'a'",
    "SELECT * FROM t ORDER BY a",
    "SELECT * FROM t ORDER BY b",
    "SELECT * FROM t WHERE a = 1 ORDER BY c",
    "SELECT DISTINCT b FROM t",
    "SELECT b, count(*) FROM t GROUP BY b",
    "SELECT * FROM t NOT INDEXED WHERE a = 1",
    "SELECT * FROM t INDEXED BY ta",
    "SELECT (SELECT max(z) FROM u WHERE u.x = t.b) FROM t",
    "SELECT 1 UNION ALL SELECT 2",
    "UPDATE t SET b = 1 WHERE a = 2",
    "DELETE FROM u WHERE x = 3",
]


def plan(module, sql):
    connection = module.connect(":memory:")
    try:
        connection.executescript(SCHEMA)
        cursor = connection.execute("EXPLAIN QUERY PLAN " + sql, (1, 2) if "?" in sql else ())
        names = [d[0] for d in cursor.description]
        return names, cursor.fetchall()
    finally:
        connection.close()


def shape(rows):
    """Each line's detail with the details of the lines above it, ids left out."""
    detail = {row[0]: row[3] for row in rows}
    parent = {row[0]: row[1] for row in rows}
    out = []
    for row in rows:
        path, at = [row[3]], row[1]
        while at:
            path.append(detail.get(at, "?"))
            at = parent.get(at, 0)
        out.append(tuple(reversed(path)))
    return out


@pytest.mark.parametrize("sql", SAME_AS_SQLITE)
def test_detail_and_tree_equal_sqlite3(sql):
    names, ours = plan(vibesql, sql)
    theirs_names, theirs = plan(sqlite3, sql)
    assert names == theirs_names == ["id", "parent", "notused", "detail"]
    assert shape(ours) == shape(theirs)


def test_rows_are_tuples_of_four():
    _, rows = plan(vibesql, "SELECT (SELECT max(z) FROM u WHERE u.x = t.b) FROM t ORDER BY b")
    assert rows == [
        (1, 0, 0, "SCAN t"),
        (2, 0, 0, "CORRELATED SCALAR SUBQUERY 1"),
        (3, 2, 0, "SEARCH u USING INTEGER PRIMARY KEY (rowid=?)"),
        (4, 0, 0, "USE TEMP B-TREE FOR ORDER BY"),
    ]


def test_plain_explain_is_refused():
    connection = vibesql.connect(":memory:")
    with pytest.raises(vibesql.Error, match="use EXPLAIN QUERY PLAN"):
        connection.execute("EXPLAIN SELECT 1")
