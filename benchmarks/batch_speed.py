"""Speed and memory of batch scoring, against the bare scikit-learn pipeline.

Builds a synthetic intake file (reproducible from a seed): each text is 40-400 characters of
sentences sampled from data/statements.csv and neutral filler, with a few blank texts and a
few holding a phone number or e-mail address, as real intake does. Then reports, in one run:

(a) texts/s of the bare fitted pipeline, ``model.pipeline_.predict_proba``, on the texts in
    memory (called on slices of 5,000 texts: one call on all of them would build a sparse
    matrix of several GB; per-text speed does not depend on the slice size);
(b) texts/s of ``score_frame`` on the same texts (a DataFrame), measured interleaved with (a)
    block by block, so a change in machine load hits both alike;
(c) texts/s of ``score_file`` CSV to CSV with 1 and with 2 jobs, each in a fresh process,
    reading and writing included (timed around the call; the model is loaded before; the
    2-job figure includes starting the worker processes). 1-job and 2-job runs alternate,
    ``--repeat`` times, and the fastest of each counts, as timeit does;
(d) peak resident memory (VmHWM) of the 1-job ``score_file`` process for ``--rows`` and
    for ``--big-rows`` rows; with 1 job all the work happens in that one process;
(e) for reference, the machine's own ceiling for 2 jobs: texts/s of two bare-pipeline
    processes running at once over one running alone (2.0 on two idle, independent cores;
    less when the CPUs share a physical core or other programs are busy).

    python benchmarks/batch_speed.py [--rows 200000] [--big-rows 1000000] [--seed 0]

Each figure is printed with its target and PASS/FAIL. Timings on a shared machine vary with
what else runs: the load average is printed along the way, and so are rates per CPU-second
of the scoring process, which other programs disturb less. Run it on an idle machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parent.parent / "data"

FILLER = [
    "I am not sure where to start.",
    "We have been together for a long time.",
    "Thank you for reading this.",
    "It has been going on for a while now.",
    "We both work full time and the kids keep us busy.",
    "I do not know if this is normal.",
    "My friends say I should talk to someone.",
    "We met at university.",
    "Things were good at the beginning.",
    "I just want us to be happy again.",
    "We have 2 kids and a dog.",
    "It started about 3 years ago.",
    "He works nights so we hardly see each other.",
    "She says I am overreacting.",
    "Sorry if this is long.",
]
IDENTIFIERS = ["call me on 07700 900{:03d}", "my email is client{}@example.org",
               "my number is +44 7700 900{:03d}"]


def sentences() -> list[str]:
    texts = pd.read_csv(DATA / "statements.csv", dtype=str, keep_default_na=False)["text"]
    parts = [s.strip() for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if s.strip()]
    return [s for s in parts if len(s) <= 300]


def synthetic_texts(n: int, seed: int) -> list[str]:
    """Return ``n`` intake-like texts of 40-400 characters (0.3% blank, 0.5% with an identifier)."""
    rng = np.random.default_rng(seed)
    pool = sentences()
    targets = rng.integers(40, 401, size=n)
    kinds = rng.random(n)
    picks = rng.integers(0, len(pool), size=(n, 12))
    fill = rng.integers(0, len(FILLER), size=(n, 12))
    use_filler = rng.random((n, 12)) < 0.25
    out = []
    for i in range(n):
        if kinds[i] < 0.003:
            out.append("")
            continue
        text = ""
        for k in range(12):
            piece = FILLER[fill[i, k]] if use_filler[i, k] else pool[picks[i, k]]
            text = f"{text} {piece}" if text else piece
            if len(text) >= targets[i]:
                break
        if kinds[i] > 0.995:
            text = f"{IDENTIFIERS[i % 3].format(i % 1000)}. {text}"
        if len(text) > 400:
            text = text[:400].rsplit(" ", 1)[0]
        if len(text) < 40:
            text = f"{text} {FILLER[0]} {FILLER[2]}"
        out.append(text)
    return out


def intake_frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed + 1)
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
    return pd.DataFrame({
        "client_id": [f"C{i:07d}" for i in range(n)],
        "received": days.strftime("%Y-%m-%d"),
        "text": synthetic_texts(n, seed),
    })


# -- measurements ---------------------------------------------------------------------------

CHILD = r"""
import json, sys, time, warnings
import trustclassify as tc
model = tc.default_model()
src, dst, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
start = time.perf_counter()
cpu = time.process_time()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    summary = tc.score_file(src, dst, text_column="text", model=model, n_jobs=jobs,
                            progress=False, force=True)
