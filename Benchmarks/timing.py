#!/usr/bin/env python3
"""Times commands side by side, interleaved: each round runs every command once (in a rotating
order), so that a change of load on a shared machine hits all of them alike.

    timing.py --runs 10 --warmup 2 --out DIR NAME=COMMAND [NAME=COMMAND ...]

Writes each command's wall times in seconds, one a line, to DIR/NAME. Commands are split on
spaces (paths must not hold any) and started directly, without a shell, with their output
discarded; a command that fails stops the benchmark.
"""

import argparse
import os
import shutil
import sys
import time


def run(argv):
    """Wall time in seconds of one run of argv."""
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ]
    start = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status = os.waitpid(pid, 0)
    elapsed = (time.perf_counter_ns() - start) / 1e9
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("%s failed with status %d" % (" ".join(argv), os.waitstatus_to_exitcode(status)))
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--out", required=True)
    parser.add_argument("commands", nargs="+", metavar="NAME=COMMAND")
    args = parser.parse_args()
    commands = []
    for item in args.commands:
        name, _, command = item.partition("=")
        argv = command.split()
        argv[0] = shutil.which(argv[0]) or argv[0]
        commands.append((name, argv))
    times = {name: [] for name, _ in commands}
    for round_number in range(-args.warmup, args.runs):
        shift = round_number % len(commands)
        for name, argv in commands[shift:] + commands[:shift]:
            elapsed = run(argv)
            if round_number >= 0:
                times[name].append(elapsed)
    for name, values in times.items():
        with open(os.path.join(args.out, name), "w") as handle:
            handle.write("".join("%.6f\n" % value for value in values))


if __name__ == "__main__":
    main()
