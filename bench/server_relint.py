#!/usr/bin/env python3
"""Re-lint timing of `servicelint server` (python3 standard library only; not part of the tests).

Starts the server, opens a ~10 KB generated document, then saves it RUNS times with a changed
text (didSave lints at once, no debounce) and times each didSave -> publishDiagnostics round
trip: the server's re-lint plus the JSON over the pipes, so an upper bound on the lint itself.
The first open includes loading the rules and building the phrase automaton (once per server).

    python3 bench/server_relint.py --bin target/release/servicelint [--size 10240] [--runs 200]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/servicelint")
    ap.add_argument("--size", type=int, default=10 * 1024)
    ap.add_argument("--runs", type=int, default=200)
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, os.path.join(here, "gen_corpus.py"), "--out", tmp, "--files", "1",
             "--size", str(args.size)],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        path = next(
            os.path.join(d, n)
            for d, _, names in sorted(os.walk(tmp))
            for n in sorted(names)
            if n.endswith((".md", ".txt"))
        )
        text = open(path, encoding="utf-8").read()
        run(args.bin, path, text, args.runs)


def run(binary, path, text, runs):
    p = subprocess.Popen([binary, "server", "--isolated"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE)

    def send(obj):
        body = json.dumps(obj).encode()
        p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        p.stdin.flush()

    def recv():
        length = None
        while True:
            line = p.stdout.readline()
            if not line:
                raise SystemExit("server closed its output")
            if line == b"\r\n":
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(p.stdout.read(length))

    def published():
        while True:
            m = recv()
            if m.get("method") == "textDocument/publishDiagnostics":
                return m["params"]["diagnostics"]

    uri = "file://" + path
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    recv()
    t0 = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    first = published()
    opened = time.perf_counter() - t0
    times = []
    for i in range(runs):
        changed = text + ("\n" if i % 2 else "")
        t = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {
            "textDocument": {"uri": uri}, "text": changed}})
        published()
        times.append((time.perf_counter() - t) * 1000)
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    recv()
    send({"jsonrpc": "2.0", "method": "exit"})
    p.wait(10)
    times.sort()
    print(f"document: {len(text.encode())} bytes, {len(first)} diagnostics")
    print(f"first open (rules + automaton + lint): {opened * 1000:.1f} ms")
    print(f"re-lint round trip over {runs} saves: median {statistics.median(times):.2f} ms, "
          f"p95 {times[int(len(times) * 0.95) - 1]:.2f} ms, min {times[0]:.2f} ms")


if __name__ == "__main__":
    main()
