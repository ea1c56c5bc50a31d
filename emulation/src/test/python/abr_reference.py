#!/usr/bin/env python3
"""Independent reference of the ABR environment and the classic controllers, written from the project's
specification text (Pensieve's simulator semantics), not from the Java code. Used to cross-check the Java.

Usage: abr_reference.py TRACE_DIR VIDEO_DIR [--pointers START_POINTERS_FILE] [--first N]
Prints one line per trace: "<file name>\t<bba qoe>\t<mpc qoe>\t<robust-mpc qoe>\t<rate qoe>" (repr floats).
"""
import itertools
import math
import os
import sys

BITRATES = [300, 750, 1200, 1850, 2850, 4300]
CHUNKS = 48
CHUNK_MS = 4000.0
RTT_MS = 80.0
PAYLOAD = 0.95
BUFFER_CAP_MS = 60000.0
DRAIN_MS = 500.0
REBUF_PENALTY = 4.3


def read_trace(path):
    times, bws = [], []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                times.append(float(parts[0]))
                bws.append(float(parts[1]))
    return times, bws


def read_video(folder):
    sizes = []
    for q in range(len(BITRATES)):
        with open(os.path.join(folder, "video_size_%d" % q)) as f:
            values = [int(x) for x in f.read().split()]
        sizes.append(values[:CHUNKS])
    return sizes


class Env:
    def __init__(self, trace, sizes, pointer):
        self.t, self.bw = trace
        self.sizes = sizes
        self.p = pointer
        self.last = self.t[pointer - 1]
        self.buffer_ms = 0.0

    def _next_segment(self):
        self.last = self.t[self.p]
        self.p += 1
        if self.p >= len(self.t):
            self.p = 1
            self.last = 0.0

    def fetch(self, chunk, level):
        size = self.sizes[level][chunk]
        delay = 0.0
        sent = 0.0
        while True:
            thr = self.bw[self.p] * 1e6 / 8.0
            dur = self.t[self.p] - self.last
            payload = thr * dur * PAYLOAD
            if sent + payload > size:
                frac = (size - sent) / thr / PAYLOAD
                delay += frac
                self.last += frac
                break
            sent += payload
            delay += dur
            self._next_segment()
        delay_ms = delay * 1000.0 + RTT_MS
        rebuf_ms = max(delay_ms - self.buffer_ms, 0.0)
        self.buffer_ms = max(self.buffer_ms - delay_ms, 0.0) + CHUNK_MS
        if self.buffer_ms > BUFFER_CAP_MS:
            sleep_ms = math.ceil((self.buffer_ms - BUFFER_CAP_MS) / DRAIN_MS) * DRAIN_MS
            self.buffer_ms -= sleep_ms
            left = sleep_ms / 1000.0
            while True:
                dur = self.t[self.p] - self.last
                if dur > left:
                    self.last += left
                    break
                left -= dur
                self._next_segment()
        return {"level": level, "bytes": size, "delay_ms": delay_ms, "rebuf_ms": rebuf_ms,
                "buffer_ms": self.buffer_ms}


def sample(d):
    return d["bytes"] / d["delay_ms"] / 1000.0


def harmonic(samples):
    window = samples[-5:]
    s = 0.0
    for x in window:
        s += 1.0 / x
    return 1.0 / (s / len(window))


def bba(history, sizes):
    buf = history[-1]["buffer_ms"] / 1000.0
    top = len(BITRATES) - 1
    if buf < 5.0:
        return 0
    if buf >= 15.0:
        return top
    return int(top * (buf - 5.0) / 10.0)


def rate(history, sizes):
    kbps = harmonic([sample(d) for d in history]) * 8000.0
    best = 0
    for q, b in enumerate(BITRATES):
        if b <= kbps:
            best = q
    return best


def plan(history, sizes, estimate):
    nxt = len(history)
    h = min(5, CHUNKS - nxt)
    buf0 = history[-1]["buffer_ms"] / 1000.0
    last0 = history[-1]["level"]
    best_score = None
    best_first = None
    for combo in itertools.product(range(len(BITRATES)), repeat=h):
        buf = buf0
        rebuf = 0.0
        bsum = 0
        ssum = 0
        last = last0
        for pos, q in enumerate(combo):
            dl = sizes[q][nxt + pos] / 1e6 / estimate
            rebuf += max(dl - buf, 0.0)
            buf = max(buf - dl, 0.0) + 4.0
            bsum += BITRATES[q]
            ssum += abs(BITRATES[q] - BITRATES[last])
            last = q
        score = bsum / 1000.0 - REBUF_PENALTY * rebuf - ssum / 1000.0
        if best_score is None or score >= best_score:
            best_score = score
            best_first = combo[0]
    return best_first


def mpc(history, sizes):
    return plan(history, sizes, harmonic([sample(d) for d in history]))


class RobustMpc:
    """Stateful, as in Pensieve: records the forecast at each decision and one error per decision."""

    def __init__(self):
        self.forecasts = []
        self.errors = []

    def __call__(self, history, sizes):
        samples = [sample(d) for d in history]
        if self.forecasts:
            self.errors.append(abs(self.forecasts[-1] - samples[-1]) / samples[-1])
        forecast = harmonic(samples)
        self.forecasts.append(forecast)
        max_error = max(self.errors[-5:]) if self.errors else 0.0
        return plan(history, sizes, forecast / (1.0 + max_error))


def session_qoe(choose, trace, sizes, pointer):
    env = Env(trace, sizes, pointer)
    history = [env.fetch(0, 0)]
    for chunk in range(1, CHUNKS):
        history.append(env.fetch(chunk, choose(history, sizes)))
    total = 0.0
    for k in range(1, CHUNKS):
        b = BITRATES[history[k]["level"]] / 1000.0
        prev = BITRATES[history[k - 1]["level"]] / 1000.0
        total += b - REBUF_PENALTY * history[k]["rebuf_ms"] / 1000.0 - abs(b - prev)
    return total / (CHUNKS - 1)


def main():
    args = sys.argv[1:]
    trace_dir, video_dir = args[0], args[1]
    options = dict(zip(args[2::2], args[3::2]))
    names = sorted(n for n in os.listdir(trace_dir) if not n.startswith(".")
                   and os.path.isfile(os.path.join(trace_dir, n)))
    pointers = [1] * len(names)
    if "--pointers" in options:
        with open(options["--pointers"]) as f:
            pointers = [int(x) for x in f.read().split()]
    if "--first" in options:
        names = names[:int(options["--first"])]
    sizes = read_video(video_dir)
    for name, pointer in zip(names, pointers):
        trace = read_trace(os.path.join(trace_dir, name))
        row = [session_qoe(c, trace, sizes, pointer) for c in (bba, mpc, RobustMpc(), rate)]
        print(name + "\t" + "\t".join(repr(x) for x in row))


if __name__ == "__main__":
    main()
