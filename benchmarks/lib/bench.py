#!/usr/bin/env python3
"""Conformance benchmarks over SQLLogicTest files, driving a release build of vibesql-git.

    bench.py compare  --vibesql-git BIN [--baseline-git BIN] [--cpu N] [--csv FILE] [--top N] PATH...
        every file run alone, once per engine (vibesql, then sqlite), on one core: CPU time,
        records per second and peak memory per engine and category, ratio vibesql/sqlite,
        per-file ratios with the largest. With --baseline-git, each file also runs on that
        build's engine ("baseline", between the two), so two builds are compared in one run of
        a shared, noisy machine.
    bench.py speedup  --vibesql-git BIN [--engine E] PATH...
        the same files with --jobs 1 and --jobs 2, one after the other: the speed-up.

Runs are never recorded in a repository: every invocation runs in an empty temporary folder
with its own journal folder, and with --no-record when vibesql-git has it. Called by
benchmarks/conformance-vs-sqlite and benchmarks/parallel-speedup, which build the binary.
"""
import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

CATEGORY_ORDER = [
    "select", "evidence", "random/aggregates", "random/expr", "random/groupby", "random/select",
    "index/between", "index/commute", "index/delete", "index/in", "index/orderby",
    "index/orderby_nosort", "index/random", "index/view",
]


def find_files(paths):
    """The .test files under the paths, each with the root it was found under."""
    found = []
    for path in paths:
        path = os.path.abspath(path)
        if os.path.isfile(path):
            found.append((os.path.dirname(path), path))
            continue
        if not os.path.isdir(path):
            sys.exit("error: %s: no such file or folder" % path)
        for folder, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                if name.endswith(".test"):
                    found.append((path, os.path.join(folder, name)))
    if not found:
        sys.exit("error: no .test files under %s" % ", ".join(paths))
    return found


def category(root, path):
    """The corpus's categories, wherever it lies: select1.test -> select, evidence/x ->
    evidence, random/expr/... -> random/expr, index/between/10/... -> index/between. Other
    files: the path they were found in and their folder under it (suite/null/x.test ->
    suite/null)."""
    parts = os.path.abspath(path).split(os.sep)
    for i in range(len(parts) - 2, -1, -1):
        if parts[i] in ("random", "index") and i + 2 < len(parts) and not parts[i + 1].isdigit():
            return parts[i] + "/" + parts[i + 1]
    if "evidence" in parts[:-1]:
        return "evidence"
    if re.fullmatch(r"select\d+\.test", parts[-1]):
        return "select"
    folder = os.path.relpath(os.path.dirname(path), root)
    return os.path.basename(root) + ("" if folder == "." else "/" + folder)


class Runner:
    def __init__(self, binary, cpu):
        self.binary = os.path.abspath(binary)
        self.workdir = tempfile.mkdtemp(prefix="vibesql-bench.")
        help_text = subprocess.run([self.binary, "run", "--help"], capture_output=True,
                                   text=True).stdout
        self.extra = ["--no-record"] if "--no-record" in help_text else []
        self.pin = []
        if cpu is not None and shutil.which("taskset"):
            self.pin = ["taskset", "-c", str(cpu)]

    def run(self, files, engine, jobs):
        """Runs `vibesql-git run` once; returns wall s, CPU s (with its children), peak RSS
        bytes of the largest process, the parsed --json summary (None if it did not finish)."""
        journal = tempfile.mkdtemp(dir=self.workdir)
        command = self.pin + [self.binary, "run", "--engine", engine, "--jobs", str(jobs),
                              "--json", "--journal-dir", journal] + self.extra + files
        start = time.monotonic()
        process = subprocess.Popen(command, cwd=self.workdir, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        # wait4 gives the child's usage including the workers it waited for: CPU summed,
        # ru_maxrss the largest single process (kilobytes on Linux).
        out_chunks = []
        while True:
            chunk = process.stdout.read(65536)
            if not chunk:
                break
            out_chunks.append(chunk)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - start
        shutil.rmtree(journal, ignore_errors=True)
        try:
            summary = json.loads(b"".join(out_chunks).decode("utf-8", "replace"))
        except ValueError:
            summary = None
        return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, summary

    def close(self):
        shutil.rmtree(self.workdir, ignore_errors=True)


def fmt_rate(records, seconds):
    return "%.0f" % (records / seconds) if seconds > 0 else "-"


def fmt_ratio(a, b):
    return "%.2f" % (a / b) if b > 0 else "-"


def table(rows, header):
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                               for i, (c, w) in enumerate(zip(r, widths)))
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


