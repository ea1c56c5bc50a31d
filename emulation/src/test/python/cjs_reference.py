#!/usr/bin/env python3
"""Independent reference of NetLLM's Spark scheduling simulator in deterministic mode (rules D1-D10) with the
FIFO / spark-fifo / Fair round-robin schedulers, written from the project's specification
(../shared/specs/cjs-simulator.md), not from the Java code. Standard library only. Used to cross-check the Java.

Usage: cjs_reference.py TPCH_DIR JOB_FILE EXECUTORS SCHEDULER [SCHEDULER...] [--jobs]
Prints per scheduler "<name>\t<avg jct s>\t<makespan s>\t<decisions>" (repr floats); with --jobs also one line
"<name>\tjob\t<id>\t<jct s>" per job.
"""
import bisect
import heapq
import json
import math
import os
import sys

POINTS = [5, 10, 20, 40, 50, 60, 80, 100]
MOVING_MS = 2000.0
WARMUP_MS = 1000.0
COMMON = ("common",)


def load_dag(path):
    with open(path) as f:
        d = json.load(f)
    adj = d["adjacency"]
    n = len(adj)
    parents = [[i for i in range(n) if adj[i][j] == 1] for j in range(n)]
    children = [[j for j in range(n) if adj[i][j] == 1] for i in range(n)]
    by_id = {e["stage"]: e for e in d["task_durations_ms"]}
    stages = []
    for s in range(n):
        e = by_id[s]
        first = {int(k): list(v) for k, v in e["first_wave"].items()}
        rest = {int(k): list(v) for k, v in e["rest_wave"].items()}
        fresh = {int(k): list(v) for k, v in e["fresh_durations"].items()}
        tasks = len(first[2]) + len(rest.get(2, []))
        clean = {}
        for k in sorted(first):
            left = {}
            for v in fresh.get(k, []):
                left[v] = left.get(v, 0) + 1
            kept = []
            for v in first[k]:
                if left.get(v, 0) > 0:
                    left[v] -= 1
                else:
                    kept.append(v)
            clean[k] = kept
        prev = []
        for k in sorted(clean):
            if not clean[k]:
                clean[k] = prev
            prev = clean[k]
        every = [v for m in (fresh, clean, rest) for k in sorted(m) for v in m[k]]
        stages.append({"tasks": tasks, "first": clean, "rest": rest, "fresh": fresh,
                       "mean": sum(every) / len(every)})
    return {"parents": parents, "children": children, "stages": stages}


def key_interval(n):
    if n <= 5:
        return 5, 5
    if n >= 100:
        return 100, 100
    if n in POINTS:
        return n, n
    r = next(p for p in POINTS if p > n)
    return POINTS[POINTS.index(r) - 1], r


