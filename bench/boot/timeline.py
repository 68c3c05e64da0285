#!/usr/bin/env python3
"""Where one boot's time goes, from a log kept by bench/boot/run.sh (LOGS=folder), with Payara's deployment trace
when the boot had -Dorg.glassfish.deployment.trace=true (APP_JAVA_OPTIONS=...): seconds from the process start to
the server JVM's start, to Payara's "ready in" and to the first HTTP 200; the deployment, and its traced stages of
at least 0.5 s (CLASS_SCANNING: the class model of every class in the WAR and its 80 libraries; cdi LOAD: Weld).
Usage: timeline.py LOG..."""
import re
import sys


def main(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    start = int(re.search(r"bench: started at (\d+) ms", text).group(1))
    first = int(re.search(r"bench: first 200 at (\d+) ms", text).group(1))
    ready = re.search(r"\[timeMillis: (\d+)\][^\n]*ready in ([\d,]+) \(ms\)", text)
    at, took = int(ready.group(1)), int(ready.group(2).replace(",", ""))
    # A plain start deploys the WAR ("successfully deployed"); a prepared one loads it from its root folder.
    deployed = (re.search(r"was successfully deployed in ([\d,]+) milliseconds", text)
                or re.search(r"Loading application \S+ done in ([\d,]+) ms", text)).group(1).replace(",", "")
    print(f"{path}: server JVM starts at {(at - took - start) / 1000:.1f} s, deployment {int(deployed) / 1000:.1f} s, "
          f"Payara ready at {(at - start) / 1000:.1f} s, first 200 at {(first - start) / 1000:.1f} s")
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) == 8 and cells[-1].isdigit() and int(cells[-1]) >= 500 and int(cells[2]) >= 2:
            level, container, stage, detail, ms = cells[2], cells[3], cells[5], cells[6], int(cells[-1])
            print(f"  {'  ' * (int(level) - 2)}{container or '-'} {stage} {detail}".rstrip() + f": {ms / 1000:.1f} s")


if __name__ == "__main__":
    for log in sys.argv[1:]:
        main(log)