seconds = time.perf_counter() - start
cpu = time.process_time() - cpu
status = open("/proc/self/status").read()
hwm = int(next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1])
print(json.dumps({"seconds": seconds, "cpu": cpu, "rows": summary.rows_read, "vmhwm_kb": hwm}))
"""


BARE_CHILD = r"""
import json, sys, time
import pandas as pd
import trustclassify as tc
model = tc.default_model()
texts = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False, nrows=int(sys.argv[2]))
texts = texts["text"].tolist()
start = time.perf_counter()
for i in range(0, len(texts), 5_000):
    model.pipeline_.predict_proba(texts[i : i + 5_000])
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def parallel_ceiling(src: Path, rows: int) -> float:
    """Return texts/s of two bare-pipeline processes at once over that of one alone."""

    def start():
        return subprocess.Popen([sys.executable, "-c", BARE_CHILD, str(src), str(rows)],
                                stdout=subprocess.PIPE, text=True)

    def seconds(proc) -> float:
        out, _ = proc.communicate()
        return json.loads(out.strip().splitlines()[-1])["seconds"]

    alone = seconds(start())
    pair = [start(), start()]
    together = max(seconds(p) for p in pair)
    return (2 * rows / together) / (rows / alone)


def run_score_file(src: Path, dst: Path, jobs: int) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(src), str(dst), str(jobs)],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def interleaved_in_memory(model, frame: pd.DataFrame, blocks: int) -> tuple[float, ...]:
    """Return wall and CPU seconds of the bare pipeline and score_frame, block by block."""
    import warnings

    import trustclassify as tc

    bare = framed = bare_cpu = framed_cpu = 0.0
    done = 0
    for part in np.array_split(np.arange(len(frame)), blocks):
        block = frame.iloc[part]
        texts = block["text"].tolist()
        start, cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(texts), 5_000):
            model.pipeline_.predict_proba(texts[i : i + 5_000])
        bare += time.perf_counter() - start
        bare_cpu += time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tc.score_frame(block, text_column="text", model=model)
        framed += time.perf_counter() - start
        framed_cpu += time.process_time() - cpu
        done += len(block)
        print(f"    {done:,} texts: bare {done / bare:,.0f}/s, score_frame {done / framed:,.0f}/s "
              f"({load()})", flush=True)
    return bare, framed, bare_cpu, framed_cpu


