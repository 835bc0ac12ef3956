"""Markdown for $GITHUB_STEP_SUMMARY from servicelint's JSON report: totals, counts by rule, and the
first findings (GitHub shows at most 10 annotations per level per step). Used by action.yml.

Usage: servicelint-summary.py REPORT.json EXIT_CODE
"""

import json
import sys
from collections import Counter

FIRST = 50


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def main():
    path, code = sys.argv[1], sys.argv[2]
    try:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        print(f"### servicelint\n\nno report ({e}); exit code {code}\n")
        return
    s = report.get("summary", {})
    print("### servicelint\n")
    print(
        f"{s.get('files', 0)} files: **{s.get('errors', 0)} errors**, {s.get('warnings', 0)} warnings, "
        f"{s.get('infos', 0)} infos (exit code {code})\n"
    )
    findings = [
        (file["path"], d)
        for file in report.get("files", [])
        for d in file.get("diagnostics", [])
    ]
    if not findings:
        return
    counts = Counter((d["rule"], d["level"]) for _, d in findings)
    print("| rule | level | findings |\n|---|---|---:|")
    for (rule, level), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"| `{rule}` | {level} | {n} |")
    order = {"error": 0, "warning": 1, "info": 2}
    findings.sort(key=lambda f: order.get(f[1]["level"], 3))
    print(f"\n<details><summary>First {min(FIRST, len(findings))} of {len(findings)} findings</summary>\n")
    print("| where | level | rule | message |\n|---|---|---|---|")
    for p, d in findings[:FIRST]:
        where = f"{p}:{d['line']}:{d['column']}"
        print(f"| `{cell(where)}` | {d['level']} | `{d['rule']}` | {cell(d['message'])} |")
    print("\n</details>\n")


if __name__ == "__main__":
    main()
