#!/usr/bin/env python3
"""The comparison baseline for `opmodel portfolio`: load every assessment of a store with the
standard library's JSON parser and average the answered levels per team.

It does only the minimum work (no validation, no questionnaire, no scoring rules, no report),
so it is a lower bound on what any tool reading the same files has to spend.

    python3 Benchmarks/baseline_portfolio.py STORE
"""

import json
import os
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: baseline_portfolio.py STORE")
    store = sys.argv[1]
    rows = []
    for folder in sorted(os.listdir(store)):
        path = os.path.join(store, folder)
        if folder == "questionnaires" or folder.startswith(".") or not os.path.isdir(path):
            continue
        total, count = 0, 0
        for name in sorted(os.listdir(path)):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(path, name), "rb") as handle:
                document = json.load(handle)
            for answer in document.get("discover", {}).get("answers", {}).values():
                level = answer.get("level")
                if isinstance(level, int) and not answer.get("notApplicable"):
                    total += level
                    count += 1
        rows.append((folder, total / count if count else None))
    for folder, mean in rows:
        print("%s\t%s" % (folder, "-" if mean is None else "%.2f" % mean))


if __name__ == "__main__":
    main()
