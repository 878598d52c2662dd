"""Text that is not valid UTF-8 (CAST(x'ff' AS TEXT)) through vibesql and through the standard
library's sqlite3, compared: fetching it raises the same error by default, text_factory gets its
bytes, a str with lone surrogates is refused, and a dump of it loads to the same bytes in the
vibesql shell, the sqlite3 shell and back in Python (and a sqlite3 dump of it in vibesql)."""
import sqlite3
import subprocess

import vibesql
from test_differential import both


def outcome(call):
    """call()'s result, or its exception's class name and message."""
    try:
        return call()
    except Exception as error:  # the class and the text are what is compared
        return type(error).__name__, str(error)


def test_fetching_text_that_is_not_utf8_raises_as_sqlite3_does():
    def scenario(module, db):
        return [outcome(lambda: db.execute("SELECT CAST(x'41ff' AS TEXT) AS a").fetchall()),
                outcome(lambda: db.execute("SELECT 1 AS n, CAST(x'c3' AS TEXT) AS second").fetchall()),
                # Valid text and the bytes' hex still come back.
                db.execute("SELECT hex(CAST(x'41ff' AS TEXT)), 'é', CAST(x'c3a9' AS TEXT)").fetchall()]
    in_sqlite, in_vibesql = both(scenario)
    assert in_sqlite[0][0] == "OperationalError"
    assert in_vibesql == in_sqlite


def test_text_factory_bytes_and_callables_get_the_bytes():
    query = "SELECT CAST(x'41ff' AS TEXT), 'é', x'ff', 1, NULL, CAST(x'00ff' AS TEXT)"

    def scenario(module, db):
        db.text_factory = bytes
        as_bytes = db.execute(query).fetchall()
        db.text_factory = lambda b: b.decode("latin-1")
        decoded = db.execute(query).fetchall()
        db.text_factory = str
        back = outcome(lambda: db.execute(query).fetchall())
        return as_bytes, decoded, back, db.text_factory is str
    in_sqlite, in_vibesql = both(scenario)
    assert in_sqlite[0] == [(b"A\xff", "é".encode(), b"\xff", 1, None, b"\x00\xff")]
    assert in_vibesql == in_sqlite


def test_text_factory_applies_to_rows_fetched_in_later_batches():
    def scenario(module, db):
        db.execute("CREATE TABLE t(x TEXT)")
        db.executemany("INSERT INTO t VALUES (CAST(? AS TEXT))", [(bytes([0x61, 0x80 + i % 64]),) for i in range(500)])
        db.text_factory = bytes
        cursor = db.execute("SELECT x FROM t ORDER BY rowid")
        return cursor.fetchone(), cursor.fetchmany(3), len(cursor.fetchall())
    in_sqlite, in_vibesql = both(scenario)
    assert in_vibesql == in_sqlite


def test_text_that_is_not_utf8_is_stored_and_compared_by_its_bytes():
    def scenario(module, db):
        db.execute("CREATE TABLE t(a TEXT UNIQUE)")
        db.execute("INSERT INTO t VALUES (CAST(? AS TEXT))", (b"\xff",))
        db.execute("INSERT INTO t VALUES (CAST(? AS TEXT))", (b"\xfe",))
        duplicate = outcome(lambda: db.execute("INSERT INTO t VALUES (CAST(x'ff' AS TEXT))"))
        return (type(duplicate).__name__ if not isinstance(duplicate, tuple) else duplicate[0],
                db.execute("SELECT hex(a), typeof(a), length(a) FROM t ORDER BY a").fetchall(),
                db.execute("SELECT count(DISTINCT a), count(*) FROM t").fetchall())
    in_sqlite, in_vibesql = both(scenario)
    assert in_sqlite[0] == "IntegrityError"
    assert in_vibesql == in_sqlite


