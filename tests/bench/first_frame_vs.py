"""The first frame of Home beside another checkout's, run in turns on the same machine.

    git worktree add /tmp/before bd7bd69
    python tests/bench/first_frame_vs.py /tmp/before [--runs 21]

A shared or throttled machine moves every figure by several percent from one run to the
next; taking the two trees (and the bare Textual app) in turns, each on a journal of
10,000 check-ins made by its own code, keeps that out of the comparison.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.bench import CHECKINS  # noqa: E402
from tests.bench.frames import _BARE, _KETA, run_script  # noqa: E402

_BUILD = f"""
import sys
from pathlib import Path
from tests.bench.make_journal import build
build(Path(sys.argv[1]), {CHECKINS})
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("other", type=Path, help="another checkout of ketacheck")
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    trees = {"this tree": ROOT, str(args.other): args.other.resolve()}
    with tempfile.TemporaryDirectory() as scratch:
        journals = {}
        for name, tree in trees.items():
            journals[name] = str(Path(scratch) / f"data-{len(journals)}")
            subprocess.run([sys.executable, "-c", _BUILD, journals[name]], check=True, cwd=tree)
            run_script(_KETA, journals[name], tree=tree)  # warm: bytecode written, files cached
        times: dict[str, list[float]] = {name: [] for name in [*trees, "bare"]}
        for _ in range(args.runs):
            for name, tree in trees.items():
                times[name].append(run_script(_KETA, journals[name], tree=tree)[0])
            times["bare"].append(run_script(_BARE)[0])
    bare = statistics.median(times["bare"])
    for name, seconds in times.items():
        median = statistics.median(seconds)
        print(f"{name}: median {median * 1000:.1f} ms = {median / bare:.2f}x of the bare app")


if __name__ == "__main__":
    main()
