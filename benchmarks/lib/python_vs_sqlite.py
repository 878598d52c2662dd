"""Driver of benchmarks/python-vs-sqlite: each step runs with sqlite3 and with vibesql in this
process, on the same SQL and data, and is timed as CPU time (time.process_time) and wall time;
the ratio is of CPU times, the best of --repeat runs."""
import argparse
import os
import random
import sqlite3
import tempfile
import time

import vibesql

MODULES = (("sqlite3", sqlite3), ("vibesql", vibesql))


def timed(action, repeat):
    """The best CPU and wall time of `repeat` runs of action() (which sets up its own state)."""
    best = None
    for _ in range(repeat):
        run = action()
        cpu, wall = time.process_time(), time.perf_counter()
        run()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        best = (cpu, wall) if best is None or cpu < best[0] else best
    return best


def inserts(module, rows):
    def setup():
        connection = module.connect(":memory:")
        connection.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL)")

        def run():
            connection.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
            connection.commit()
        return run
    return setup


def filled(module, rows):
    connection = module.connect(":memory:")
    connection.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL)")
    connection.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
    connection.commit()
    return connection


def point_queries(module, rows, ids):
    def setup():
        connection = filled(module, rows)

        def run():
            cursor = connection.cursor()
            for i in ids:
                cursor.execute("SELECT name, score FROM t WHERE id = ?", (i,))
                cursor.fetchone()
        return run
    return setup


def fetch_all(module, rows, expected):
    def setup():
        connection = filled(module, rows)

        def run():
            got = connection.execute("SELECT id, name, score FROM t").fetchall()
            assert len(got) == expected
        return run
    return setup


def dump_file(megabytes):
    """A SQL dump of about `megabytes` MB written by vibesql (kept for the next run)."""
    folder = os.path.join(tempfile.gettempdir(), "vibesql-bench")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"python-dump-{megabytes}mb.sql")
    if not os.path.exists(path):
        count = megabytes * 1_000_000 // 95
        connection = vibesql.connect(path)
        connection.execute("CREATE TABLE results(id INTEGER PRIMARY KEY, file TEXT NOT NULL, status TEXT, ms REAL)")
        connection.execute("CREATE INDEX results_file ON results(file)")
        connection.executemany("INSERT INTO results VALUES (?, ?, ?, ?)", (
            (i, f"test/random/expr/slt_good_{i % 997}.test#{i}", ("PASS", "FAIL")[i % 7 == 0], i * 0.25)
            for i in range(1, count + 1)))
        connection.commit()
        connection.save()
    return path


def load_dump(module, path):
    def setup():
        def run():
            if module is vibesql:
                connection = vibesql.connect(path)
            else:
                connection = sqlite3.connect(":memory:")
                with open(path, encoding="utf-8") as f:
                    connection.executescript(f.read())
            assert connection.execute("SELECT count(*) FROM results").fetchone()[0] > 0
        return run
    return setup


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inserts", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100_000)
    parser.add_argument("--fetch-rows", type=int, default=1_000_000)
    parser.add_argument("--dump-mb", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1)
    options = parser.parse_args()

    random.seed(1)
    insert_rows = [(i, f"name {i}", i * 0.5) for i in range(1, options.inserts + 1)]
    ids = [random.randint(1, options.inserts) for _ in range(options.queries)]
    fetch_rows = [(i, f"row {i}", i * 0.5) for i in range(1, options.fetch_rows + 1)]
    path = dump_file(options.dump_mb)

    steps = [
        (f"{options.inserts:,} inserts (executemany)", lambda m: inserts(m, insert_rows)),
        (f"{options.queries:,} point queries by primary key", lambda m: point_queries(m, insert_rows, ids)),
        (f"fetchall of {options.fetch_rows:,} rows", lambda m: fetch_all(m, fetch_rows, options.fetch_rows)),
        (f"loading a {os.path.getsize(path) / 1e6:.0f} MB dump", lambda m: load_dump(m, path)),
    ]
    print(f"vibesql {vibesql.version} against sqlite3 {sqlite3.sqlite_version}, best of {options.repeat}")
    print(f"{'step':44} {'sqlite3 cpu':>11} {'vibesql cpu':>11} {'sqlite3 wall':>12} {'vibesql wall':>12} {'ratio':>6}")
    for name, make in steps:
        figures = {label: timed(make(module), options.repeat) for label, module in MODULES}
        (sc, sw), (vc, vw) = figures["sqlite3"], figures["vibesql"]
        ratio = vc / sc if sc > 0 else float("inf")
        print(f"{name:44} {sc:10.3f}s {vc:10.3f}s {sw:11.3f}s {vw:11.3f}s {ratio:6.2f}"
              + ("" if ratio <= 2.0 else "  (above the 2.0 target)"), flush=True)


if __name__ == "__main__":
    main()
