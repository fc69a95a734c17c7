#!/usr/bin/env python3
"""The same roll-up (项 → 款 → 类 → 合计, sums of integer cents) through kemu, pandas, polars and
DuckDB, on 1 and 2 threads each (pandas: 1), data already in memory, rounds interleaved.

    pip install pandas polars duckdb
    python3 benches/compare/compare.py [ROWS] [ROUNDS]     # default: 10000000 7

Each engine runs in its own worker process that loads the data once and then runs one roll-up
per request, so that the rounds interleave (engine after engine, round after round) and a noisy
moment touches every engine alike. polars and pandas do what kemu does: one group-by over the
lines, then the small roll-up of the leaf sums; DuckDB runs GROUP BY ROLLUP. Every engine must
give the same grand total. Prints a Markdown table (min and median), then one machine-readable
line: `ratio kemu_vs_duckdb_2t=… kemu_vs_polars_2t=… kemu_vs_pandas_1t=…` (the other engine's
median over kemu's columnar path, on the same threads).
"""
import csv
import os
import random
import statistics
import subprocess
import sys
import time
from decimal import Decimal

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "target", "compare")
YEAR = 2020


def leaves():
    rows = list(csv.DictReader(open(os.path.join(ROOT, "data", "func.csv"), encoding="utf-8")))
    valid = sorted({r["code"] for r in rows if int(r["valid_from"]) <= YEAR <= int(r["valid_to"] or 2026)})
    return [c for c in valid if not any(o != c and o.startswith(c) and len(o) == len(c) + 2 for o in valid)]


def data(n):
    path = os.path.join(OUT, f"items-{n}.csv")
    if not os.path.exists(path):
        os.makedirs(OUT, exist_ok=True)
        rng = random.Random(20201231)
        codes = leaves()
        with open(path, "w") as f:
            f.write("code,amount_cents\n")
            for _ in range(n):
                f.write(f"{rng.choice(codes)},{rng.randrange(0, 100_000_000_00)}\n")
    return path


def worker(engine, threads, path):
    """One engine's worker: load, say `ready`, then time one roll-up per request line."""
    if engine == "pandas":
        import pandas as pd

        df = pd.read_csv(path, dtype={"code": "int64", "amount_cents": "int64"})

        def run():
            leaf = df.groupby("code", sort=False)["amount_cents"].sum()
            c5 = leaf.groupby(leaf.index.map(lambda c: c // 100 if c >= 1_000_000 else c)).sum()
            c3 = c5.groupby(c5.index.map(lambda c: c // 100 if c >= 10_000 else c)).sum()
            return int(c3.sum())

    elif engine == "polars":
        import polars as pl  # POLARS_MAX_THREADS is set by the parent before this import

        df = pl.read_csv(path, schema={"code": pl.Int64, "amount_cents": pl.Int64})

        def run():
            leaf = df.group_by("code").agg(pl.col("amount_cents").sum())
            c5 = (
                leaf.with_columns(c5=pl.when(pl.col("code") >= 1_000_000).then(pl.col("code") // 100).otherwise(pl.col("code")))
                .group_by("c5")
                .agg(pl.col("amount_cents").sum())
            )
            c3 = c5.with_columns(c3=pl.col("c5") // 100).group_by("c3").agg(pl.col("amount_cents").sum())
            return int(c3["amount_cents"].sum())

    else:
        import duckdb

        con = duckdb.connect()
        con.execute(f"SET threads = {threads}")
        con.execute(
            f"CREATE TABLE items AS SELECT * FROM read_csv('{path}', columns={{'code': 'BIGINT', 'amount_cents': 'BIGINT'}}, header=true)"
        )

        def run():
            rows = con.execute(
                """SELECT c3, c5, code, SUM(amount_cents) FROM (
                       SELECT code, CASE WHEN code >= 1000000 THEN code // 100 ELSE code END AS c5,
                              (CASE WHEN code >= 1000000 THEN code // 100 ELSE code END) // 100 AS c3, amount_cents
                       FROM items)
                   GROUP BY ROLLUP (c3, c5, code)"""
            ).fetchall()
            return int(next(r[3] for r in rows if r[0] is None))

    print("ready", flush=True)
    for _ in sys.stdin:
        t = time.perf_counter()
        total = run()
        print(f"{time.perf_counter() - t:.6f} {total}", flush=True)


class Engine:
    def __init__(self, name, argv, env, request="go"):
        self.name, self.request = name, request
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        assert line == "ready", f"{name}: {line!r}"
        self.times = []

    def round(self):
        self.proc.stdin.write(self.request + "\n")
        self.proc.stdin.flush()
        seconds, total = self.proc.stdout.readline().split()
        self.times.append(float(seconds))
        return int(Decimal(total))

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    path = data(n)
    subprocess.check_call(["cargo", "build", "-q", "--release", "--example", "rollup_file"], cwd=ROOT)
    kemu = [os.path.join(ROOT, "target", "release", "examples", "rollup_file"), path, str(YEAR), "--serve"]
    engines = []
    for threads in (1, 2):
        env = dict(os.environ, POLARS_MAX_THREADS=str(threads))
        engines.append(Engine(f"kemu rollup_columns {threads}t", kemu, env, f"columns {threads}"))
        engines.append(Engine(f"kemu RollUp {threads}t", kemu, env, f"rollup {threads}"))
        engines.append(Engine(f"DuckDB ROLLUP {threads}t", [sys.executable, __file__, "--worker", "duckdb", str(threads), path], env))
        engines.append(Engine(f"polars {threads}t", [sys.executable, __file__, "--worker", "polars", str(threads), path], env))
    engines.append(Engine("pandas 1t", [sys.executable, __file__, "--worker", "pandas", "1", path], dict(os.environ)))
    for _ in range(rounds):
        totals = {e.name: e.round() for e in engines}
        assert len(set(totals.values())) == 1, f"the engines disagree: {totals}"
    for e in engines:
        e.close()
    median = {e.name: statistics.median(e.times) for e in engines}
    print(f"| {n:,} line items, {rounds} interleaved rounds | min | median |")
    print("|---|---|---|")
    for e in engines:
        print(f"| {e.name} | {min(e.times) * 1000:.1f} ms | {median[e.name] * 1000:.1f} ms |")
    ratio = lambda other, kemu: median[other] / median[kemu]
    print(
        "ratio"
        f" kemu_vs_duckdb_1t={ratio('DuckDB ROLLUP 1t', 'kemu rollup_columns 1t'):.1f}"
        f" kemu_vs_duckdb_2t={ratio('DuckDB ROLLUP 2t', 'kemu rollup_columns 2t'):.1f}"
        f" kemu_vs_polars_1t={ratio('polars 1t', 'kemu rollup_columns 1t'):.1f}"
        f" kemu_vs_polars_2t={ratio('polars 2t', 'kemu rollup_columns 2t'):.1f}"
        f" kemu_vs_pandas_1t={ratio('pandas 1t', 'kemu rollup_columns 1t'):.1f}"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        main()
