#!/usr/bin/env python3
"""Times `aqiqat screen score-pairs` on one pair file, whole process, pinned to one core.

Runs each binary given in turn (interleaved, so that a busy machine slows them alike) and prints
the median and minimum wall time and CPU time (user + system) of each, and the load average.
The machine these figures come from is shared: compare binaries in one run, and report the load.

usage: bench/names/speed.py BINARY[,BINARY...] PAIRS.csv [RUNS] [CORE]
"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    binaries = sys.argv[1].split(",")
    pairs = sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 11
    core = sys.argv[4] if len(sys.argv) > 4 else "0"
    times = {binary: ([], []) for binary in binaries}
    with tempfile.TemporaryDirectory() as work:
        output = os.path.join(work, "scores.csv")
        for _ in range(runs):
            for binary in binaries:
                command = ["taskset", "-c", core, binary, "screen", "score-pairs", "--input", pairs, "--output", output]
                before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
                subprocess.run(command, stderr=subprocess.DEVNULL, check=True)
                wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                times[binary][0].append(wall)
                times[binary][1].append(cpu)
    with open(pairs, encoding="utf-8") as file:
        n_pairs = sum(1 for line in file) - 1
    for binary in binaries:
        wall, cpu = times[binary]
        median = statistics.median(wall)
        print(
            f"{binary}: wall median {median * 1000:.1f} ms ({n_pairs / median:,.0f} pairs/s), "
            f"min {min(wall) * 1000:.1f} ms; CPU median {statistics.median(cpu) * 1000:.1f} ms, "
            f"min {min(cpu) * 1000:.1f} ms ({runs} runs)"
        )
    print("load average: " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))


if __name__ == "__main__":
    main()
