"""Tiny launcher: run one command, write its wall time and own peak RSS as JSON.

    python -I -S launch.py RESULT.json TIMEOUT_S -- CMD ARGS...

Why a launcher: Linux carries the exec-ing process's old high-water RSS into ru_maxrss, so a
child spawned straight from run.py (which may have grown while handling 10 MB outputs) would
report max(run.py's peak, its own). Forked from this small process instead, the floor under every
reading is this launcher's ~10 MB, below any Python program's own footprint.
"""

import json
import os
import signal
import sys
import time


def main():
    result, timeout, sep, *argv = sys.argv[1:]
    assert sep == "--" and argv, "usage: launch.py RESULT TIMEOUT -- CMD..."
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(argv[0], argv)
        except OSError as exc:
            os.write(2, f"launch.py: cannot run {argv[0]}: {exc}\n".encode())
        os._exit(127)
    timed_out = []

    def on_alarm(signum, frame):
        timed_out.append(True)
        os.kill(pid, signal.SIGKILL)

    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, float(timeout))
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    signal.setitimer(signal.ITIMER_REAL, 0)
    with open(result, "w") as f:
        json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss,
                   "returncode": os.waitstatus_to_exitcode(status),
                   "timed_out": bool(timed_out)}, f)


if __name__ == "__main__":
    main()
