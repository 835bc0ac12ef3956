#!/usr/bin/env python3
"""servicelint evaluation harness: runs the linter over labelled documents, matches its findings
to a trainer's labels and prints recall and precision per rule and overall.

Standard library only (Python 3.11+: tomllib), no network. See tests/eval/README.md for the label
format and the matching rule.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SIDECAR = ".labels.toml"
# Engine findings (decoding, suppression directives) are not a trainer's judgement.
UNSCORED_FAMILIES = ("io/", "config/")
LINT_SUFFIXES = (".md", ".markdown", ".txt")


class LabelError(Exception):
    """A label file that does not follow the format: the harness stops rather than guess."""


def default_binary() -> Path:
    """The servicelint binary: $SERVICELINT, else the release or debug build in the target dir."""
    if os.environ.get("SERVICELINT"):
        return Path(os.environ["SERVICELINT"])
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    for profile in ("release", "debug"):
        candidate = target / profile / "servicelint"
        if candidate.exists():
            return candidate
    raise SystemExit(
        "eval: no servicelint binary found; build one (cargo build) or set SERVICELINT=PATH"
    )


def parse_labels(table: dict, where: str) -> list[dict]:
    """The `expect` and `maybe` arrays of one document's table, checked strictly."""
    unknown = set(table) - {"expect", "maybe", "note"}
    if unknown:
        raise LabelError(f"{where}: unknown key(s) {sorted(unknown)}")
    out = []
    for kind in ("expect", "maybe"):
        entries = table.get(kind, [])
        if not isinstance(entries, list):
            raise LabelError(f"{where}: `{kind}` must be an array of tables")
        for i, entry in enumerate(entries):
            here = f"{where}: {kind}[{i}]"
            if not isinstance(entry, dict):
                raise LabelError(f"{here}: must be a table {{ line, rule }}")
            extra = set(entry) - {"line", "rule", "note"}
            if extra:
                raise LabelError(f"{here}: unknown key(s) {sorted(extra)}")
            line, rule = entry.get("line"), entry.get("rule")
            if not isinstance(line, int) or isinstance(line, bool) or line < 0:
                raise LabelError(f"{here}: `line` must be an integer >= 0")
            if not isinstance(rule, str) or "/" not in rule:
                raise LabelError(f"{here}: `rule` must be a rule id such as phrasing/negative")
            out.append(
                {"line": line, "rule": rule, "kind": kind, "note": entry.get("note", "")}
            )
    return out


def load_set(docs: Path) -> tuple[list[list[Path]], dict[str, list[dict]]]:
    """The units of an own labelled set and its labels.

    Each file directly under `docs` is linted on its own; each sub-folder is linted as one run
    (for cross-document rules such as time/inconsistent). Every document needs its sidecar
    `NAME.labels.toml`, even an empty one: an unlabelled document cannot be scored.
    """
    units: list[list[Path]] = []
    labels: dict[str, list[dict]] = {}
    for entry in sorted(docs.iterdir()):
        if entry.is_dir():
            files = sorted(
                p for p in entry.rglob("*") if p.is_file() and p.name.endswith(LINT_SUFFIXES)
            )
            if files:
                units.append([entry])
        elif entry.name.endswith(LINT_SUFFIXES):
            files = [entry]
            units.append([entry])
        else:
            continue
        for f in files:
            sidecar = f.with_name(f.name + SIDECAR)
            if not sidecar.exists():
                raise LabelError(f"{f}: no label file {sidecar.name}")
            with sidecar.open("rb") as fh:
                table = tomllib.load(fh)
            labels[str(f.relative_to(docs))] = parse_labels(table, str(sidecar))
    return units, labels


def load_corpus(corpus: Path, label_file: Path) -> tuple[list[list[Path]], dict[str, list[dict]]]:
    """A third-party corpus and its labels kept apart: `[files."NAME"]` tables, one per file.

    Only the files named in the label file are linted, each on its own (documents from
    different organisations do not share a standard, so no cross-file comparison).
    """
    with label_file.open("rb") as fh:
        data = tomllib.load(fh)
    files = data.get("files")
    if not isinstance(files, dict) or set(data) - {"files"}:
        raise LabelError(f"{label_file}: expected only [files.\"NAME\"] tables")
    units, labels = [], {}
    for name, table in sorted(files.items()):
        path = corpus / name
        if not path.exists():
            raise LabelError(f"{label_file}: {name} is not in {corpus}")
        units.append([path])
        labels[name] = parse_labels(table, f"{label_file} [{name}]")
    return units, labels


