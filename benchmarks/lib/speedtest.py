#!/usr/bin/env python3
"""SQLite's speedtest1 workloads and scaling checks, the vibesql shell against sqlite3.

    speedtest.py --vibesql BIN [--sqlite3 BIN] [--cpu N] [--repeat N] [--speedtest DIR]
                 [--only main,cte,orm] [--skip-speedtest] [--skip-scaling]
                 [--sizes 10000 100000 1000000] [--ops N] [--timeout S]
                 [--skip-memory] [--memory-rows N]

How it measures. Each script runs top to bottom in ONE shell process (`sqlite3 :memory:`, or
`vibesql` with an empty database), fed on stdin, pinned to one core with `taskset`. The driver
turns every `-- begin test N name` / `-- end test N` marker into a `.print` line and starts the
script with `.timer on`: both shells then print, after each statement, the CPU time
(getrusage: user + sys) that statement took, parsing included ("Run Time: real R user U sys
S", sqlite3's own format; the vibesql shell prints the same). A test's CPU time is the sum over
its statements; the shells' own line reading between statements is left out on both sides.
With --repeat N every shell runs N times and each test keeps its minimum. Output lines (all but
the timer's) are compared per test: "equal", "order" (the same rows in another order: fine for
queries without ORDER BY), or "DIFF". Ratios are vibesql/sqlite3, each time floored at 1 ms
(below that the figures are noise); the geometric mean is over the tests' ratios. Peak memory
is the maximum resident set of the shell's process, as GNU time reports it.

The scaling checks need no shared data: for each size a table `t(a INTEGER PRIMARY KEY, b
INTEGER, c TEXT)` with an index on b is filled with (x, x*7, 'row number ' || x) in statements
of 1,000 rows (and a copy of its keys, `fp`, is the parent of the foreign-key checks' child
table, with foreign keys on in both shells), then each check runs --ops statements on keys spread over the table; per
statement microseconds are printed for both shells, with the growth from the smallest size to
the largest (flat is 1.0; logarithmic stays well under 2). The last check looks rows up by
`lower(name) = ...` in a copy of the table's rows (`e`, made untimed after the fill) through an
index on that expression.

The memory check is the issue's million-row table (--memory-rows), filled by one INSERT from a
recursive CTE and by INSERTs of 1,000 rows in a transaction, then indexed on b: the peak
resident set of each shell, and whether both answered the same.
"""
import argparse
import math
import os
import signal
import subprocess
import sys
import tempfile
import time

TIME_FLOOR = 0.001


def run_shell(argv, script, cpu, timeout):
    """Runs a shell on the script text, pinned to one core. Returns (stdout lines, stderr text,
    peak RSS in MB, wall seconds, timed_out). The peak comes from GNU time, which forks the
    shell from its own small process: a peak read here would include this (large) Python
    process, whose memory the kernel counts in a forked child's maximum."""
    with tempfile.TemporaryDirectory(prefix="speedtest-") as work:
        path = os.path.join(work, "script.sql")
        with open(path, "w") as f:
            f.write(script)
        out_path = os.path.join(work, "out.txt")
        err_path = os.path.join(work, "err.txt")
        rss_path = os.path.join(work, "rss.txt")
        command = ["/usr/bin/time", "-f", "%M", "-o", rss_path, "taskset", "-c", str(cpu)] + argv
        with open(path) as stdin, open(out_path, "w") as stdout, open(err_path, "w") as stderr:
            start = time.monotonic()
            process = subprocess.Popen(command, stdin=stdin, stdout=stdout, stderr=stderr, cwd=work,
                                       start_new_session=True)
            timed_out = False
            try:
                process.wait(timeout=timeout or None)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                timed_out = True
            wall = time.monotonic() - start
        with open(out_path, errors="replace") as f:
            lines = f.read().split("\n")
        with open(err_path, errors="replace") as f:
            errors = f.read()
        rss = 0.0
        if os.path.exists(rss_path):
            with open(rss_path) as f:
                for line in f:
                    if line.strip().isdigit():
                        rss = int(line.strip()) / 1024.0
        return lines, errors, rss, wall, timed_out


