#!/usr/bin/env python3
"""Times NetLLM's own Python simulator (spark_sched_sim, github duowuyms/NetLLM, folder
cluster_job_scheduling/spark_sched_sim) with its FIFO and Fair round robin on one job file, for the speed ratio in
the README. Its gymnasium and torch imports are replaced by small stubs (only numpy and networkx are real: the
heuristic schedulers and the environment never call torch), its TPC-H loader reads the project's JSON DAGs
instead of NetLLM's .npy files, and its arrivals come from the job file. Durations are drawn as NetLLM draws them
(Python's random module), so JCTs differ from deterministic mode; the event loop, pools and observations are the
original code.

Usage: time_netllm_original.py NETLLM_CJS_DIR TPCH_DIR JOB_FILE EXECUTORS REPEATS
where NETLLM_CJS_DIR holds spark_sched_sim/ (e.g. `git archive` of NetLLM's cluster_job_scheduling folder).
Prints per scheduler "<name>\t<median s>\t<min s>\t<decisions>\t<avg jct s>".
"""
import json
import os
import random
import sys
import time
import types
from collections import namedtuple

import numpy as np


class Dummy:
    def __init__(self, *a, **k):
        pass

    def __call__(self, *a, **k):
        return a[0] if a and callable(a[0]) else self

    def __getattr__(self, name):
        return Dummy()


def stub(name, **attrs):
    mod = types.ModuleType(name)
    mod.__getattr__ = lambda attr: Dummy
    mod.__all__ = list(attrs)
    mod.__path__ = []
    for k, v in attrs.items():
        setattr(mod, k, v)
    sys.modules[name] = mod
    return mod


class Space:
    def __init__(self, *a, **k):
        self.n = a[0] if a and isinstance(a[0], int) else 1
        self.feature_space = a[0] if a and isinstance(a[0], Space) else self

    def contains(self, x):
        return True


class DictSpace(dict):
    def __init__(self, d=None, **k):
        super().__init__(d or {})

    def contains(self, x):
        return True


class Env:
    def reset(self, seed=None, options=None):
        self.np_random = np.random.default_rng(seed)


def install_stubs():
    spaces = dict(Dict=DictSpace, Discrete=Space, Graph=Space, Sequence=Space, Box=Space, MultiBinary=Space,
                  GraphInstance=namedtuple("GraphInstance", "nodes edges edge_links"))
    stub("gymnasium", Env=Env, ObservationWrapper=object, ActionWrapper=object)
    stub("gymnasium.spaces", **spaces)
    sys.modules["gymnasium"].spaces = sys.modules["gymnasium.spaces"]
    stub("gymnasium.core", ObsType=object, ActType=object)
    stub("gymnasium.envs")
    stub("gymnasium.envs.registration", register=lambda **k: None)
    sys.meta_path.insert(0, TorchStubs())


class TorchStubs:
    """Answers every torch / torch_geometric / torch_scatter / torch_sparse import with a stub module."""

    def find_spec(self, name, path=None, target=None):
        import importlib.machinery
        if name.split(".")[0] in ("torch", "torch_geometric", "torch_scatter", "torch_sparse"):
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec):
        mod = stub(spec.name)
        if "." in spec.name:
            parent, child = spec.name.rsplit(".", 1)
            if parent in sys.modules:
                setattr(sys.modules[parent], child, mod)
        return mod

    def exec_module(self, module):
        pass


def main(argv):
    base, tpch, job_file, n, repeats = argv[0], argv[1], argv[2], int(argv[3]), int(argv[4])
    sys.path.insert(0, base)
    install_stubs()
    import spark_sched_sim.spark_sched_sim as env_mod
    from spark_sched_sim.components import Job, Stage
    from spark_sched_sim.components.timeline import Timeline, TimelineEvent
    from spark_sched_sim.datagen.tpch_job_sequence import TPCHJobSequenceGen
    from spark_sched_sim.schedulers.heuristic.round_robin import RoundRobinScheduler
    from spark_sched_sim import metrics
    import networkx as nx

    rows = []
    with open(job_file) as f:
        f.readline()
        for line in f:
            if line.strip():
                _, a, q, s = line.strip().split(",")
                rows.append((float(a), int(q), s))

    class FileJobs(TPCHJobSequenceGen):
        def __init__(self, rate, cap):
            self.mean_interarrival_time = 1 / rate
            self.job_arrival_cap = cap
            self.np_random = None

        def new_timeline(self, max_time):
            timeline = Timeline()
            for job_id, (t, q, size) in enumerate(rows):
                timeline.push(t, TimelineEvent(type=TimelineEvent.Type.JOB_ARRIVAL,
                                               data={"job": self.make(job_id, t, q, size)}))
            return timeline

        def make(self, job_id, t, q, size):
            with open(os.path.join(tpch, size, "query_%d.json" % q)) as f:
                d = json.load(f)
            adj = np.array(d["adjacency"])
            durations = {e["stage"]: {w: {int(k): list(v) for k, v in e[w].items()}
                                      for w in ("first_wave", "rest_wave", "fresh_durations")}
                         for e in d["task_durations_ms"]}
            stages = []
            for sid in range(adj.shape[0]):
                data = durations[sid]
                e = next(iter(data["first_wave"]))
                num_tasks = len(data["first_wave"][e]) + len(data["rest_wave"][e])
                self._pre_process_task_duration(data)
                stages.append(Stage(sid, job_id, num_tasks, data))
            dag = nx.from_numpy_array(adj, create_using=nx.DiGraph)
            return Job(job_id, stages, dag, t, size, q)

    env_mod.TPCHJobSequenceGen = FileJobs
    for name, dynamic in (("fifo", False), ("fair", True)):
        times = []
        for r in range(repeats):
            random.seed(r)
            env = env_mod.SparkSchedSimEnv(num_executors=n, job_arrival_rate=4e-5, moving_delay=2000.0,
                                           warmup_delay=1000.0, dataset="tpch", job_arrival_cap=len(rows))
            scheduler = RoundRobinScheduler(n, dynamic_partition=dynamic)
            start = time.perf_counter()
            obs, _ = env.reset(seed=r)
            done = False
            decisions = 0
            while not done:
                obs, _, done, _, _ = env.step(scheduler(obs))
                decisions += 1
            times.append(time.perf_counter() - start)
            jct = float(np.mean(metrics.job_durations(env))) / 1000
        times.sort()
        print("%s\t%.3f\t%.3f\t%d\t%.3f" % (name, times[len(times) // 2], times[0], decisions, jct))


if __name__ == "__main__":
    main(sys.argv[1:])