def run_linter(binary: Path, unit: list[Path]) -> dict:
    """servicelint's JSON report for one unit (isolated from any config, never failing on findings)."""
    cmd = [str(binary), "check", "--format", "json", "--exit-zero", "--isolated", "--ui-lang", "en"]
    cmd += [str(p) for p in unit]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1) or not proc.stdout.strip():
        raise SystemExit(
            f"eval: servicelint failed (exit {proc.returncode}) on {unit}:\n{proc.stderr}"
        )
    return json.loads(proc.stdout)


def known_rules(binary: Path) -> set[str]:
    """The rule ids this binary has (`servicelint rules --isolated`), for the subtotal that leaves
    out labels of rules not written yet."""
    proc = subprocess.run(
        [str(binary), "rules", "--isolated"], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"eval: `servicelint rules` failed (exit {proc.returncode}):\n{proc.stderr}")
    return {line.split()[0] for line in proc.stdout.splitlines() if line.strip()}


def findings_of(report: dict, base: Path, single: Path | None) -> list[dict]:
    """(file, line, rule, message) per diagnostic, the file named relative to `base`."""
    out = []
    for f in report.get("files", []):
        path = Path(f["path"])
        try:
            name = str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            name = path.name if single is None else single.name
        for d in f.get("diagnostics", []):
            out.append(
                {"file": name, "line": d["line"], "rule": d["rule"], "message": d["message"]}
            )
    return out


def score(
    labels: dict[str, list[dict]], findings: list[dict], known: set[str] | None = None
) -> dict:
    """Match findings to labels and count, per rule.

    A finding is reduced to (file, rule, line): several findings of one rule on one line are one
    point a trainer makes. Per file and rule: a finding on a labelled line matches that label
    (expect: found; maybe: neither); then each `line = 0` expect label takes one remaining
    finding of that rule anywhere in the file (the earliest), and a `line = 0` maybe label
    absorbs all that remain. What is left is a false finding; an expect label nothing matched is
    a miss. Findings in files without labels are reported as unlabelled and not scored.
    """
    got: dict[tuple[str, str], set[int]] = defaultdict(set)
    messages: dict[tuple[str, str, int], str] = {}
    unlabelled = []
    for fd in findings:
        if fd["rule"].startswith(UNSCORED_FAMILIES):
            continue
        if fd["file"] not in labels:
            unlabelled.append(fd)
            continue
        got[(fd["file"], fd["rule"])].add(fd["line"])
        messages.setdefault((fd["file"], fd["rule"], fd["line"]), fd["message"])
    want: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for name, ls in labels.items():
        for lb in ls:
            want[(name, lb["rule"])].append(lb)

    per_rule: dict[str, dict[str, int]] = defaultdict(
        lambda: {"labelled": 0, "found": 0, "missed": 0, "false": 0, "maybe_hit": 0}
    )
    misses, falses, hits = [], [], []
    for key in sorted(set(got) | set(want)):
        name, rule = key
        lines = set(got.get(key, set()))
        row = per_rule[rule]
        ls = want.get(key, [])
        exact = [lb for lb in ls if lb["line"] > 0]
        anywhere = [lb for lb in ls if lb["line"] == 0]
        for lb in exact:
            if lb["kind"] == "expect":
                row["labelled"] += 1
            if lb["line"] in lines:
                lines.discard(lb["line"])
                if lb["kind"] == "expect":
                    row["found"] += 1
                    hits.append((name, lb["line"], rule))
                else:
                    row["maybe_hit"] += 1
            elif lb["kind"] == "expect":
                row["missed"] += 1
                misses.append((name, lb["line"], rule, lb["note"]))
        for lb in sorted(anywhere, key=lambda lb: lb["kind"] != "expect"):
            if lb["kind"] == "expect":
                row["labelled"] += 1
                if lines:
                    first = min(lines)
                    lines.discard(first)
                    row["found"] += 1
                    hits.append((name, first, rule))
                else:
                    row["missed"] += 1
                    misses.append((name, 0, rule, lb["note"]))
            else:
                row["maybe_hit"] += len(lines)
                lines.clear()
        for line in sorted(lines):
            row["false"] += 1
            falses.append((name, line, rule, messages.get((name, rule, line), "")))

    total = {"labelled": 0, "found": 0, "missed": 0, "false": 0, "maybe_hit": 0}
    existing = dict(total)
    for rule, row in per_rule.items():
        for k in total:
            total[k] += row[k]
            if known is not None and rule in known:
                existing[k] += row[k]
    return {
        "rules": {r: with_ratios(v) for r, v in sorted(per_rule.items())},
        "overall": with_ratios(total),
        "overall_known": with_ratios(existing) if known is not None else None,
        "unknown_rules": sorted(r for r in per_rule if known is not None and r not in known),
        "misses": [dict(zip(("file", "line", "rule", "note"), m)) for m in misses],
        "false": [dict(zip(("file", "line", "rule", "message"), f)) for f in falses],
        "unlabelled": unlabelled,
        "documents": len(labels),
    }


