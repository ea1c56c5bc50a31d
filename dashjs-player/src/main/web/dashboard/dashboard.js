// Live view of the server's sessions: polls the first page of /api/abr/sessions (summaries, newest first) once a
// second, then the chunk history of the newest few from each session's own URL, and redraws one uPlot chart per
// quantity, one line per session, against play time (chunk index times chunk length). The list answers this
// machine only; from elsewhere open /dashboard#key=KEY with the server's --admin-key.
(function () {
  'use strict';

  const MAX_SESSIONS = 8;
  const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  const QUANTITIES = [
    { id: 'bitrate', title: 'Bitrate (kbps)', value: (s, c) => s.bitratesKbps[c.level] },
    { id: 'buffer', title: 'Buffer (s)', value: (s, c) => c.bufferMs / 1000 },
    { id: 'throughput', title: 'Throughput (Mbps)', value: (s, c) => c.throughputMbps },
    { id: 'qoe', title: 'QoE per chunk', value: (s, c) => (c.index === 0 ? null : c.qoe) },
  ];
  const charts = {};
  const key = new URLSearchParams(window.location.hash.slice(1)).get('key');
  const headers = key ? { Authorization: 'Bearer ' + key } : {};

  async function getJson(url) {
    const response = await fetch(url, { headers: headers });
    const json = await response.json();
    if (!response.ok) {
      throw new Error(url + ': ' + response.status + ' ' + (json.error || ''));
    }
    return json;
  }
  let shownIds = '';

  function seriesData(sessions, quantity) {
    const times = new Set();
    sessions.forEach(s => s.chunks.forEach(c => times.add(c.index * s.chunkSeconds)));
    const xs = Array.from(times).sort((a, b) => a - b);
    const data = [xs];
    sessions.forEach(s => {
      const byTime = new Map(s.chunks.map(c => [c.index * s.chunkSeconds, quantity.value(s, c)]));
      data.push(xs.map(x => (byTime.has(x) ? byTime.get(x) : null)));
    });
    return data;
  }

  function makeChart(quantity, sessions) {
    const element = document.getElementById(quantity.id);
    element.innerHTML = '';
    const series = [{ label: 'play time (s)' }].concat(sessions.map((s, i) => ({
      label: s.id.slice(0, 8),
      stroke: COLOURS[i % COLOURS.length],
      width: 2,
      spanGaps: true,
    })));
    return new uPlot({ title: quantity.title, width: 600, height: 260, series: series,
      scales: { x: { time: false } } }, seriesData(sessions, quantity), element);
  }

  function renderTable(summaries) {
    const rows = summaries.map(s => '<tr><td>' + s.id.slice(0, 8) + '</td><td>' + s.policy + '</td><td>'
      + s.chunksReported + '/' + s.chunkCount + '</td><td>' + s.qoe.qoe.toFixed(3) + '</td><td>'
      + s.qoe.bitrateMbps.toFixed(2) + '</td><td>' + s.qoe.rebufferSeconds.toFixed(2) + '</td><td>' + s.fallbacks
      + '</td><td>' + s.meanDecisionMs.toFixed(2) + '</td><td>' + s.maxDecisionMs.toFixed(2) + '</td></tr>');
    document.getElementById('sessions').innerHTML = '<tr><th>session</th><th>policy</th><th>chunks</th>'
      + '<th>QoE</th><th>bitrate Mbps</th><th>stall s</th><th>fallbacks</th><th>mean decision ms</th>'
      + '<th>max decision ms</th></tr>' + rows.join('');
  }

  async function poll() {
    try {
      const page = await getJson('/api/abr/sessions?limit=' + MAX_SESSIONS);
      const summaries = page.sessions;
      document.getElementById('summary').textContent = page.live + ' live session(s) of ' + page.total
        + ' on the board, showing the ' + summaries.length + ' newest; updated ' + new Date().toLocaleTimeString();
      renderTable(summaries);
      const sessions = (await Promise.all(summaries.map(s => getJson('/api/abr/sessions/' + s.id)
        .then(body => body.session, () => null)))).filter(s => s !== null);
      const ids = sessions.map(s => s.id).join(',');
      QUANTITIES.forEach(q => {
        if (ids !== shownIds || !charts[q.id]) {
          if (charts[q.id]) {
            charts[q.id].destroy();
          }
          charts[q.id] = makeChart(q, sessions);
        } else {
          charts[q.id].setData(seriesData(sessions, q));
        }
      });
      shownIds = ids;
    } catch (e) {
      document.getElementById('summary').textContent = 'cannot reach the server: ' + e;
    }
  }

  poll();
  window.setInterval(poll, 1000);
})();
