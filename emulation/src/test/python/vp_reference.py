#!/usr/bin/env python3
"""Independent reference of viewport prediction's samples, the LR and Velocity baselines and NetLLM's metric,
written from the task's rules (issue text), not from the Java code. Used to cross-check the Java.

Usage: vp_reference.py DATASET_DIR --videos 8,2 --users 40,20 [--hw 10] [--pw 20]
Prints one line per trace (videos outer, users inner, as given):
"video<V>/user<U>\t<samples>\t<lr mae>\t<velocity mae>" (repr floats; MAE pooled over the trace's samples x steps
x 3 angles), then one line "all\t<samples>\t<lr mae>\t<velocity mae>" pooled over every trace.
"""
import os
import sys


def read_trace(path):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                t, roll, pitch, yaw = (float(x) for x in line.split(",")[:4])
                rows.append((roll, pitch, yaw))
    return rows


def anchors(length):
    t = 30
    while t < length - 60:
        yield t
        t += 15


def lr(history, pw):
    """Per angle an ordinary least-squares line over indices 0..hw-1, evaluated at hw..hw+pw-1."""
    hw = len(history)
    mean_x = (hw - 1) / 2.0
    sxx = sum((i - mean_x) ** 2 for i in range(hw))
    out = [[0.0, 0.0, 0.0] for _ in range(pw)]
    for a in range(3):
        ys = [h[a] for h in history]
        mean_y = sum(ys) / hw
        slope = sum((i - mean_x) * (y - mean_y) for i, y in enumerate(ys)) / sxx
        intercept = mean_y - slope * mean_x
        for k in range(pw):
            out[k][a] = intercept + slope * (hw + k)
    return out


def velocity(history, pw):
    hw = len(history)
    out = [[0.0, 0.0, 0.0] for _ in range(pw)]
    for a in range(3):
        v = (history[-1][a] - history[0][a]) / (hw - 1)
        for k in range(pw):
            out[k][a] = history[-1][a] + (k + 1) * v
    return out


def error(g, p):
    return min(abs(g - p), abs(g + 360 - p), abs(g - 360 - p))


def main(argv):
    root = argv[1]
    opts = dict(zip(argv[2::2], argv[3::2]))
    videos = opts["--videos"].split(",")
    users = opts["--users"].split(",")
    hw = int(opts.get("--hw", "10"))
    pw = int(opts.get("--pw", "20"))
    total = [0, 0.0, 0.0]
    for v in videos:
        for u in users:
            rows = read_trace(os.path.join(root, "video" + v, "5Hz", "simple_5Hz_user" + u + ".csv"))
            n, sum_lr, sum_vel = 0, 0.0, 0.0
            for t in anchors(len(rows)):
                history, future = rows[t - hw:t], rows[t:t + pw]
                for name, pred in (("lr", lr(history, pw)), ("velocity", velocity(history, pw))):
                    s = sum(error(future[k][a], pred[k][a]) for k in range(pw) for a in range(3))
                    if name == "lr":
                        sum_lr += s
                    else:
                        sum_vel += s
                n += 1
            elements = n * pw * 3
            print("video%s/user%s\t%d\t%r\t%r" % (v, u, n, sum_lr / elements, sum_vel / elements))
            total[0] += n
            total[1] += sum_lr
            total[2] += sum_vel
    elements = total[0] * pw * 3
    print("all\t%d\t%r\t%r" % (total[0], total[1] / elements, total[2] / elements))


if __name__ == "__main__":
    main(sys.argv)
