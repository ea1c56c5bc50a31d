// The dashboard's viewport prediction part: polls /api/vp/sessions (summaries, newest first) every 2 s and lists the
// viewers; for the picked one (a table row; by default the newest with samples) it draws the equirectangular frame
// with its actual viewport and its latest prediction as the viewer page does (viewer/frame.js), its live MAE and
// its predictions by source over time, and its actual yaw and pitch against what was predicted for the same instant
// 1 s ahead (5 samples at 5 Hz). Same access rule as the ABR list (this machine, or #key=KEY).
(function () {
  'use strict';

  const page = window.NetllmDashboard;
  const AHEAD = 5;
  const CHARTS = ['vp-mae', 'vp-decisions', 'yaw', 'pitch'];
  const frame = document.getElementById('viewport-frame');

  function degrees(x) { return x == null ? '–' : x.toFixed(2); }

  function renderTable(rows, shownId) {
    page.table('viewers', ['viewer', 'predictor', 'samples', 'live MAE °', 'MAE at anchors °', 'anchors',
      'fallbacks'], rows.map(v => ({ id: v.id, cells: [v.id.slice(0, 8), v.predictor, v.samples,
      degrees(v.liveMaeDeg), degrees(v.anchorMaeDeg), v.scoredAnchors, v.fallbacks] })), shownId);
  }

  // x: sample time; actual angle, and the prediction made AHEAD samples earlier for that sample.
  function angles(view, angle) {
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

  function drawAngle(id, title, view, angle) {
    page.plot(id, view.session.id, () => ({ title: title, width: 600, height: 220, scales: { x: { time: false } },
      series: [{ label: 't (s)' }, { label: 'actual', stroke: '#2ca02c', width: 2 },
        { label: 'predicted 1 s before', stroke: '#ff7f0e', width: 2, spanGaps: true }] }), angles(view, angle));
  }

  function drawTimeline(view) {
    const t = view.timeline;
    const id = view.session.id;
    page.plot('vp-mae', id, () => ({ title: 'Live MAE (°) of viewer ' + id.slice(0, 8), width: 600, height: 220,
      scales: { x: { time: false } },
      series: [{ label: 't (s)' }, { label: 'live MAE °', stroke: '#9467bd', width: 2 }] }), [t.t, t.liveMaeDeg]);
    page.plot('vp-decisions', id, () => ({ title: 'Predictions by source (' + view.session.predictor + ')',
      width: 600, height: 220, scales: { x: { time: false } },
      series: [{ label: 't (s)' }].concat(page.SOURCE_SERIES), axes: [{}, { incrs: page.COUNT_STEPS }] }),
    [t.t, t.predictions.map((n, i) => n - t.fallbacks[i]), t.fallbacks]);
  }

  function drawFrame(view) {
    const last = view.samples[view.samples.length - 1];
    const prediction = view.predictions.length ? view.predictions[view.predictions.length - 1] : null;
    frame.hidden = false;
    page.frames.vp = NetllmFrame.draw(frame, last, prediction);
    page.frames.vp.session = view.session.id;
  }

  function clear() {
    CHARTS.forEach(page.unplot);
    frame.hidden = true;
    delete page.frames.vp;
  }

  async function poll() {
    try {
      const list = await page.getJson('/api/vp/sessions');
      page.report('vp', { sessions: list.sessions.length, live: list.total,
        newest: list.sessions.length ? list.sessions[0].startedAtEpochMs : 0 });
      const newest = list.sessions.find(v => v.samples > 0) || list.sessions[0];
      const shownId = newest ? page.pickedOr('vp', list.sessions.map(v => v.id), newest.id) : null;
      document.getElementById('viewer-summary').textContent = list.total + ' live viewer session(s)';
      renderTable(list.sessions, shownId);
      if (!shownId) {
        clear();
        return;
      }
      const view = await page.getJson('/api/vp/sessions/' + shownId);
      if (view.samples.length === 0) {
        clear();
        document.getElementById('viewer-summary').textContent += '; ' + shownId.slice(0, 8) + ' has no samples yet';
        return;
      }
      drawFrame(view);
      drawAngle('yaw', 'Yaw (°) of viewer ' + shownId.slice(0, 8), view, 2);
      drawAngle('pitch', 'Pitch (°)', view, 1);
      if (view.timeline.t.length > 0) {
        drawTimeline(view);
      } else {
        page.unplot('vp-mae');
        page.unplot('vp-decisions');
      }
    } catch (e) {
      page.report('vp', { sessions: 0, live: 0, newest: 0, error: 'viewers: ' + e.message });
    }
  }

  page.pickable('viewers', 'vp', poll);
  poll();
  window.setInterval(poll, 2000);
})();