def instrument(text):
    """The script with its test markers as `.print` lines and the timer on."""
    out = [".timer on"]
    for line in text.split("\n"):
        if line.startswith("-- begin test "):
            out.append(".print @@begin " + line[len("-- begin test "):])
        elif line.startswith("-- end test "):
            out.append(".print @@end " + line[len("-- end test "):])
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def parse_tests(lines):
    """{test number: (name, cpu seconds, output lines)} in script order."""
    tests = {}
    current = None
    for line in lines:
        if line.startswith("@@begin "):
            number, _, name = line[len("@@begin "):].partition(" ")
            current = number
            tests[current] = [name, 0.0, []]
        elif line.startswith("@@end "):
            current = None
        elif line.startswith("Run Time: "):
            if current is not None:
                parts = line.split()
                tests[current][1] += float(parts[5]) + float(parts[7])
        elif current is not None:
            tests[current][2].append(line)
    return tests


def compare_outputs(a, b):
    if a == b:
        return "equal"
    if sorted(a) == sorted(b):
        return "order"
    return "DIFF"


def ratio(v, s):
    return max(v, TIME_FLOOR) / max(s, TIME_FLOOR)


def geometric_mean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def best_of(argv, script, args):
    """Runs a shell --repeat times on the script; each test keeps its minimum time."""
    best = None
    for _ in range(args.repeat):
        lines, errors, rss, wall, timed_out = run_shell(argv, script, args.cpu, args.timeout)
        tests = parse_tests(lines)
        if best is None:
            best = {"tests": tests, "errors": errors, "rss": rss, "timed_out": timed_out}
        else:
            for number, test in tests.items():
                if number in best["tests"]:
                    best["tests"][number][1] = min(best["tests"][number][1], test[1])
            best["rss"] = max(best["rss"], rss)
    return best


def speedtest(args, sqlite_argv, vibesql_argv):
    folder = args.speedtest
    if not os.path.isdir(folder):
        print("speedtest1: skipped, no scripts at %s (the shared folder is absent)" % folder)
        return
    names = args.only.split(",") if args.only else ["main", "cte", "orm"]
    all_ratios = []
    total_s = total_v = 0.0
    print("speedtest1 (%s), CPU seconds per test, minimum of %d run(s), core %d" % (folder, args.repeat, args.cpu))
    header = "%-32s %9s %9s %7s  %s" % ("test", "sqlite3", "vibesql", "ratio", "output")
    for name in names:
        path = os.path.join(folder, name + ".sql")
        if not os.path.isfile(path):
            print("%s.sql: skipped, not found" % name)
            continue
        with open(path) as f:
            script = instrument(f.read())
        sqlite = best_of(sqlite_argv, script, args)
        vibesql = best_of(vibesql_argv, script, args)
        print("\n%s.sql  (peak memory: sqlite3 %.0f MB, vibesql %.0f MB)%s" % (
            name, sqlite["rss"], vibesql["rss"], "  vibesql TIMED OUT" if vibesql["timed_out"] else ""))
        print(header)
        for number, (title, s_time, s_out) in sqlite["tests"].items():
            label = ("%s %s %s" % (name, number, title))[:32]
            if number not in vibesql["tests"]:
                print("%-32s %9.3f %9s %7s  %s" % (label, s_time, "-", "-", "not run"))
                continue
            _, v_time, v_out = vibesql["tests"][number]
            r = ratio(v_time, s_time)
            all_ratios.append(r)
            total_s += s_time
            total_v += v_time
            print("%-32s %9.3f %9.3f %7.2f  %s" % (label, s_time, v_time, r, compare_outputs(s_out, v_out)))
        for who, result in (("sqlite3", sqlite), ("vibesql", vibesql)):
            errors = [e for e in result["errors"].split("\n") if e.strip()]
            if errors:
                print("  %s printed %d error line(s), first: %s" % (who, len(errors), errors[0][:150]))
    if all_ratios:
        print("\n%-32s %9.3f %9.3f %7.2f" % ("total", total_s, total_v, ratio(total_v, total_s)))
        print("%-32s %9s %9s %7.2f" % ("geometric mean of ratios", "", "", geometric_mean(all_ratios)))
        print("%-32s %9s %9s %7.2f" % ("largest ratio", "", "", max(all_ratios)))