def with_ratios(row: dict[str, int]) -> dict:
    """Recall = found / labelled, precision = found / (found + false); None when undefined."""
    out = dict(row)
    out["recall"] = round(row["found"] / row["labelled"], 4) if row["labelled"] else None
    denom = row["found"] + row["false"]
    out["precision"] = round(row["found"] / denom, 4) if denom else None
    return out


def fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def print_text(result: dict, title: str, show_lists: bool) -> None:
    print(f"## {title} ({result['documents']} documents)\n")
    print("| rule | labelled | found | missed | false | maybe hit | recall | precision |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for rule, r in result["rules"].items():
        if not any(r[k] for k in ("labelled", "found", "false", "maybe_hit")):
            continue  # labelled `maybe` only, and nothing fired
        print(
            f"| `{rule}` | {r['labelled']} | {r['found']} | {r['missed']} | {r['false']} "
            f"| {r['maybe_hit']} | {fmt(r['recall'])} | {fmt(r['precision'])} |"
        )
    o = result["overall"]
    print(
        f"| **overall** | {o['labelled']} | {o['found']} | {o['missed']} | {o['false']} "
        f"| {o['maybe_hit']} | **{fmt(o['recall'])}** | **{fmt(o['precision'])}** |"
    )
    k = result.get("overall_known")
    if k is not None and result["unknown_rules"]:
        print(
            f"| overall, rules this binary has | {k['labelled']} | {k['found']} | {k['missed']} "
            f"| {k['false']} | {k['maybe_hit']} | {fmt(k['recall'])} | {fmt(k['precision'])} |"
        )
        print(f"\nLabelled rules this binary does not have: {', '.join(result['unknown_rules'])}")
    if show_lists:
        print(f"\n### misses ({len(result['misses'])})\n")
        for m in result["misses"]:
            note = f"  — {m['note']}" if m["note"] else ""
            print(f"- {m['file']}:{m['line']} {m['rule']}{note}")
        print(f"\n### false findings ({len(result['false'])})\n")
        for f in result["false"]:
            print(f"- {f['file']}:{f['line']} {f['rule']}  — {f['message']}")
        if result["unlabelled"]:
            print(f"\n### findings in unlabelled files ({len(result['unlabelled'])}, not scored)\n")
            for f in result["unlabelled"]:
                print(f"- {f['file']}:{f['line']} {f['rule']}")
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=HERE / "docs", help="own labelled set (sidecars)")
    ap.add_argument("--corpus", type=Path, help="third-party corpus folder (labels kept apart)")
    ap.add_argument("--labels", type=Path, default=HERE / "corpus-labels.toml",
                    help="label file for --corpus")
    ap.add_argument("--bin", type=Path, help="servicelint binary (default: $SERVICELINT or target/)")
    ap.add_argument("--findings", type=Path,
                    help="score a saved `servicelint check --format json` report instead of running")
    ap.add_argument("--format", choices=("text", "json"), default="text")
    ap.add_argument("--quiet", action="store_true", help="the table only, no lists")
    args = ap.parse_args(argv)

    try:
        if args.corpus:
            base = args.corpus
            units, labels = load_corpus(args.corpus, args.labels)
            title = f"corpus {args.corpus}"
        else:
            base = args.set
            units, labels = load_set(args.set)
            title = f"labelled set {args.set}"
    except (LabelError, tomllib.TOMLDecodeError) as e:
        print(f"eval: {e}", file=sys.stderr)
        return 2

    findings: list[dict] = []
    known = None
    if args.findings:
        findings = findings_of(json.loads(args.findings.read_text("utf-8")), base, None)
    else:
        binary = args.bin or default_binary()
        known = known_rules(binary)
        for unit in units:
            single = unit[0] if len(unit) == 1 and unit[0].is_file() else None
            findings += findings_of(run_linter(binary, unit), base, single)

    result = score(labels, findings, known)
    if args.format == "json":
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_text(result, title, not args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