class Sim:
    def __init__(self, dags, jobs, n):
        self.n = n
        self.jobs = jobs  # list of (arrival, dag)
        self.arrival = [a for a, _ in jobs]
        self.dag = [d for _, d in jobs]
        self.done_at = [math.inf] * len(jobs)
        self.rem = [[st["tasks"] for st in d["stages"]] for d in self.dag]
        self.finished_tasks = [[0] * len(d["stages"]) for d in self.dag]
        self.recent = [[st["mean"] for st in d["stages"]] for d in self.dag]
        self.stage_over = [[False] * len(d["stages"]) for d in self.dag]
        self.ready_set = [set(s for s in range(len(d["stages"])) if not d["parents"][s]) for d in self.dag]
        self.sat_count = [0] * len(jobs)
        self.local = [0] * len(jobs)
        self.supply = [0] * len(jobs)
        self.active = []
        self.finished_jobs = 0
        # executors
        self.where = {e: COMMON for e in range(n)}   # pool key or None while moving
        self.at_job = [None] * n
        self.last_stage = [None] * n                 # (job, stage) of the last task, None when cleared
        self.busy = [False] * n
        self.pool = {COMMON: set(range(n))}
        self.out_commit = {}                         # pool -> {dst: count} (insertion-ordered)
        self.out_total = {}
        self.in_commit = {}
        self.moving = {}
        self.src = COMMON
        self.selected = set()
        self.t = 0.0
        self.q = []
        self.seq = 0
        self.decisions = 0
        self.sched = []

    # -- helpers
    def push(self, t, ev):
        heapq.heappush(self.q, (t, self.seq, ev))
        self.seq += 1

    def members(self, p):
        return self.pool.setdefault(p, set())

    def job_of(self, p):
        return None if p == COMMON or p is None else p[1]

    def committable(self):
        if self.src is None:
            return 0
        return len(self.members(self.src)) - self.out_total.get(self.src, 0)

    def src_job(self):
        return self.job_of(self.src)

    def demand(self, j, s):
        key = ("stage", j, s)
        return self.rem[j][s] - self.moving.get(key, 0) - self.in_commit.get(key, 0)

    def saturated_job(self, j):
        return self.sat_count[j] == len(self.dag[j]["stages"])

    def schedulable(self, job_list, sjob):
        out = []
        for j in job_list:
            if j != sjob and self.supply[j] >= self.n:
                continue
            for s in range(len(self.dag[j]["stages"])):
                if self.stage_over[j][s] or (j, s) in self.selected or self.demand(j, s) <= 0:
                    continue
                if all(self.demand(j, p) <= 0 for p in self.dag[j]["parents"][s]):
                    out.append((j, s))
        return out

    def move(self, e, p):
        old = self.where[e]
        if old is not None:
            self.members(old).discard(e)
        self.where[e] = p
        self.members(p).add(e)

    def leave_job(self, e):
        self.local[self.at_job[e]] -= 1
        self.at_job[e] = None
        self.last_stage[e] = None

    def commit(self, count, dst):
        m = self.out_commit.setdefault(self.src, {})
        m[dst] = m.get(dst, 0) + count
        self.out_total[self.src] = self.out_total.get(self.src, 0) + count
        self.in_commit[dst] = self.in_commit.get(dst, 0) + count
        dj = self.job_of(dst)
        if dj is not None and dj != self.src_job():
            self.supply[dj] += count

    def uncommit(self, e, dst):
        src = self.where[e]
        m = self.out_commit[src]
        m[dst] -= 1
        if m[dst] == 0:
            del m[dst]
        self.out_total[src] -= 1
        self.in_commit[dst] -= 1
        dj = self.job_of(dst)
        if dj is not None and dj != self.job_of(src):
            self.supply[dj] -= 1
        return src

    # -- movement
    def idle_of(self, p):
        return sorted(e for e in self.members(p) if not self.busy[e])

    def park(self, p, ids=None):
        if p is None:
            p = self.src
        if p is None or p == COMMON:
            return
        if ids is None:
            ids = self.idle_of(p)
        j = self.job_of(p)
        sat = self.saturated_job(j)
        if p[0] == "job" and not sat:
            return
        dst = COMMON if sat else ("job", j)
        for e in ids:
            self.move(e, dst)
            if dst == COMMON:
                self.leave_job(e)

    def go(self, e, j, s):
        if self.rem[j][s] == 0:
            b = self.backup(e)
            if b is not None:
                self.go(e, *b)
            else:
                self.park(self.where[e], [e])
            return
        if self.at_job[e] != j:
            old = self.where[e]
            if old is not None:
                self.members(old).discard(e)
            self.where[e] = None
            key = ("stage", j, s)
            self.moving[key] = self.moving.get(key, 0) + 1
            self.supply[j] += 1
            oj = self.job_of(old)
            if oj is not None:
                self.supply[oj] -= 1
            if self.at_job[e] is not None:
                self.leave_job(e)
            self.push(self.t + MOVING_MS, ("exec", e, j, s))
            return
        if s not in self.ready_set[j]:
            self.last_stage[e] = None
            self.move(e, ("job", j))
            return
        self.move(e, ("stage", j, s))
        self.start(e, j, s)

    def backup(self, e):
        j = self.at_job[e]
        if j is not None:
            mine = self.schedulable([j], j)
            if mine:
                return mine[-1]
        others = self.schedulable([k for k in self.active if k != j], j)
        return others[-1] if others else None

    def start(self, e, j, s):
        st = self.dag[j]["stages"][s]
        k = st["tasks"] - self.rem[j][s]
        self.rem[j][s] -= 1
        if self.rem[j][s] == 0:
            self.sat_count[j] += 1
        n = self.local[j]
        lo, hi = key_interval(n)
        if lo == hi:
            key = lo
        else:
            h = (k * 2654435769) % (1 << 32)
            key = lo if 1 + (h * (hi - lo)) // (1 << 32) <= n - lo else hi
        if key not in st["first"]:
            key = max(st["first"])

        def avail(m):
            v = m.get(key)
            return v if v else None
        warm = 0.0
        if self.last_stage[e] is None:
            lst = avail(st["fresh"])
            if lst is None:
                lst, warm = avail(st["first"]), WARMUP_MS
        elif self.last_stage[e] == (j, s):
            lst = avail(st["rest"]) or avail(st["first"]) or avail(st["fresh"])
        else:
            lst = avail(st["first"]) or avail(st["fresh"])
        d = lst[k % len(lst)] + warm
        self.last_stage[e] = (j, s)
        self.busy[e] = True
        self.recent[j][s] = d
        self.push(self.t + d, ("task", e, j, s))

    def fulfil(self, e, dst):
        src = self.uncommit(e, dst)
        if dst == COMMON:
            self.park(src, [e])
        else:
            self.go(e, dst[1], dst[2])

    # -- events
    def on_job(self, j):
        self.active.append(j)
        if self.members(COMMON):
            self.src = COMMON

    def on_exec(self, e, j, s):
        self.local[j] += 1
        self.at_job[e] = j
        self.moving[("stage", j, s)] -= 1
        self.move(e, ("job", j))
        self.go(e, j, s)

    def on_task(self, e, j, s):
        self.finished_tasks[j][s] += 1
        self.busy[e] = False
        if self.rem[j][s] > 0:
            self.start(e, j, s)
            return
        changed = False
        if self.finished_tasks[j][s] == self.dag[j]["stages"][s]["tasks"]:
            self.stage_over[j][s] = True
            self.ready_set[j].discard(s)
            for c in self.dag[j]["children"][s]:
                if not self.stage_over[j][c] and all(self.stage_over[j][p] for p in self.dag[j]["parents"][c]):
                    self.ready_set[j].add(c)
                    changed = True
        if all(self.stage_over[j]):
            if self.members(("job", j)):
                self.park(("job", j))
            self.active.remove(j)
            self.finished_jobs += 1
            self.done_at[j] = self.t
        pool = ("stage", j, s)
        nxt = next(iter(self.out_commit.get(pool, {})), None)
        if nxt is not None:
            self.fulfil(e, nxt)
        else:
            self.last_stage[e] = None
            if changed:
                self.park(pool, [e])
        if changed:
            self.src = ("job", j)
        elif nxt is None:
            self.src = pool

    # -- rounds
    def end_round(self):
        c = self.committable()
        if c > 0:
            self.commit(c, COMMON)
        if self.src is not None:
            idle = self.idle_of(self.src)
            for dst, count in list(self.out_commit.get(self.src, {}).items()):
                while count > 0 and idle:
                    self.fulfil(idle.pop(0), dst)
                    count -= 1
        self.src = None
        self.selected.clear()

    def run_until_decision(self):
        found = []
        while self.q:
            self.t, _, ev = heapq.heappop(self.q)
            if ev[0] == "job":
                self.on_job(ev[1])
            elif ev[0] == "exec":
                self.on_exec(*ev[1:])
            else:
                self.on_task(*ev[1:])
            if self.committable() == 0:
                continue
            found = self.schedulable(self.active, self.src_job())
            if found:
                break
            self.park(None)
            self.src = None
        self.sched = found

    def episode(self, decide):
        for j, a in enumerate(self.arrival):
            self.push(a, ("job", j))
        while self.q and self.q[0][0] <= 0:
            _, _, ev = heapq.heappop(self.q)
            self.on_job(ev[1])
        self.sched = self.schedulable(self.active, self.src_job())
        while self.finished_jobs < len(self.jobs):
            stage_pos, count = decide(self)
            self.decisions += 1
            if stage_pos == -1:
                c = self.committable()
                if c > 0:
                    self.commit(c, COMMON)
            else:
                j, s = self.sched[stage_pos]
                self.commit(min(count, self.demand(j, s)), ("stage", j, s))
                self.selected.add((j, s))
                keys = [x[0] for x in self.sched]
                lo = bisect.bisect_left(keys, j)
                hi = bisect.bisect_right(keys, j)
                self.sched = self.sched[:lo] + self.schedulable([j], self.src_job()) + self.sched[hi:]
            if self.committable() > 0 and self.sched:
                continue
            self.end_round()
            self.run_until_decision()


