#!/usr/bin/env python3
"""One README row per controller of each `netllm testbed run` output folder: session means of sim-vs-real.csv,
fallbacks over chunks, and the adapted model's per-chunk server decision time (p50 / p90, from each session's
chunks.csv). Usage: benchmarks/abr/testbed_table.py out/testbed-fcc5-idle [more folders]"""
import csv
import glob
import os
import sys

for folder in sys.argv[1:]:
    rows = list(csv.DictReader(open(os.path.join(folder, 'sim-vs-real.csv'))))
    for policy in dict.fromkeys(r['policy'] for r in rows):
        mine = [r for r in rows if r['policy'] == policy]
        mean = lambda k: sum(float(r[k]) for r in mine) / len(mine)
        times = sorted(float(c['decision_latency_ms'])
                       for f in glob.glob(os.path.join(folder, 'runs', policy.replace(':', '_'), '*', 'chunks.csv'))
                       for c in csv.DictReader(open(f)) if c['decided_by'] != 'initial')
        ms = '%.1f / %.1f' % (times[len(times) // 2], times[int(len(times) * 0.9)]) \
            if times and policy.startswith('netllm') else ''
        print(f"| {os.path.basename(folder.rstrip('/'))} | {policy} | {mean('real_qoe'):.3f} | {mean('sim_qoe'):.3f} | "
              f"{mean('qoe_gap'):+.3f} | {mean('real_bitrate_mbps'):.2f} | {mean('real_rebuffer_s'):.2f} | "
              f"{sum(int(r['fallbacks']) for r in mine)} / {sum(int(r['chunks']) for r in mine)} | {ms} |")
