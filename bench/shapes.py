#!/usr/bin/env python3
"""The shape benchmark (python3 standard library only): is every check linear in the document?

For each document shape (a long alternating-turn script, a long SOP, a big table, many headings, one
very long line, many quotations, many time standards, many files stating one standard with different
values) it writes the shape at 1x, 2x, 4x and 8x (8x is the size in SHAPES), times one run of
`servicelint check` on each, and prints seconds, seconds per MB, peak RSS and the growth from 1x to
8x. Linear means the growth stays near 8; the target is at most 10 (and peak RSS at most 4x the
input for one-file shapes). A run over the time limit is shown as a timeout, not waited for.

    python3 bench/shapes.py --bin target/release/servicelint [--scale 0.25] [--only turns,table]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

AGENT = "客服：您好，请问有什么可以帮您？这个我不知道，我们会尽快回复。\n"
CUSTOMER = "顾客：好的。\n"


def turns(n):
    return "# 来电记录\n\n" + (AGENT + CUSTOMER) * n


def steps(n):
    lines = ["# 售后处理流程\n\n"]
    for i in range(1, n + 1):
        lines.append(f"{i}. 接到顾客反馈后尽快处理，并告知顾客我们会尽快回复。\n")
    return "".join(lines)


def table(n):
    lines = ["# 服务时限\n\n| 环节 | 标准 | 说明 |\n|---|---|---|\n"]
    for i in range(n):
        lines.append(f"| 回访{i} | 尽快回复顾客 | 我们会尽快联系您 |\n")
    return "".join(lines)


def headings(n):
    return "".join(f"## 第{i}节 服务说明\n\n请尽快回复顾客的留言。\n\n" for i in range(n))


def long_line(n):
    # n sentences on one line.
    return "# 说明\n\n" + "我们会尽快回复您，不知道的问题请稍等。" * n + "\n"


def quotations(n):
    return "# 话术\n\n" + "".join(
        f"{i}. 请告诉顾客：“我们会尽快回复您。”\n" for i in range(1, n + 1)
    )


def standards(n):
    return "# 时间标准\n\n" + "".join(
        f"- 第{i}项：电话铃响3声内接听，投诉24小时内回复。\n" for i in range(n)
    )


SHAPES = {
    # name: (writer of one file's text, base count, files instead of lines?)
    "turns": (turns, 16000),
    "steps": (steps, 50000),
    "table": (table, 100000),
    "headings": (headings, 100000),
    "long-line": (long_line, 25000),
    "quotations": (quotations, 100000),
    "standards": (standards, 100000),
}

MULTS = (1, 2, 4, 8)


def write_many(path, n):
    """n files that each state the phone-answer standard with a different value."""
    os.makedirs(path, exist_ok=True)
    for i in range(n):
        rings = 2 + i % 5
        with open(os.path.join(path, f"store{i:05}.md"), "w", encoding="utf-8") as f:
            f.write(f"# 门店{i} 服务规范\n\n1. 电话铃响{rings}声内接听。\n2. 投诉24小时内回复。\n")


def run(cmd, limit):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = start + limit
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            proc.wait()
            return None, None
        time.sleep(0.005)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"exit code {code}: {' '.join(cmd)}")
    return time.perf_counter() - start, usage.ru_maxrss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "servicelint"))
    ap.add_argument("--out", default="target/bench/shapes")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every base size")
    ap.add_argument("--only", default="", help="comma-separated shape names (default all, plus many-files)")
    ap.add_argument("--format", default="concise", help="output format to time")
    ap.add_argument("--limit", type=float, default=120.0, help="seconds before a run counts as a timeout")
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()
    names = [s for s in args.only.split(",") if s] or list(SHAPES) + ["many-files"]
    shutil.rmtree(args.out, ignore_errors=True)
    results = []
    print(f"{'shape':<12} {'size':>5} {'MB':>8} {'seconds':>9} {'s/MB':>8} {'RSS MiB':>8}")
    for name in names:
        row = {"shape": name, "runs": []}
        for m in MULTS:
            if name == "many-files":
                n = max(1, int(5000 * args.scale * m / 8))
                path = os.path.join(args.out, name, f"x{m}")
                write_many(path, n)
                size = sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path))
            else:
                writer, base = SHAPES[name]
                n = max(1, int(base * args.scale * m / 8))
                path = os.path.join(args.out, name, f"x{m}.md")
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(writer(n))
                size = os.path.getsize(path)
            cmd = [args.bin, "check", "--isolated", "--exit-zero", "-q", "--format", args.format, path]
            wall, rss = run(cmd, args.limit)
            mb = size / 1e6
            if wall is None:
                print(f"{name:<12} {m:>4}x {mb:>8.2f} {'timeout':>9}")
            else:
                print(f"{name:<12} {m:>4}x {mb:>8.2f} {wall:>9.3f} {wall / mb:>8.3f} {rss / 1024:>8.1f}")
            row["runs"].append({"mult": m, "bytes": size, "seconds": wall, "rss_kib": rss})
        first, last = row["runs"][0]["seconds"], row["runs"][-1]["seconds"]
        if first and last:
            row["growth"] = last / first
            print(f"{name:<12} growth 1x→8x: {last / first:.1f}")
        else:
            row["growth"] = None
            print(f"{name:<12} growth 1x→8x: n/a (timeout)")
        results.append(row)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"format": args.format, "scale": args.scale, "shapes": results}, f, indent=2)


if __name__ == "__main__":
    main()