def load() -> str:
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--big-rows", type=int, default=1_000_000,
                        help="rows of the file for the memory comparison")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--blocks", type=int, default=4, help="blocks interleaving (a) and (b)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each score_file setting")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where to write the synthetic files (default: a temporary folder)")
    args = parser.parse_args()

    import trustclassify as tc

    print(f"trustclassify {tc.__version__}, {os.cpu_count()} CPUs, {load()}")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="trustclassify-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    frame = intake_frame(args.rows, args.seed)
    small = workdir / f"intake-{args.rows}.csv"
    frame.to_csv(small, index=False)
    lengths = frame["text"].str.len()
    print(f"built {small} ({args.rows:,} rows, text length {lengths.min()}-{lengths.max()}, "
          f"mean {lengths.mean():.0f}) in {time.perf_counter() - start:.0f} s")

    model = tc.default_model()
    print(f"\n(a)+(b) bare pipeline and score_frame, interleaved in {args.blocks} blocks")
    bare_s, frame_s, bare_cpu, frame_cpu = interleaved_in_memory(model, frame, args.blocks)
    bare = args.rows / bare_s
    framed = args.rows / frame_s
    del frame

    print(f"\n(c) score_file CSV -> CSV ({load()})")
    ones, twos = [], []
    for _ in range(args.repeat):
        ones.append(run_score_file(small, workdir / "scored-1.csv", 1))
        print(f"    1 job:  {ones[-1]['seconds']:.1f} s, {ones[-1]['cpu']:.1f} CPU-s ({load()})",
              flush=True)
        twos.append(run_score_file(small, workdir / "scored-2.csv", 2))
        print(f"    2 jobs: {twos[-1]['seconds']:.1f} s ({load()})", flush=True)
    one = min(ones, key=lambda r: r["seconds"])
    two = min(twos, key=lambda r: r["seconds"])
    same = (workdir / "scored-1.csv").read_bytes() == (workdir / "scored-2.csv").read_bytes()
    print(f"    outputs of 1 and 2 jobs identical: {same}")
    file1 = args.rows / one["seconds"]
    file2 = args.rows / two["seconds"]

    print(f"\n(d) peak memory of score_file with {args.big_rows:,} rows (1 job)")
    big = workdir / f"intake-{args.big_rows}.csv"
    intake_frame(args.big_rows, args.seed).to_csv(big, index=False)
    large = run_score_file(big, workdir / "scored-big.csv", 1)
    print(f"    {large['seconds']:.1f} s, {args.big_rows / large['seconds']:,.0f} texts/s, "
          f"{args.big_rows / large['cpu']:,.0f} per CPU-s ({load()})")
    mem_small = max(r["vmhwm_kb"] for r in ones) / 1024

    print(f"\n(e) two bare-pipeline processes at once vs one ({load()})")
    ceiling = parallel_ceiling(small, min(args.rows, 20_000))
    print(f"    {ceiling:.2f} x ({load()})")
    mem_big = large["vmhwm_kb"] / 1024

    rows = [
        ("(a) bare pipeline predict_proba", f"{bare:,.0f} texts/s", "", None),
        ("(b) score_frame", f"{framed:,.0f} texts/s", f">= 0.9 x (a): {framed / bare:.2f} x",
         framed >= 0.9 * bare),
        ("(c) score_file, 1 job", f"{file1:,.0f} texts/s", f">= 0.7 x (a): {file1 / bare:.2f} x",
         file1 >= 0.7 * bare),
        ("(c) score_file, 2 jobs", f"{file2:,.0f} texts/s",
         f">= 1.6 x 1 job: {file2 / file1:.2f} x", file2 >= 1.6 * file1),
        (f"(d) peak RSS, {args.rows:,} rows", f"{mem_small:,.0f} MB", "", None),
        (f"(d) peak RSS, {args.big_rows:,} rows", f"{mem_big:,.0f} MB",
         f"<= 1.2 x {args.rows:,} rows: {mem_big / mem_small:.2f} x", mem_big <= 1.2 * mem_small),
        ("(e) machine ceiling for 2 jobs", f"{ceiling:.2f} x", "(2 jobs reached "
         f"{file2 / file1 / ceiling:.0%} of it)", None),
    ]
    print(f"\nResults ({args.rows:,} rows, seed {args.seed}; {load()})")
    for name, figure, target, ok in rows:
        mark = "" if ok is None else verdict(ok)
        print(f"  {name:34s} {figure:>16s}   {target:34s} {mark}")
    print("\n  Per CPU-second of the scoring process, which background load affects less: "
          f"bare {args.rows / bare_cpu:,.0f}, score_frame {args.rows / frame_cpu:,.0f} "
          f"({bare_cpu / frame_cpu:.2f} x), score_file 1 job {args.rows / one['cpu']:,.0f} "
          f"({bare_cpu / one['cpu']:.2f} x)")
    failed = [name for name, _, _, ok in rows if ok is False]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