def compare(args):
    files = find_files(args.paths)
    runner = Runner(args.vibesql_git, args.cpu)
    baseline = Runner(args.baseline_git, args.cpu) if args.baseline_git else None
    engines = ["vibesql", "baseline", "sqlite"] if baseline else ["vibesql", "sqlite"]
    print("vibesql-git conformance benchmark: %d files, engines %s, one file per invocation, "
          "--jobs 0, %s" % (len(files), " and ".join(engines),
                            "pinned to CPU %d" % args.cpu if runner.pin else "not pinned"))
    print("load average before: %.2f %.2f %.2f" % os.getloadavg())
    results = []  # (category, relative path, {engine: measurement})
    started = time.monotonic()
    for n, (root, path) in enumerate(files, 1):
        per_engine = {}
        for engine in engines:
            if engine == "baseline":
                wall, cpu, rss, summary = baseline.run([path], "vibesql", 0)
            else:
                wall, cpu, rss, summary = runner.run([path], engine, 0)
            if summary:
                entry = summary["results"][0]
                status, records = entry["status"], entry["records"]["run"]
            else:
                status, records = "CRASH", 0
            per_engine[engine] = dict(wall=wall, cpu=cpu, rss=rss, status=status, records=records)
        rel = os.path.relpath(path, root)
        results.append((category(root, path), rel, per_engine))
        if not args.quiet:
            v, s = per_engine["vibesql"], per_engine["sqlite"]
            b = per_engine.get("baseline")
            print("[%d/%d] %-55s vibesql %7.2fs %-5s %ssqlite %7.2fs %-5s ratio %s"
                  % (n, len(files), rel, v["cpu"], v["status"],
                     "baseline %7.2fs %-5s " % (b["cpu"], b["status"]) if b else "",
                     s["cpu"], s["status"], fmt_ratio(v["cpu"], s["cpu"])), file=sys.stderr, flush=True)
    runner.close()
    if baseline:
        baseline.close()
    elapsed = time.monotonic() - started

    categories = sorted({c for c, _, _ in results},
                        key=lambda c: (CATEGORY_ORDER.index(c) if c in CATEGORY_ORDER
                                       else len(CATEGORY_ORDER), c))
    rows = []
    for name in categories + ["TOTAL"]:
        chosen = [r for r in results if name in ("TOTAL", r[0])]
        row = [name, len(chosen)]
        totals = {}
        for engine in engines:
            cpu = sum(r[2][engine]["cpu"] for r in chosen)
            wall = sum(r[2][engine]["wall"] for r in chosen)
            records = sum(r[2][engine]["records"] for r in chosen)
            peak = max(r[2][engine]["rss"] for r in chosen)
            failed = sum(r[2][engine]["status"] != "PASS" for r in chosen)
            totals[engine] = cpu
            row += ["%.2f" % cpu, "%.2f" % wall, fmt_rate(records, cpu), "%.0f" % (peak / 2**20),
                    failed]
        row.append(fmt_ratio(totals["vibesql"], totals["sqlite"]))
        if baseline:
            row.append(fmt_ratio(totals["baseline"], totals["sqlite"]))
        ratios = [r[2]["vibesql"]["cpu"] / r[2]["sqlite"]["cpu"] for r in chosen
                  if r[2]["sqlite"]["cpu"] > 0]
        row.append("%.2f" % max(ratios) if ratios else "-")
        rows.append(row)
    print()
    print("Per category (CPU s: user+sys of the invocation; rec/s: records run per CPU second; "
          "peak: largest RSS of one file's run; fail: files not passing):")
    header = ["category", "files"]
    for engine in engines:
        header += [engine + " CPU s", "wall s", "rec/s", "peak MiB", "fail"]
    header += ["ratio"] + (["baseline ratio"] if baseline else []) + ["max file ratio"]
    table(rows, header)

    by_ratio = sorted(((r[2]["vibesql"]["cpu"] / r[2]["sqlite"]["cpu"]
                        if r[2]["sqlite"]["cpu"] > 0 else float("inf"), r) for r in results),
                      key=lambda x: -x[0])
    print()
    print("Per-file ratio vibesql/sqlite (CPU), highest %d of %d:" % (min(args.top, len(results)),
                                                                      len(results)))
    table([[r[1], "%.2f" % r[2]["vibesql"]["cpu"], "%.2f" % r[2]["sqlite"]["cpu"], "%.2f" % q,
            r[2]["vibesql"]["status"]] for q, r in by_ratio[:args.top]],
          ["file", "vibesql CPU s", "sqlite CPU s", "ratio", "vibesql"])
    worst = by_ratio[0]
    print()
    total_ratio = rows[-1][-3] if baseline else rows[-1][-2]
    print("Max per-file ratio: %.2f (%s); total ratio: %s%s; benchmark took %.0f s"
          % (worst[0], worst[1][1], total_ratio,
             " (baseline: %s)" % rows[-1][-2] if baseline else "", elapsed))
    print("load average after: %.2f %.2f %.2f" % os.getloadavg())
    if args.csv:
        with open(args.csv, "w") as f:
            f.write("file,category," + ",".join("%s_%s" % (e, k) for e in engines
                                                 for k in ("status", "records", "cpu_s", "wall_s",
                                                           "peak_bytes")) + ",ratio\n")
            for q, r in by_ratio:
                cols = [r[1], r[0]]
                for e in engines:
                    m = r[2][e]
                    cols += [m["status"], str(m["records"]), "%.4f" % m["cpu"], "%.4f" % m["wall"],
                             str(m["rss"])]
                f.write(",".join(cols) + ",%.4f\n" % q)
        print("per-file figures written to %s" % args.csv)


