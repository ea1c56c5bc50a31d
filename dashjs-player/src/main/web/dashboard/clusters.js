// The dashboard's cluster scheduling part: polls /api/cjs/clusters (summaries, newest first) every 2 s and lists the
// clusters with their decisions, fallbacks, jobs in the system, completed jobs, average JCT and job time so far (the
// sum the adapted scheduler's rewards count; – for an external cluster that sends no clock), and the
// executors per active job of the newest one. Same access rule as the ABR list (this machine, or #key=KEY).
(function () {
  'use strict';

  const key = new URLSearchParams(window.location.hash.slice(1)).get('key');
  const headers = key ? { Authorization: 'Bearer ' + key } : {};

  function fixed(x, digits) { return x == null ? '–' : x.toFixed(digits); }

  async function poll() {
    try {
      const response = await fetch('/api/cjs/clusters', { headers: headers });
      const list = await response.json();
      if (!response.ok) {
        throw new Error(response.status + ' ' + (list.error || ''));
      }
      document.getElementById('cluster-summary').textContent = list.live + ' live cluster(s)';
      document.getElementById('clusters').innerHTML = '<tr><th>cluster</th><th>kind</th><th>scheduler</th>'
        + '<th>decisions</th><th>fallbacks</th><th>simulated s</th><th>jobs in system</th><th>completed</th>'
        + '<th>avg JCT s</th><th>job time s</th></tr>' + list.clusters.map(c => '<tr><td>' + c.id.slice(0, 8) + '</td><td>' + c.kind
          + '</td><td>' + c.scheduler + '</td><td>' + c.decisions + '</td><td>' + c.fallbacks + '</td><td>'
          + fixed(c.simulatedSeconds, 0) + '</td><td>' + c.jobsInSystem + '</td><td>' + c.jobsCompleted + '/'
          + c.jobs + '</td><td>' + fixed(c.avgJctS, 1) + '</td><td>'
          + fixed(c.jobTimeMs == null ? null : c.jobTimeMs / 1000, 0) + '</td></tr>').join('');
      const newest = list.clusters.find(c => !c.finished && c.executorsByJob.length > 0);
      document.getElementById('executors-by-job').textContent = newest
        ? 'executors per active job of ' + newest.id.slice(0, 8) + ': '
          + newest.executorsByJob.map(p => 'job ' + p[0] + ': ' + p[1]).join(', ')
        : '';
    } catch (e) {
      document.getElementById('cluster-summary').textContent = 'clusters: ' + e;
    }
  }

  poll();
  window.setInterval(poll, 2000);
})();
