"""benchmarks/shard-balance: each shard's time for N = 1, 2, 4 and the imbalance (longest / mean).

A temporary git repository records one unsharded run of the files (the history the planner
balances by); every shard then runs as its own `vibesql-git run --shard K/N --no-record`
process, pinned to one core, one after another."""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time


def git(repo, *args):
    subprocess.run(["git", "-C", repo, *args], check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@localhost",
                        "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@localhost"})


class Bench:
    def __init__(self, binary, cpu, paths):
        self.binary = os.path.abspath(binary)
        self.paths = [os.path.abspath(p) for p in paths]
        self.repo = tempfile.mkdtemp(prefix="vibesql-shard-balance.")
        git(self.repo, "init", "-q", "-b", "main")
        with open(os.path.join(self.repo, "README"), "w") as f:
            f.write("shard-balance benchmark\n")
        git(self.repo, "add", "README")
        git(self.repo, "commit", "-q", "-m", "bench")
        self.pin = ["taskset", "-c", str(cpu)] if shutil.which("taskset") else []
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("GITHUB_RUN_ID", "CI_PIPELINE_ID", "BUILDKITE_BUILD_ID", "BUILD_TAG",
                                 "CIRCLE_WORKFLOW_ID", "TRAVIS_BUILD_ID", "BUILD_BUILDID")}

    def run(self, *args):
        """Runs vibesql-git pinned; returns wall s, CPU s (with its workers), stdout."""
        journal = tempfile.mkdtemp(dir=self.repo)
        command = self.pin + [self.binary, "run", "--jobs", "1", "--suite", "corpus",
                              "--journal-dir", journal, *args, *self.paths]
        start = time.monotonic()
        process = subprocess.Popen(command, cwd=self.repo, stdin=subprocess.DEVNULL, env=self.env,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        out = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - start
        shutil.rmtree(journal, ignore_errors=True)
        code = os.waitstatus_to_exitcode(status)
        if code > 1:
            sys.exit(f"shard-balance: {' '.join(command)} exited with {code}:\n{out.decode(errors='replace')}")
        return wall, usage.ru_utime + usage.ru_stime, out.decode("utf-8", "replace")

    def plan(self, count, basis):
        out = subprocess.run([self.binary, "run", "--suite", "corpus", "--shard", f"1/{count}", "--plan",
                              "--plan-basis", basis, *self.paths], cwd=self.repo, env=self.env,
                             capture_output=True, text=True, check=True).stdout
        expected = [float(m.group(1)) for m in re.finditer(r"expected ([0-9.]+) s", out)]
        files = [int(m.group(1)) for m in re.finditer(r"shard \d+/\d+: (\d+) files", out)]
        return files, expected, out

    def close(self):
        shutil.rmtree(self.repo, ignore_errors=True)


def imbalance(values):
    mean = sum(values) / len(values)
    return max(values) / mean if mean > 0 else 1.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vibesql-git", required=True)
    parser.add_argument("--default-path")
    parser.add_argument("--shards", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--cpu", type=int, default=0)
    parser.add_argument("--sizes", action="store_true", help="also split by file size (no history)")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    paths = args.paths or ([args.default_path] if args.default_path else [])
    if not paths:
        print("shard-balance: skipped: no corpus and no paths given")
        return
    bench = Bench(args.vibesql_git, args.cpu, paths)
    try:
        print(f"Files: {', '.join(paths)}; each process `run --jobs 1`, pinned to core {args.cpu} "
              f"({'taskset' if bench.pin else 'no taskset: not pinned'}); shards of one N run one after another.")
        wall, cpu, out = bench.run()
        recorded = re.search(r"Recorded run (\d+)", out)
        if not recorded:
            sys.exit("shard-balance: the unsharded run was not recorded:\n" + out)
        basis = recorded.group(1)
        print(f"History: one unsharded run recorded (run {basis}): {wall:.1f} s wall, {cpu:.1f} s CPU.\n")
        modes = [("history", basis)] + ([("sizes", "none")] if args.sizes else [])
        summary = []
        for mode, plan_basis in modes:
            print(f"Balanced by {'the recorded durations' if mode == 'history' else 'file size only'}:")
            print(f"  {'N':>2} {'shard':>5} {'files':>5} {'expected s':>10} {'wall s':>8} {'CPU s':>8}")
            for count in args.shards:
                files, expected, _ = bench.plan(count, plan_basis)
                walls, cpus = [], []
                for k in range(1, count + 1):
                    w, c, _ = bench.run("--no-record", "--shard", f"{k}/{count}", "--plan-basis", plan_basis)
                    walls.append(w)
                    cpus.append(c)
                    exp = f"{expected[k - 1]:.1f}" if k - 1 < len(expected) else "-"
                    print(f"  {count:>2} {k:>5} {files[k - 1]:>5} {exp:>10} {w:>8.1f} {c:>8.1f}")
                summary.append((mode, count, imbalance(walls), imbalance(cpus), max(walls), sum(walls)))
                print(f"  {count:>2}   imbalance (longest / mean): wall {imbalance(walls):.3f}, CPU {imbalance(cpus):.3f}")
            print()
        print(f"{'split':<8} {'N':>2} {'wall imbalance':>15} {'CPU imbalance':>14} {'longest s':>10} {'sum s':>8}  target ≤ 1.15")
        for mode, count, wi, ci, longest, total in summary:
            verdict = "" if count == 1 else ("  ok" if wi <= 1.15 else "  over")
            print(f"{mode:<8} {count:>2} {wi:>15.3f} {ci:>14.3f} {longest:>10.1f} {total:>8.1f}{verdict}")
    finally:
        bench.close()


if __name__ == "__main__":
    main()