# The scaling checks: (name, statement template). {k} is a key of a row of the table,
# {n} a new rowid above the table, {j} the check's counter.
CHECKS = [
    ("lookup by rowid", "SELECT c FROM t WHERE a={k};"),
    ("lookup by index (b)", "SELECT a FROM t WHERE b={k}*7;"),
    ("UPDATE by rowid", "UPDATE t SET c='updated' WHERE a={k};"),
    ("UPDATE by index (b)", "UPDATE t SET c='again' WHERE b={k}*7;"),
    ("REPLACE by rowid", "REPLACE INTO t VALUES({k}, {k}*7, 'replaced');"),
    ("DELETE by rowid", "DELETE FROM t WHERE a={k};"),
    ("DELETE by index (b)", "DELETE FROM t WHERE b=({k}+1)*7;"),
    ("INSERT + index lookup", "INSERT INTO t VALUES({n}, {k}*7, 'new');\nSELECT count(*) FROM t WHERE b={k}*7;"),
    # On a copy of t's rows made after the fill (untimed), with an index on lower(name).
    ("lookup by lower(name)", "SELECT a FROM e WHERE lower(name)='row number {k}';"),
    # Each row fires a trigger whose body writes another table (its cost per row, not per table).
    ("INSERT firing a trigger", "INSERT INTO g VALUES({n}, {k});"),
    # Foreign keys (both shells enforce them here): fkc(p) names fp(a), a copy of t's keys.
    ("INSERT child (FK)", "INSERT INTO fkc VALUES({n}, {k});"),
    ("DELETE parent (FK, idx)", "DELETE FROM fp WHERE a={k};"),
]


def scaling_script(size, ops):
    lines = [
        "PRAGMA foreign_keys=ON;",
        "CREATE TABLE n(x INTEGER PRIMARY KEY);",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<1000) INSERT INTO n SELECT x FROM c;",
        "CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c TEXT);",
        "-- begin test 0 fill",
        "BEGIN;",
    ]
    for start in range(0, size, 1000):
        lines.append("INSERT INTO t SELECT x+%d, (x+%d)*7, 'row number ' || (x+%d) FROM n WHERE x<=%d;"
                     % (start, start, start, min(1000, size - start)))
    lines += ["COMMIT;", "CREATE INDEX t_b ON t(b);", "-- end test 0"]
    lines += ["CREATE TABLE e(a INTEGER PRIMARY KEY, name TEXT);", "INSERT INTO e SELECT a, upper(c) FROM t;",
              "CREATE INDEX e_lower_name ON e(lower(name));"]
    lines += ["CREATE TABLE g(a INTEGER PRIMARY KEY, b INTEGER); CREATE TABLE glog(x, y);",
              "CREATE TRIGGER g_log AFTER INSERT ON g WHEN new.b % 2 = 0 BEGIN INSERT INTO glog VALUES (new.a, new.b * 2); END;"]
    # The foreign-key checks' parent (untimed): every key of t; the child's key is indexed
    # and ON DELETE CASCADE, so a deleted parent takes the children the INSERT check gave it.
    lines += ["CREATE TABLE fp(a INTEGER PRIMARY KEY, b INTEGER);", "INSERT INTO fp SELECT a, b FROM t;",
              "CREATE TABLE fkc(id INTEGER PRIMARY KEY, p INTEGER REFERENCES fp(a) ON DELETE CASCADE);",
              "CREATE INDEX fkc_p ON fkc(p);"]
    # Keys spread over the table, different for every check (a deleted row is not hit again).
    for number, (name, template) in enumerate(CHECKS, start=1):
        lines.append("-- begin test %d %s" % (number, name))
        for j in range(ops):
            k = (j * 7919 + number * 104729) % (size - 2) + 1
            lines.append(template.format(k=k, n=size + 10 + j + number * ops, j=j))
        lines.append("-- end test %d" % number)
    return "\n".join(lines) + "\n"


