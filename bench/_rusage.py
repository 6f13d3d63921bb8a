"""Run a command and record its wall time and peak RSS:  _rusage.py RESULT_FILE CMD...

Why a separate small process: on Linux a child's `ru_maxrss` starts from the memory of
the process that forked it (exec records the old address space's high-water mark), so a
child forked by the benchmark runner, which holds GitHub's 13 MB document parsed, would
report the runner's size instead of its own. This launcher is started with `-I -S` and
imports almost nothing, so the floor it passes on is a few MB. It inherits stdin, stdout,
stderr, the working folder and the environment and passes them on unchanged.
"""

import json
import os
import subprocess
import sys
import time


def main() -> int:
    result_file, cmd = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: keep Popen from waiting again
    with open(result_file, "w", encoding="utf-8") as handle:
        json.dump({"wall": wall, "peak_kb": usage.ru_maxrss, "code": proc.returncode}, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
