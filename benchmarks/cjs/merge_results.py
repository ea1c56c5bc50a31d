# Mean and sample std of per-episode average JCT over the results.csv files given, per scheduler; mean decisions.
import csv, sys, statistics
rows = [r for f in sys.argv[1:] for r in csv.DictReader(open(f))]
for name in dict.fromkeys(r['scheduler'] for r in rows):
    a = [float(r['avg_jct_s']) for r in rows if r['scheduler'] == name]
    d = [int(r['decisions']) for r in rows if r['scheduler'] == name]
    print(f"{name:16s} {len(a):3d} episodes  mean {statistics.mean(a):8.3f}  std {statistics.stdev(a):7.3f}  "
          f"range {min(a):.2f}-{max(a):.2f}  decisions {statistics.mean(d):.0f}")