def test_a_str_with_lone_surrogates_is_refused_as_sqlite3_refuses_it():
    def scenario(module, db):
        db.execute("CREATE TABLE t(x)")
        one = outcome(lambda: db.execute("SELECT ?", ("a\udcff",)).fetchall())
        many = outcome(lambda: db.executemany("INSERT INTO t VALUES (?)", [("ok",), ("b\ud800",)]))
        return one, many
    in_sqlite, in_vibesql = both(scenario)
    assert in_sqlite[0][0] == "UnicodeEncodeError"
    assert in_vibesql == in_sqlite


QUERY = "SELECT hex(a), typeof(a), hex(b), typeof(b) FROM t ORDER BY rowid;"
ROWS = [(b"\xff",), (b"A\xff\nB",), (b"it's \xc3",), (b"\xed\xa0\x80",), (b"ok",)]


def fill(db):
    db.execute("CREATE TABLE t(a TEXT, b)")
    db.executemany("INSERT INTO t VALUES (CAST(?1 AS TEXT), ?1)", ROWS)
    db.commit()


def test_a_dump_of_such_text_reloads_to_the_same_bytes_in_both_shells(tmp_path, vibesql_shell, sqlite3_shell):
    reference = sqlite3.connect(":memory:")
    fill(reference)
    expected = "".join("|".join(str(v) for v in row) + "\n" for row in reference.execute(QUERY))

    path = tmp_path / "bytes.sql"
    db = vibesql.connect(path)
    fill(db)
    db.save()
    in_vibesql = subprocess.run([vibesql_shell, "--format", "list", "-c", QUERY, str(path)],
                                capture_output=True, text=True, check=True).stdout
    in_sqlite = subprocess.run([sqlite3_shell, ":memory:"], input=f".read {path}\n{QUERY}\n",
                               capture_output=True, text=True, check=True).stdout
    assert in_sqlite == expected
    assert in_vibesql == expected
    assert vibesql.connect(path).execute(QUERY).fetchall() == reference.execute(QUERY).fetchall()


def test_a_sqlite3_dump_with_raw_bytes_loads_to_the_same_bytes(tmp_path, vibesql_shell, sqlite3_shell):
    reference = sqlite3.connect(":memory:")
    fill(reference)
    made = tmp_path / "made.db"
    source = sqlite3.connect(made)
    fill(source)
    source.close()
    # sqlite3's .dump writes the bytes raw inside quotes.
    dump = subprocess.run([sqlite3_shell, str(made), ".dump"], capture_output=True, check=True).stdout
    assert b"'\xff'" in dump
    path = tmp_path / "from_sqlite3.sql"
    path.write_bytes(dump)
    expected = reference.execute(QUERY).fetchall()
    assert vibesql.connect(path).execute(QUERY).fetchall() == expected
    opened = subprocess.run([vibesql_shell, "--format", "list", "-c", QUERY, str(path)],
                            capture_output=True, text=True, check=True).stdout
    piped = subprocess.run([vibesql_shell, "--format", "list"], input=dump + QUERY.encode() + b"\n",
                           capture_output=True, check=True).stdout.decode()
    lines = "".join("|".join(str(v) for v in row) + "\n" for row in expected)
    assert opened == lines
    assert piped == lines


def test_the_shell_prints_the_bytes_as_sqlite3_does(vibesql_shell, sqlite3_shell):
    query = b"SELECT CAST(x'41ff' AS TEXT), 'x', x'fe00ff';\n"
    for mode in ("list", "csv", "json"):
        in_vibesql = subprocess.run([vibesql_shell, "--format", mode], input=query, capture_output=True, check=True).stdout
        in_sqlite = subprocess.run([sqlite3_shell, "-" + mode, ":memory:"], input=query, capture_output=True, check=True).stdout
        if mode == "csv":
            in_vibesql = in_vibesql.split(b"\n", 1)[1]  # vibesql writes a header line
        assert in_vibesql == in_sqlite, mode
