#!/usr/bin/env python3
"""Time servicelint over a generated corpus (python3 standard library only); called by bench/run.sh.

Prints throughput (MB/s wall and per core, files/s), peak RSS (from the kernel's rusage of the child,
as /usr/bin/time -v reports it), start-up time on a 10 KB file, RSS at 2 000 vs 20 000 files, and, when
`rg` is installed, the ratio to `rg -F -i -c -f phrases.txt` over the same files and phrase list.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def corpus_size(path):
    """Files and bytes servicelint's default include globs (*.md, *.markdown, *.txt) pick up."""
    files = 0
    size = 0
    if os.path.isfile(path):
        return 1, os.path.getsize(path)
    for root, dirs, names in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.endswith((".md", ".markdown", ".txt")):
                files += 1
                size += os.path.getsize(os.path.join(root, name))
    return files, size


def run(cmd, env=None, ok=(0, 1)):
    """Run once; returns (wall seconds, cpu seconds, peak RSS in KiB)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=full_env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        sys.exit(f"command failed with exit code {code}: {' '.join(cmd)}\n{stderr[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def best(cmd, runs, env=None, ok=(0, 1)):
    """Warm the page cache once, then keep the fastest of `runs` (wall) and the largest RSS."""
    run(cmd, env, ok)
    results = [run(cmd, env, ok) for _ in range(runs)]
    wall, cpu, _ = min(results, key=lambda r: r[0])
    rss = max(r[2] for r in results)
    return wall, cpu, rss


def startup(cmd, runs):
    """Median wall time of one short run, in ms: hyperfine when installed, else a Python loop."""
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
            out = tmp.name
        try:
            quoted = " ".join(cmd)
            subprocess.run(
                ["hyperfine", "-N", "--warmup", "10", "--runs", str(runs), "-i",
                 "--export-json", out, "--style", "none", quoted],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            with open(out, encoding="utf-8") as f:
                result = json.load(f)["results"][0]
            return result["median"] * 1000, result["min"] * 1000, "hyperfine"
        except (subprocess.CalledProcessError, OSError, KeyError, ValueError):
            pass
        finally:
            os.unlink(out)
    for _ in range(10):
        run(cmd)
    times = [run(cmd)[0] * 1000 for _ in range(runs)]
    return statistics.median(times), min(times), "python loop"


FORMATS = ("concise", "pretty", "json", "sarif", "junit", "gitlab", "github", "html")


def formats(args, out):
    """Every output format over the corpus (all threads, output to /dev/null), against concise."""
    files, size = corpus_size(args.corpus)
    print(f"{'format (corpus, all threads)':<34} {'wall s':>8} {'x concise':>10} {'RSS MiB':>8} {'x concise':>10}")
    rows = {}
    for name in FORMATS:
        cmd = [args.bin, "check", "--config", args.config, "--format", name, "--color", "never", "-q",
               args.corpus]
        wall, cpu, rss = best(cmd, args.runs)
        rows[name] = {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "rss_mib": round(rss / 1024, 1)}
        base = rows["concise"]
        rows[name]["wall_x"] = round(wall / base["wall_s"], 2)
        rows[name]["rss_x"] = round(rss / 1024 / base["rss_mib"], 2)
        print(f"{name:<34} {wall:>8.3f} {rows[name]['wall_x']:>10.2f} {rss / 1024:>8.1f} {rows[name]['rss_x']:>10.2f}")
    out["formats"] = {"files": files, "mb": round(size / 1e6, 2), "rows": rows}


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--config", required=True, help="config with a max-file-size that admits the big file")
    ap.add_argument("--corpus", required=True, help="folder of ~2 000 files")
    ap.add_argument("--big", required=True, help="the one large file")
    ap.add_argument("--many", help="folder of ~20 000 files, for RSS")
    ap.add_argument("--small", required=True, help="one ~10 KB file, for start-up")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--startup-runs", type=int, default=100)
    ap.add_argument("--json", help="also write the numbers here")
    ap.add_argument("--formats-only", action="store_true", help="time only the output formats")
    args = ap.parse_args()

    base = [args.bin, "check", "--config", args.config, "--format", "concise", "-q"]
    cores = os.cpu_count() or 1
    out = {"cores": cores}
    print(f"servicelint benchmark  ({cores} cores; best of {args.runs} runs after a warm-up)")
    print()
    print(f"{'case':<34} {'files':>7} {'MB':>7} {'wall s':>8} {'MB/s':>8} {'MB/s/core':>10} {'files/s':>9} {'RSS MiB':>8}")

    def row(name, path, env=None):
        files, size = corpus_size(path)
        wall, cpu, rss = best(base + [path], args.runs, env)
        mb = size / 1e6
        r = {
            "files": files, "mb": round(mb, 2), "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
            "mb_s": round(mb / wall, 1), "mb_s_per_core": round(mb / cpu, 1) if cpu else None,
            "files_s": round(files / wall), "rss_mib": round(rss / 1024, 1),
        }
        per_core = f"{r['mb_s_per_core']:.1f}" if cpu else "-"
        print(f"{name:<34} {files:>7} {mb:>7.1f} {wall:>8.3f} {r['mb_s']:>8.1f} {per_core:>10} {r['files_s']:>9} {r['rss_mib']:>8.1f}")
        out[name] = r
        return r

    if args.formats_only:
        formats(args, out)
        return

    corpus = row("corpus (all threads)", args.corpus)
    row("corpus (1 thread)", args.corpus, {"RAYON_NUM_THREADS": "1"})
    row("big file", args.big)
    many = row("many files (RSS)", args.many) if args.many else None
    print()
    formats(args, out)
    print()

    median, fastest, how = startup(base + [args.small], args.startup_runs)
    out["startup_ms"] = {"median": round(median, 2), "min": round(fastest, 2), "by": how}
    print(f"start-up, one {os.path.getsize(args.small) / 1024:.1f} KB file: median {median:.2f} ms, min {fastest:.2f} ms ({how}, {args.startup_runs} runs)")

    if many:
        ratio = many["rss_mib"] / corpus["rss_mib"]
        out["rss_ratio"] = round(ratio, 2)
        print(f"peak RSS: {corpus['files']} files {corpus['rss_mib']:.1f} MiB, {many['files']} files {many['rss_mib']:.1f} MiB (x{ratio:.2f}; target <= 1.5)")

    rg = shutil.which("rg")
    if rg:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as tmp:
            phrases = tmp.name
        try:
            listed = subprocess.run(
                [args.bin, "rules", "--config", args.config, "--phrases"],
                check=True, capture_output=True,
            ).stdout
            with open(phrases, "wb") as f:
                f.write(listed)
            count = len([p for p in listed.splitlines() if p.strip()])
            rg_cmd = [rg, "--no-ignore", "--hidden", "-F", "-i", "-c", "-f", phrases,
                      "-g", "*.md", "-g", "*.markdown", "-g", "*.txt"]
            rg_all, _, _ = best(rg_cmd + [args.corpus], args.runs)
            rg_one, _, _ = best(rg_cmd + ["-j1", args.corpus], args.runs)
            sl_one = out["corpus (1 thread)"]["wall_s"]
            mb = corpus["mb"]
            out["rg"] = {
                "phrases": count, "wall_s": round(rg_all, 3), "mb_s": round(mb / rg_all, 1),
                "ratio": round(corpus["wall_s"] / rg_all, 2),
                "wall_s_1_thread": round(rg_one, 3), "ratio_1_thread": round(sl_one / rg_one, 2),
            }
            print(f"rg -F -i -c -f phrases.txt ({count} phrases): {rg_all:.3f} s, {mb / rg_all:.1f} MB/s; "
                  f"servicelint/rg = {corpus['wall_s'] / rg_all:.2f}x (target <= 3); "
                  f"one thread each: {sl_one / rg_one:.2f}x")
        finally:
            os.unlink(phrases)
    else:
        print("rg not installed: ripgrep comparison skipped")

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