def speedup(args):
    files = [p for _, p in find_files(args.paths)]
    runner = Runner(args.vibesql_git, None)
    print("vibesql-git parallel speed-up: %d files, engine %s, %d cores online, %d round(s)"
          % (len(files), args.engine, os.cpu_count() or 0, args.repeat))
    print("load average before: %.2f %.2f %.2f" % os.getloadavg())
    walls = {1: [], 2: []}
    for round_number in range(args.repeat):
        # Alternate the order, so a change in the machine's load does not favour one side.
        for jobs in ((1, 2) if round_number % 2 == 0 else (2, 1)):
            wall, cpu, rss, summary = runner.run(files, args.engine, jobs)
            if summary is None:
                sys.exit("error: the --jobs %d run did not finish" % jobs)
            records = summary["records"]["run"]
            walls[jobs].append(wall)
            print("--jobs %d: %7.2f s wall, %7.2f s CPU, %.2f cores busy, %8s records/s, "
                  "files %d passed of %d, peak %d MiB"
                  % (jobs, wall, cpu, cpu / wall if wall > 0 else 0, fmt_rate(records, wall),
                     summary["files"]["passed"], summary["files"]["total"], rss / 2**20),
                  flush=True)
    runner.close()
    median = lambda xs: sorted(xs)[len(xs) // 2] if len(xs) % 2 else sum(sorted(xs)[len(xs) // 2 - 1:len(xs) // 2 + 1]) / 2
    print("speed-up (median --jobs 1 wall / median --jobs 2 wall): %.2f"
          % (median(walls[1]) / median(walls[2])))
    print("load average after: %.2f %.2f %.2f" % os.getloadavg())
    print("(other work on the machine skews wall times: above 2 or far below, rerun when idle)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("compare")
    c.add_argument("--vibesql-git", required=True)
    c.add_argument("--baseline-git", help="another vibesql-git build whose engine runs each file too")
    c.add_argument("--cpu", type=int, default=0, help="core to pin each run to (default 0)")
    c.add_argument("--csv", help="write per-file figures to this CSV file")
    c.add_argument("--top", type=int, default=10, help="files listed by ratio (default 10)")
    c.add_argument("--quiet", action="store_true", help="no per-file progress lines")
    c.add_argument("--default-path", help="what to run when no PATH is given")
    c.add_argument("paths", nargs="*")
    s = sub.add_parser("speedup")
    s.add_argument("--vibesql-git", required=True)
    s.add_argument("--engine", default="vibesql")
    s.add_argument("--repeat", type=int, default=1,
                   help="rounds of both runs, in alternating order (default 1)")
    s.add_argument("--default-path", help="what to run when no PATH is given")
    s.add_argument("paths", nargs="*")
    args = parser.parse_args()
    if not args.paths:
        if not args.default_path:
            parser.error("no PATH given and no corpus found (../shared/sqllogictest/test or "
                         "$VIBESQL_SLT_CORPUS)")
        args.paths = [args.default_path]
    (compare if args.command == "compare" else speedup)(args)


if __name__ == "__main__":
    main()