def scaling(args, sqlite_argv, vibesql_argv):
    sizes = args.sizes
    print("\nScaling checks: microseconds per statement (%d statements each), core %d" % (args.ops, args.cpu))
    results = {}
    for size in sizes:
        script = instrument(scaling_script(size, args.ops))
        results[size] = (best_of(sqlite_argv, script, args), best_of(vibesql_argv, script, args))
    header = "%-24s" % "check" + "".join("%26s" % ("%s rows: s3 / vibe" % f"{size:,}") for size in sizes) + "  growth s3 / vibe"
    print(header)
    rows = [("fill (s, whole)", "0")] + [(name, str(i)) for i, (name, _) in enumerate(CHECKS, start=1)]
    for name, number in rows:
        cells = []
        figures = []
        for size in sizes:
            sqlite, vibesql = results[size]
            per = 1.0 if number == "0" else 1e6 / (args.ops * (2 if "+" in name else 1))
            s = sqlite["tests"].get(number, [None, None])[1]
            v = vibesql["tests"].get(number, [None, None])[1]
            s_text = "%.0f" % (s * per) if number != "0" and s is not None else ("%.2f" % s if s is not None else "-")
            v_text = ("%.0f" % (v * per) if number != "0" else "%.2f" % v) if v is not None else "timeout"
            cells.append("%26s" % ("%s / %s" % (s_text, v_text)))
            figures.append((s, v))
        growth = ""
        (s0, v0), (s1, v1) = figures[0], figures[-1]
        if len(sizes) > 1 and None not in (s0, s1, v0, v1) and number != "0":
            growth = "  %.1f / %.1f" % (max(s1, 1e-6) / max(s0, 1e-6), max(v1, 1e-6) / max(v0, 1e-6))
        print("%-24s" % name + "".join(cells) + growth)
    print("%-24s" % "peak memory (MB)" + "".join(
        "%26s" % ("%.0f / %.0f" % (results[size][0]["rss"], results[size][1]["rss"])) for size in sizes))
    for size in sizes:
        for who, result in zip(("sqlite3", "vibesql"), results[size]):
            errors = [e for e in result["errors"].split("\n") if e.strip()]
            if errors:
                print("  %s at %d rows printed %d error line(s), first: %s" % (who, size, len(errors), errors[0][:150]))
            if result["timed_out"]:
                print("  %s at %d rows timed out after %ds" % (who, size, args.timeout))


def memory_scripts(rows):
    """The issue's million-row table, filled two ways: by one INSERT from a recursive CTE (the
    usual idiom; SQLite streams the CTE's rows into the table) and by INSERTs of 1,000 rows
    inside one transaction; then an index on b."""
    table = "CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c TEXT);"
    tail = ["CREATE INDEX t_b ON t(b);", "SELECT count(*), sum(b) FROM t;"]
    cte = [table, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<%d) "
                  "INSERT INTO t SELECT x, x*7, 'row number ' || x FROM c;" % rows] + tail
    chunks = ["CREATE TABLE n(x INTEGER PRIMARY KEY);",
              "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<1000) INSERT INTO n SELECT x FROM c;",
              table, "BEGIN;"]
    for start in range(0, rows, 1000):
        chunks.append("INSERT INTO t SELECT x+%d, (x+%d)*7, 'row number ' || (x+%d) FROM n WHERE x<=%d;"
                      % (start, start, start, min(1000, rows - start)))
    chunks += ["COMMIT;"] + tail
    return [("one INSERT from a recursive CTE", "\n".join(cte) + "\n"),
            ("INSERTs of 1,000 rows in a transaction", "\n".join(chunks) + "\n")]


def memory(args, sqlite_argv, vibesql_argv):
    rows = args.memory_rows
    print("\nPeak memory (MB) for t(a INTEGER PRIMARY KEY, b INTEGER, c TEXT) with %s rows "
          "(x, x*7, 'row number ' || x) and an index on b, core %d" % (f"{rows:,}", args.cpu))
    print("%-42s %9s %9s %7s %s" % ("fill", "sqlite3", "vibesql", "ratio", "answers"))
    for name, script in memory_scripts(rows):
        s_lines, s_err, s_rss, _, s_timeout = run_shell(sqlite_argv, script, args.cpu, args.timeout)
        v_lines, v_err, v_rss, _, v_timeout = run_shell(vibesql_argv, script, args.cpu, args.timeout)
        same = "timeout" if s_timeout or v_timeout else ("equal" if s_lines == v_lines and not v_err.strip() else "DIFF")
        print("%-42s %9.0f %9.0f %7.2f %s" % (name, s_rss, v_rss, v_rss / max(s_rss, 1.0), same))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vibesql", required=True)
    parser.add_argument("--sqlite3", default="sqlite3")
    parser.add_argument("--cpu", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--speedtest", default=None)
    parser.add_argument("--only", default=None, help="scripts to run, e.g. main,cte")
    parser.add_argument("--skip-speedtest", action="store_true")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000, 1000000])
    parser.add_argument("--ops", type=int, default=1000)
    parser.add_argument("--timeout", type=int, default=900, help="seconds per shell run (0: none)")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--memory-rows", type=int, default=1000000)
    args = parser.parse_args()
    sqlite_argv = [args.sqlite3, ":memory:"]
    vibesql_argv = [args.vibesql]
    if not args.skip_speedtest:
        speedtest(args, sqlite_argv, vibesql_argv)
    if not args.skip_scaling:
        scaling(args, sqlite_argv, vibesql_argv)
    if not args.skip_memory:
        memory(args, sqlite_argv, vibesql_argv)


if __name__ == "__main__":
    main()
