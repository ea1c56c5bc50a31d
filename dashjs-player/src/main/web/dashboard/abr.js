// The dashboard's adaptive bitrate part: polls the first page of /api/abr/sessions (summaries, newest first) once a
// second, then the chunk history of the newest few from each session's own URL. One uPlot chart per quantity, one
// line per session against play time (chunk index times chunk length), the picked session (a table row; by default
// the newest live one) drawn bold; and the picked session's decisions by source. The list answers this machine
// only; from elsewhere open /dashboard#key=KEY with the server's --admin-key.
(function () {
  'use strict';

  const page = window.NetllmDashboard;
  const MAX_SESSIONS = 8;
  const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  const QUANTITIES = [
    { id: 'bitrate', title: 'Bitrate (kbps)', value: (s, c) => s.bitratesKbps[c.level] },
    { id: 'buffer', title: 'Buffer (s)', value: (s, c) => c.bufferMs / 1000 },
    { id: 'throughput', title: 'Throughput (Mbps)', value: (s, c) => c.throughputMbps },
    { id: 'qoe', title: 'QoE per chunk', value: (s, c) => (c.index === 0 ? null : c.qoe) },
  ];
  const CHARTS = QUANTITIES.map(q => q.id).concat(['abr-decisions']);

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

  function drawQuantity(quantity, sessions, shownId) {
    const layout = sessions.map(s => s.id).join() + '|' + shownId;
    page.plot(quantity.id, layout, () => ({
      title: quantity.title, width: 600, height: 260, scales: { x: { time: false } },
      series: [{ label: 'play time (s)' }].concat(sessions.map((s, i) => ({
        label: s.id.slice(0, 8), stroke: COLOURS[i % COLOURS.length], width: s.id === shownId ? 3 : 1,
        spanGaps: true,
      }))),
    }), seriesData(sessions, quantity));
  }

  // Cumulative decisions by the model and by a fallback at each chunk's play time; chunk 0's level is the
  // session's first level, no decision.
  function drawDecisions(session) {
    const xs = [];
    const model = [];
    const fallback = [];
    let byModel = 0;
    let byFallback = 0;
    session.chunks.forEach(c => {
      if (c.decidedBy === 'policy') {
        byModel++;
      } else if (c.decidedBy !== 'initial') {
        byFallback++;
      }
      xs.push(c.index * session.chunkSeconds);
      model.push(byModel);
      fallback.push(byFallback);
    });
    page.plot('abr-decisions', session.id, () => ({
      title: 'Decisions of ' + session.id.slice(0, 8) + ' by source (' + session.policy + ')', width: 600, height: 260,
      scales: { x: { time: false } },
      series: [{ label: 'play time (s)' }].concat(page.SOURCE_SERIES), axes: [{}, { incrs: page.COUNT_STEPS }],
    }), [xs, model, fallback]);
  }

  function renderTable(summaries, shownId) {
    page.table('sessions', ['session', 'policy', 'chunks', 'QoE', 'bitrate Mbps', 'stall s', 'fallbacks',
      'mean decision ms', 'max decision ms'], summaries.map(s => ({ id: s.id, cells: [s.id.slice(0, 8), s.policy,
      s.chunksReported + '/' + s.chunkCount, s.qoe.qoe.toFixed(3), s.qoe.bitrateMbps.toFixed(2),
      s.qoe.rebufferSeconds.toFixed(2), s.fallbacks, s.meanDecisionMs.toFixed(2), s.maxDecisionMs.toFixed(2)] })),
    shownId);
  }

  async function poll() {
    try {
      const list = await page.getJson('/api/abr/sessions?limit=' + MAX_SESSIONS);
      const summaries = list.sessions;
      page.report('abr', { sessions: list.total, live: list.live,
        newest: summaries.length ? summaries[0].startedAtEpochMs : 0 });
      if (summaries.length === 0) {
        CHARTS.forEach(page.unplot);
        return;
      }
      const newestLive = summaries.find(s => !s.finished) || summaries[0];
      const shownId = page.pickedOr('abr', summaries.map(s => s.id), newestLive.id);
      document.getElementById('summary').textContent = list.live + ' live session(s) of ' + list.total
        + ' on the board, showing the ' + summaries.length + ' newest; updated ' + new Date().toLocaleTimeString();
      renderTable(summaries, shownId);
      const sessions = (await Promise.all(summaries.map(s => page.getJson('/api/abr/sessions/' + s.id)
        .then(body => body.session, () => null)))).filter(s => s !== null && s.chunks.length > 0);
      if (sessions.length === 0) {
        CHARTS.forEach(page.unplot);
        document.getElementById('summary').textContent += '; waiting for the first chunk report';
        return;
      }
      QUANTITIES.forEach(q => drawQuantity(q, sessions, shownId));
      const shown = sessions.find(s => s.id === shownId);
      if (shown) {
        drawDecisions(shown);
      } else {
        page.unplot('abr-decisions');
      }
    } catch (e) {
      page.report('abr', { sessions: 0, live: 0, newest: 0, error: 'sessions: ' + e.message });
    }
  }

  page.pickable('sessions', 'abr', poll);
  poll();
  window.setInterval(poll, 1000);
})();
