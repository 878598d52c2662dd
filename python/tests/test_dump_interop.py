"""A dump saved from Python loads in the vibesql shell and in the sqlite3 shell with the same
rows; connect(path) loads a dump, save() writes it back."""
import subprocess

import vibesql

QUERY = "SELECT id, name, score, hex(data), typeof(score) FROM items ORDER BY id;"


def make_dump(path):
    db = vibesql.connect(path)
    db.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL, data BLOB)")
    db.execute("CREATE INDEX items_name ON items(name)")
    db.executemany("INSERT INTO items(name, score, data) VALUES (?, ?, ?)", [
        ("plain", 1.5, b"\x00\x01"),
        ("it's \"quoted\"", -2.0, None),
        ("line\nbreak", None, b""),
        ("naïve ☃", 1e100, b"\xff"),
    ])
    db.commit()
    db.save()
    db.close()


def test_saved_dump_loads_in_both_shells_with_the_same_rows(tmp_path, vibesql_shell, sqlite3_shell):
    path = tmp_path / "items.sql"
    make_dump(path)
    in_vibesql = subprocess.run([vibesql_shell, "--format", "list", "-c", QUERY, str(path)],
                                capture_output=True, text=True, check=True).stdout
    in_sqlite = subprocess.run([sqlite3_shell, ":memory:"], input=f".read {path}\n.mode list\n{QUERY}\n",
                               capture_output=True, text=True, check=True).stdout
    assert in_sqlite.count("\n") == 5  # the four rows (one holds a line break)
    assert in_vibesql == in_sqlite
    # And back through Python.
    reopened = vibesql.connect(path)
    assert [r[0] for r in reopened.execute("SELECT name FROM items ORDER BY id")] == [
        "plain", "it's \"quoted\"", "line\nbreak", "naïve ☃"]


def test_connect_loads_an_existing_dump_and_save_writes_it_back(tmp_path):
    path = tmp_path / "db.sql"
    db = vibesql.connect(str(path))            # no file yet: an empty database
    assert db.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    db.executescript("CREATE TABLE t(x); INSERT INTO t VALUES (1), (2);")
    assert not path.exists()                   # nothing is written until save()
    db.save()
    assert vibesql.connect(path).execute("SELECT sum(x) FROM t").fetchone() == (3,)
    other = tmp_path / "copy.sql"
    db.save(other)
    assert other.read_text() == path.read_text()
    assert list(db.iterdump()) == [s for s in vibesql.connect(other).iterdump()]
    assert any(s.startswith("INSERT INTO t") for s in db.iterdump())


def test_a_broken_dump_is_an_error_naming_the_problem(tmp_path):
    path = tmp_path / "broken.sql"
    path.write_text("CREATE TABLE t(x);\nINSERT INTO missing VALUES (1);\n")
    try:
        vibesql.connect(path)
    except vibesql.OperationalError as error:
        assert "broken.sql" in str(error) and "missing" in str(error)
    else:
        raise AssertionError("a dump that cannot be applied must fail to open")
