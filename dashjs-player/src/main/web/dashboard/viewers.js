// The dashboard's viewport prediction part: polls /api/vp/sessions (summaries, newest first) every 2 s, lists the
// viewers with their live MAE, and plots the newest viewer's actual yaw and pitch against what was predicted for
// the same instant 1 s ahead (5 samples at 5 Hz). Same access rule as the ABR list (this machine, or #key=KEY).
(function () {
  'use strict';

  const AHEAD = 5;
  const key = new URLSearchParams(window.location.hash.slice(1)).get('key');
  const headers = key ? { Authorization: 'Bearer ' + key } : {};
  const charts = {};
  let shown = '';

  async function getJson(url) {
    const response = await fetch(url, { headers: headers });
    const json = await response.json();
    if (!response.ok) {
      throw new Error(url + ': ' + response.status + ' ' + (json.error || ''));
    }
    return json;
  }

  function degrees(x) { return x == null ? '–' : x.toFixed(2); }

  function renderTable(rows) {
    document.getElementById('viewers').innerHTML = '<tr><th>viewer</th><th>predictor</th><th>samples</th>'
      + '<th>live MAE °</th><th>MAE at anchors °</th><th>anchors</th><th>fallbacks</th></tr>'
      + rows.map(v => '<tr><td>' + v.id.slice(0, 8) + '</td><td>' + v.predictor + '</td><td>' + v.samples
        + '</td><td>' + degrees(v.liveMaeDeg) + '</td><td>' + degrees(v.anchorMaeDeg) + '</td><td>'
        + v.scoredAnchors + '</td><td>' + v.fallbacks + '</td></tr>').join('');
  }

  // x: sample time; actual angle, and the prediction made AHEAD samples earlier for that sample.
  function data(view, angle) {
    const times = view.samples.map(s => s.t);
    const actual = view.samples.map(s => (angle === 2 ? s.yaw : s.pitch));
    const first = view.session.samples - view.samples.length;
    const predicted = new Array(times.length).fill(null);
    view.predictions.forEach(p => {
      const target = p.afterSample + AHEAD - first;
      if (target >= 0 && target < times.length && p.orientations.length >= AHEAD) {
        predicted[target] = p.orientations[AHEAD - 1][angle];
      }
    });
    return [times, actual, predicted];
  }

  function chart(id, title, view, angle) {
    const element = document.getElementById(id);
    if (!charts[id] || shown !== view.session.id) {
      if (charts[id]) {
        charts[id].destroy();
      }
      element.innerHTML = '';
      charts[id] = new uPlot({ title: title, width: 600, height: 220, scales: { x: { time: false } },
        series: [{ label: 't (s)' }, { label: 'actual', stroke: '#2ca02c', width: 2 },
          { label: 'predicted 1 s before', stroke: '#ff7f0e', width: 2, spanGaps: true }] },
      data(view, angle), element);
    } else {
      charts[id].setData(data(view, angle));
    }
  }

  async function poll() {
    try {
      const list = await getJson('/api/vp/sessions');
      document.getElementById('viewer-summary').textContent = list.total + ' live viewer session(s)';
      renderTable(list.sessions);
      const newest = list.sessions.find(v => v.samples > 0);
      if (newest) {
        const view = await getJson('/api/vp/sessions/' + newest.id);
        chart('yaw', 'Yaw (°) of viewer ' + newest.id.slice(0, 8), view, 2);
        chart('pitch', 'Pitch (°)', view, 1);
        shown = view.session.id;
      }
    } catch (e) {
      document.getElementById('viewer-summary').textContent = 'viewers: ' + e;
    }
  }

  poll();
  window.setInterval(poll, 2000);
})();
