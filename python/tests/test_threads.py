"""Threads: a connection belongs to the thread that made it unless check_same_thread=False,
which lets threads share it one call at a time; separate connections run in parallel."""
import threading

import pytest

import vibesql


def run_threads(count, target):
    errors = []

    def guarded(index):
        try:
            target(index)
        except BaseException as error:  # reported to the test's thread below
            errors.append(error)
    threads = [threading.Thread(target=guarded, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def test_a_connection_refuses_other_threads_by_default():
    db = vibesql.connect()
    cursor = db.cursor()
    errors = run_threads(1, lambda _: cursor.execute("SELECT 1"))
    assert len(errors) == 1 and isinstance(errors[0], vibesql.ProgrammingError)
    assert "same thread" in str(errors[0])
    errors = run_threads(1, lambda _: db.commit())
    assert isinstance(errors[0], vibesql.ProgrammingError)
    assert cursor.execute("SELECT 1").fetchone() == (1,)


def test_a_shared_connection_serializes_calls():
    db = vibesql.connect(check_same_thread=False)
    db.execute("CREATE TABLE t(thread INTEGER, n INTEGER)")

    def work(index):
        cursor = db.cursor()
        for n in range(300):
            cursor.execute("INSERT INTO t VALUES (?, ?)", (index, n))
            assert cursor.rowcount == 1
        cursor.executemany("INSERT INTO t VALUES (?, ?)", ((index, n) for n in range(300, 600)))
        assert cursor.execute("SELECT count(*) FROM t WHERE thread = ?", (index,)).fetchone() == (600,)
    assert run_threads(4, work) == []
    db.commit()
    assert db.execute("SELECT count(*), count(DISTINCT thread), sum(n) FROM t").fetchone() == (2400, 4, 4 * sum(range(600)))


def test_separate_connections_run_on_separate_threads():
    results = {}

    def work(index):
        db = vibesql.connect()
        db.execute("CREATE TABLE t(x)")
        db.executemany("INSERT INTO t VALUES (?)", ((i,) for i in range(20000)))
        results[index] = db.execute("SELECT sum(x * ?) FROM t", (index,)).fetchone()[0]
        db.close()
    assert run_threads(3, work) == []
    assert results == {i: i * sum(range(20000)) for i in range(3)}


def test_interrupt_from_another_thread_stops_the_statement_and_undoes_it():
    db = vibesql.connect()                     # interrupt() needs no check_same_thread=False
    db.execute("CREATE TABLE t(x)")
    db.commit()
    timer = threading.Timer(0.3, db.interrupt)
    timer.start()
    with pytest.raises(vibesql.OperationalError, match="interrupted") as info:
        # Runs until interrupted: an endless recursive CTE feeding an INSERT.
        db.execute("INSERT INTO t WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c")
    timer.join()
    assert info.value.sqlite_errorcode == 9
    assert db.execute("SELECT count(*) FROM t").fetchone() == (0,)