def round_robin(cap_rule):
    def decide(sim):
        n = sim.n
        jobs = sim.active
        if cap_rule == "half":
            cap = -(-n // 2)
        elif cap_rule == "none":
            cap = n
        else:
            cap = -(-n // max(1, len(jobs)))
        pos = {st: i for i, st in enumerate(sim.sched)}
        c = sim.committable()

        def find(j):
            first = None
            for s in range(len(sim.dag[j]["stages"])):
                if (j, s) not in pos:
                    continue
                active_parent = any(not sim.stage_over[j][p] for p in sim.dag[j]["parents"][s])
                if not active_parent:
                    return pos[(j, s)]
                if first is None:
                    first = pos[(j, s)]
            return first
        sj = sim.src_job()
        if sj in jobs:
            p = find(sj)
            if p is not None:
                return p, c
        for j in jobs:
            if sim.supply[j] >= cap or j == sj:
                continue
            p = find(j)
            if p is not None:
                return p, min(c, cap - sim.supply[j])
        return -1, c
    return decide


SCHEDULERS = {"fifo": "half", "spark-fifo": "none", "fair": "share"}


def main(argv):
    show_jobs = "--jobs" in argv
    args = [a for a in argv if a != "--jobs"]
    tpch, job_file, n = args[0], args[1], int(args[2])
    rows = []
    with open(job_file) as f:
        header = f.readline().strip()
        assert header == "job,arrival_ms,query,size", header
        for line in f:
            if line.strip():
                _, a, q, size = line.strip().split(",")
                rows.append((float(a), int(q), size))
    cache = {}
    jobs = []
    for a, q, size in rows:
        if (q, size) not in cache:
            cache[(q, size)] = load_dag(os.path.join(tpch, size, "query_%d.json" % q))
        jobs.append((a, cache[(q, size)]))
    for name in args[3:]:
        sim = Sim(cache, jobs, n)
        sim.episode(round_robin(SCHEDULERS[name]))
        total = 0.0
        for j in range(len(jobs)):
            total += sim.done_at[j] - sim.arrival[j]
        print("%s\t%r\t%r\t%d" % (name, total / len(jobs) / 1000.0, max(sim.done_at) / 1000.0, sim.decisions))
        if show_jobs:
            for j in range(len(jobs)):
                print("%s\tjob\t%d\t%r" % (name, j, (sim.done_at[j] - sim.arrival[j]) / 1000.0))


if __name__ == "__main__":
    main(sys.argv[1:])
