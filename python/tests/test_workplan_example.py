"""The workplan's Python example ("Python Integration", scripts/generate_punchlist.py) run
as written: its text below is copied unchanged, import included. The test supplies what the
example leaves to its surroundings (parse_sql_dump, test_results, category and the schema
file) and runs it twice: a first run that creates the schema, then one that loads the dump."""
import os

import vibesql

EXAMPLE = '''
import vibesql

# Load or create database
try:
    db = vibesql.connect()
    # Load previous state if exists
    with open('target/test_results.sql', 'r') as f:
        for statement in parse_sql_dump(f):
            db.execute(statement)
except FileNotFoundError:
    # First run, create schema
    db.execute(open('scripts/schema/test_results.sql').read())

# Insert current test results
cursor = db.cursor()
for file_path, status in test_results.items():
    cursor.execute("""
        INSERT OR REPLACE INTO test_files (file_path, category, status, last_tested)
        VALUES (?, ?, ?, CURRENT_TIMESTAMP)
    """, (file_path, category, status))

# Export for web demo
with open('target/sqllogictest_results.sql', 'w') as f:
    f.write(db.dump_sql())
'''

SCHEMA = """CREATE TABLE test_files (file_path VARCHAR(500) PRIMARY KEY, category VARCHAR(50) NOT NULL,
  subcategory VARCHAR(50), status VARCHAR(20) NOT NULL, last_tested TIMESTAMP,
  last_passed TIMESTAMP);
"""


def parse_sql_dump(lines):
    """The statements of a dump: lines gathered until they end a complete statement."""
    pending = ""
    for line in lines:
        pending += line
        if vibesql.complete_statement(pending):
            yield pending
            pending = ""


def run_example(test_results):
    namespace = {"parse_sql_dump": parse_sql_dump, "test_results": test_results, "category": "select"}
    exec(compile(EXAMPLE, "workplan-example", "exec"), namespace)
    return namespace["db"]


def rows(dump_path):
    db = vibesql.connect(dump_path)
    return db.execute("SELECT file_path, category, status, last_tested IS NOT NULL FROM test_files ORDER BY 1").fetchall()


def test_workplan_example_first_run_then_reload(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.makedirs("target")
    os.makedirs("scripts/schema")
    with open("scripts/schema/test_results.sql", "w") as f:
        f.write(SCHEMA)

    run_example({"select1.test": "PASS", "select2.test": "FAIL"})
    assert rows("target/sqllogictest_results.sql") == [
        ("select1.test", "select", "PASS", 1), ("select2.test", "select", "FAIL", 1)]

    # The next run loads the previous state, replaces one file's status and adds another.
    os.replace("target/sqllogictest_results.sql", "target/test_results.sql")
    db = run_example({"select2.test": "PASS", "select3.test": "TIMEOUT"})
    assert rows("target/sqllogictest_results.sql") == [
        ("select1.test", "select", "PASS", 1), ("select2.test", "select", "PASS", 1),
        ("select3.test", "select", "TIMEOUT", 1)]
    # As in sqlite3, the INSERTs opened a transaction the example never commits; the dump
    # still shows what the connection sees.
    assert db.in_transaction
