#!/usr/bin/env python3
"""The same roll-up (项 → 款 → 类 → 合计, sums of amounts in cents) through kemu, pandas, polars
and DuckDB (GROUP BY ROLLUP), each on one thread, best of five runs, data already in memory.

    pip install pandas polars duckdb
    python3 benches/compare/compare.py [ROWS ...]     # default: 1000000

Prints a Markdown table for the README. Amounts are integer cents in every tool (exact, as
kemu's Decimal is); codes are the 2020 功能分类 leaves of data/func.csv.
"""
import csv
import json
import os
import random
import subprocess
import sys
import time

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


def best(fn, runs=5):
    times = []
    result = None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def run(n):
    path = data(n)
    import duckdb
    import pandas as pd
    import polars as pl

    pdf = pd.read_csv(path, dtype={"code": "int64", "amount_cents": "int64"})

    def pandas_rollup():
        c7 = pdf.groupby("code", sort=False)["amount_cents"].sum()
        c5 = c7.groupby(c7.index.map(lambda c: c // 100 if c >= 1_000_000 else c)).sum()
        c3 = c5.groupby(c5.index.map(lambda c: c // 100 if c >= 10_000 else c)).sum()
        return int(c3.sum())

    # Codes have 3, 5 or 7 digits; in the leaf set a 款 without 项 is a leaf (5 digits).
    pldf = pl.read_csv(path, schema={"code": pl.Int64, "amount_cents": pl.Int64})

    def polars_rollup():
        d = pldf.with_columns(
            c5=pl.when(pl.col("code") >= 1_000_000).then(pl.col("code") // 100).otherwise(pl.col("code")),
        ).with_columns(c3=pl.col("c5") // 100)
        a = d.group_by("code").agg(pl.col("amount_cents").sum())
        b = d.group_by("c5").agg(pl.col("amount_cents").sum())
        c = d.group_by("c3").agg(pl.col("amount_cents").sum())
        return int(c["amount_cents"].sum()), len(a) + len(b) + len(c)

    con = duckdb.connect()
    con.execute("SET threads = 1")
    con.execute(f"CREATE TABLE items AS SELECT * FROM read_csv('{path}', columns={{'code': 'BIGINT', 'amount_cents': 'BIGINT'}}, header=true)")

    def duckdb_rollup():
        rows = con.execute(
            """SELECT c3, c5, code, SUM(amount_cents) FROM (
                   SELECT code, CASE WHEN code >= 1000000 THEN code // 100 ELSE code END AS c5,
                          (CASE WHEN code >= 1000000 THEN code // 100 ELSE code END) // 100 AS c3, amount_cents
                   FROM items)
               GROUP BY ROLLUP (c3, c5, code)"""
        ).fetchall()
        return int(next(r[3] for r in rows if r[0] is None))

    results = {}
    results["pandas"] = best(pandas_rollup)
    results["polars"] = best(polars_rollup)
    results["DuckDB"] = best(duckdb_rollup)
    kemu = json.loads(
        subprocess.check_output(["cargo", "run", "-q", "--release", "--example", "rollup_file", "--", path, str(YEAR)], cwd=ROOT)
    )
    totals = {results["pandas"][1], results["polars"][1][0], results["DuckDB"][1], round(float(kemu["grand_total"]) * 100)}
    assert len(totals) == 1, f"the tools disagree: {totals}"
    return kemu, {k: v[0] for k, v in results.items()}


def main():
    os.environ.setdefault("POLARS_MAX_THREADS", "1")
    sizes = [int(a) for a in sys.argv[1:]] or [1_000_000]
    print("| line items | kemu, 1 thread | kemu, 2 threads | pandas | polars | DuckDB (ROLLUP) |")
    print("|---|---|---|---|---|---|")
    for n in sizes:
        kemu, others = run(n)
        k = kemu["rollup_1_thread_s"]
        cell = lambda s: f"{s * 1000:.1f} ms ({s / k:.1f}×)"
        print(
            f"| {n:,} | {k * 1000:.1f} ms | {kemu['rollup_2_threads_s'] * 1000:.1f} ms | "
            f"{cell(others['pandas'])} | {cell(others['polars'])} | {cell(others['DuckDB'])} |"
        )


if __name__ == "__main__":
    main()
