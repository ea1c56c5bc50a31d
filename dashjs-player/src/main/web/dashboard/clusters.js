// The dashboard's cluster scheduling part: polls /api/cjs/clusters (summaries, newest first) every 2 s and lists the
// clusters with their decisions, fallbacks, jobs in the system, completed jobs, average JCT and job time so far (the
// sum the adapted scheduler's rewards count; – for an external cluster that sends no clock). For the picked cluster
// (a table row; by default the newest running one) it draws its timeline from /api/cjs/clusters/{id}: the executors
// per job as a stacked area, one band per job (the live twin of cjs eval's picture), the jobs in the system and
// the average JCT, and the decisions by source. Same access rule as the ABR list (this machine, or #key=KEY).
(function () {
  'use strict';

  const page = window.NetllmDashboard;
  const CHARTS = ['cjs-executors', 'cjs-jobs', 'cjs-decisions'];
  const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
    '#bcbd22', '#17becf'];

  function fixed(x, digits) { return x == null ? '–' : x.toFixed(digits); }

  function renderTable(clusters, shownId) {
    page.table('clusters', ['cluster', 'kind', 'scheduler', 'decisions', 'fallbacks', 'simulated s',
      'jobs in system', 'completed', 'avg JCT s', 'job time s'], clusters.map(c => ({ id: c.id, cells: [
      c.id.slice(0, 8), c.kind, c.scheduler, c.decisions, c.fallbacks, fixed(c.simulatedSeconds, 0), c.jobsInSystem,
      c.jobsCompleted + '/' + c.jobs, fixed(c.avgJctS, 1), fixed(c.jobTimeMs == null ? null : c.jobTimeMs / 1000, 0)]
    })), shownId);
  }

  // Stacked executors: the job ids seen, ascending, and for each the running total of its supply and every lower
  // job's at each moment (0 where the job is not active), so band k lies between total k-1 and total k.
  function stacked(timeline) {
    const jobs = Array.from(new Set(timeline.executorsByJob.flatMap(m => m.map(p => p[0])))).sort((a, b) => a - b);
    const supply = jobs.map(() => new Array(timeline.atS.length).fill(0));
    const row = new Map(jobs.map((j, k) => [j, k]));
    timeline.executorsByJob.forEach((moment, i) => moment.forEach(p => { supply[row.get(p[0])][i] = p[1]; }));
    const totals = [];
    let below = new Array(timeline.atS.length).fill(0);
    supply.forEach(s => {
      below = below.map((b, i) => b + s[i]);
      totals.push(below);
    });
    return { jobs: jobs, totals: totals };
  }

  function drawExecutors(id, timeline, xLabel) {
    const stack = stacked(timeline);
    const steps = uPlot.paths.stepped({ align: 1 });
    // Drawn from the top band down: each fills to zero, so the band below paints over all but its own strip.
    const order = stack.jobs.map((j, k) => k).reverse();
    page.plot('cjs-executors', id + '|' + stack.jobs.join(), () => ({
      title: 'Executors per job of ' + id.slice(0, 8) + ' (at, moving to or committed to it; ' + stack.jobs.length
        + ' jobs)', width: 1236, height: 300, scales: { x: { time: false } }, legend: { show: stack.jobs.length <= 12 },
      series: [{ label: xLabel }].concat(order.map(k => ({ label: 'job ' + stack.jobs[k], paths: steps,
        stroke: COLOURS[stack.jobs[k] % COLOURS.length], fill: COLOURS[stack.jobs[k] % COLOURS.length] + 'aa',
        width: 1, points: { show: false } }))),
      axes: [{}, { incrs: page.COUNT_STEPS }],
    }), [timeline.atS].concat(order.map(k => stack.totals[k])));
  }

  // Both hold from one decision to the next: steps, not slopes.
  function drawJobs(id, timeline, xLabel) {
    const steps = uPlot.paths.stepped({ align: 1 });
    page.plot('cjs-jobs', id, () => ({
      title: 'Jobs in the system and average JCT', width: 600, height: 260, scales: { x: { time: false } },
      series: [{ label: xLabel },
        { label: 'jobs in system', stroke: '#1f77b4', width: 2, scale: 'jobs', paths: steps, points: { show: false } },
        { label: 'avg JCT s', stroke: '#ff7f0e', width: 2, scale: 'seconds', paths: steps, points: { show: false } }],
      axes: [{}, { scale: 'jobs', label: 'jobs', incrs: page.COUNT_STEPS },
        { scale: 'seconds', side: 1, label: 'average JCT (s)', grid: { show: false } }],
    }), [timeline.atS, timeline.jobsInSystem, timeline.avgJctS]);
  }

  function drawDecisions(id, scheduler, timeline, xLabel) {
    page.plot('cjs-decisions', id, () => ({
      title: 'Decisions by source (' + scheduler + ')', width: 600, height: 260, scales: { x: { time: false } },
      series: [{ label: xLabel }].concat(page.SOURCE_SERIES), axes: [{}, { incrs: page.COUNT_STEPS }],
    }), [timeline.atS, timeline.decisions.map((n, i) => n - timeline.fallbacks[i]), timeline.fallbacks]);
  }

  async function poll() {
    try {
      const list = await page.getJson('/api/cjs/clusters');
      const clusters = list.clusters;
      page.report('cjs', { sessions: clusters.length, live: list.live,
        newest: clusters.length ? clusters[0].startedAtEpochMs : 0 });
      document.getElementById('cluster-summary').textContent = list.live + ' live cluster(s) of ' + clusters.length;
      const running = clusters.find(c => !c.finished && c.decisions > 0) || clusters[0];
      const shownId = running ? page.pickedOr('cjs', clusters.map(c => c.id), running.id) : null;
      renderTable(clusters, shownId);
      if (!shownId) {
        CHARTS.forEach(page.unplot);
        return;
      }
      const body = await page.getJson('/api/cjs/clusters/' + shownId);
      const timeline = body.timeline;
      if (timeline.atS.length === 0) {
        CHARTS.forEach(page.unplot);
        document.getElementById('cluster-summary').textContent += '; ' + shownId.slice(0, 8)
          + ' is waiting for its first decision';
        return;
      }
      const xLabel = body.cluster.kind === 'simulated' ? 'simulated s' : 'cluster time s';
      drawExecutors(shownId, timeline, xLabel);
      drawJobs(shownId, timeline, xLabel);
      drawDecisions(shownId, body.cluster.scheduler, timeline, xLabel);
    } catch (e) {
      page.report('cjs', { sessions: 0, live: 0, newest: 0, error: 'clusters: ' + e.message });
    }
  }

  page.pickable('clusters', 'cjs', poll);
  poll();
  window.setInterval(poll, 2000);
})();
