#!/usr/bin/env python3
"""Bandwidth traces from a generator the project's models never train on: a stand-in for hidden test traces.

Not SynthTrace (evenly spaced Markov states, Gaussian noise): here each regime's mean is drawn log-uniformly
from [LOW, HIGH] Mbit/s, regimes last an exponential time (mean DWELL s), the log-throughput follows an AR(1)
process around the regime mean, and short outages (OUTAGE_MBPS for 1-3 s) strike at random.
Usage: proxy_traces.py OUT_DIR [--count N] [--seed S] [--low 0.2] [--high 8] [--seconds 320]
"""
import argparse
import math
import os
import random


def trace(rng, low, high, seconds, dwell=15.0, rho=0.8, sigma=0.25, outage_rate=0.01, outage_mbps=0.08):
    out = []
    t = 0
    log_mean = math.log(low) + rng.random() * (math.log(high) - math.log(low))
    left = rng.expovariate(1.0 / dwell)
    x = 0.0
    outage = 0
    while t < seconds:
        if left <= 0:
            log_mean = math.log(low) + rng.random() * (math.log(high) - math.log(low))
            left = rng.expovariate(1.0 / dwell)
        x = rho * x + math.sqrt(1 - rho * rho) * sigma * rng.gauss(0, 1)
        if outage == 0 and rng.random() < outage_rate:
            outage = rng.randint(1, 3)
        mbps = outage_mbps if outage > 0 else math.exp(log_mean + x)
        outage = max(0, outage - 1)
        out.append((t, max(0.05, round(mbps, 3))))
        t += 1
        left -= 1
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--count", type=int, default=20)
    p.add_argument("--seed", type=int, default=777)
    p.add_argument("--low", type=float, default=0.2)
    p.add_argument("--high", type=float, default=8.0)
    p.add_argument("--seconds", type=int, default=320)
    a = p.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    for i in range(a.count):
        with open(os.path.join(a.out, "proxy_%04d" % i), "w") as f:
            for t, mbps in trace(rng, a.low, a.high, a.seconds):
                f.write("%d\t%.3f\n" % (t, mbps))
    print("wrote %d proxy traces (seed %d, %.1f-%.1f Mbit/s) to %s" % (a.count, a.seed, a.low, a.high, a.out))


if __name__ == "__main__":
    main()
