// The 360° viewer: samples the viewer's head orientation at 5 Hz (from the mouse, or a replayed trace), posts each
// sample to /api/vp/sessions/{id}/samples and draws the actual and the predicted viewport over an equirectangular
// frame (viewer/frame.js). window.netllmViewer exposes the state for tests: replay(samples, speed) posts a trace as
// fast as its answers come back (speed x real time at most) and resolves when the last answer is in.
(function () {
  'use strict';

  const canvas = document.getElementById('frame');
  const status = document.getElementById('status');
  const state = {
    sessionId: null, token: null, hw: 10, pw: 20, step: 0.2, predictor: '',
    sent: 0, predictions: 0, fallbacks: 0, collecting: 0, errors: [], last: null, prediction: null,
    anchorMae: null, liveMae: null, done: false, replaying: false,
  };
  window.netllmViewer = state;

  function draw() {
    NetllmFrame.draw(canvas, state.last, state.prediction);
    const mae = state.anchorMae == null ? '–' : state.anchorMae.toFixed(2) + '°';
    const live = state.liveMae == null ? '–' : state.liveMae.toFixed(2) + '°';
    status.textContent = 'session ' + (state.sessionId || '–').slice(0, 8) + '  predictor ' + state.predictor
      + '  samples ' + state.sent + '  predictions ' + state.predictions + ' (fallback ' + state.fallbacks + ')'
      + '  live MAE ' + live + '  at anchors ' + mae + (state.errors.length ? '  errors ' + state.errors.length : '');
  }

  async function open() {
    const response = await fetch('/api/vp/sessions', { method: 'POST' });
    const body = await response.json();
    if (!response.ok) {
      throw new Error('cannot open a viewer session: ' + response.status + ' ' + body.error);
    }
    Object.assign(state, { sessionId: body.sessionId, token: body.token, hw: body.hw, pw: body.pw,
      step: body.step, predictor: body.predictor, sent: 0, predictions: 0, fallbacks: 0, prediction: null });
  }

  async function post(sample) {
    const response = await fetch('/api/vp/sessions/' + state.sessionId + '/samples', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + state.token },
      body: JSON.stringify(sample) });
    const body = await response.json();
    if (response.status === 404) {
      // The server restarted or the session expired: carry on in a new one.
      await open();
      return;
    }
    if (!response.ok) {
      state.errors.push(response.status + ' ' + body.error);
      return;
    }
    state.sent++;
    state.last = sample;
    if (body.orientations) {
      state.predictions++;
      if (body.decidedBy !== 'policy') {
        state.fallbacks++;
      }
      state.prediction = body;
    } else {
      state.collecting++;
    }
  }

  async function refreshMae() {
    if (!state.sessionId) {
      return;
    }
    const response = await fetch('/api/vp/sessions/' + state.sessionId,
      { headers: { Authorization: 'Bearer ' + state.token } });
    if (response.ok) {
      const view = (await response.json()).session;
      state.anchorMae = view.anchorMaeDeg;
      state.liveMae = view.liveMaeDeg;
      state.scoredAnchors = view.scoredAnchors;
    }
  }

  function sleep(ms) { return new Promise(resolve => setTimeout(resolve, ms)); }

  // Posts every sample in order, each after the previous answer, no faster than speed x 5 Hz.
  state.replay = async function (samples, speed) {
    state.replaying = true;
    state.done = false;
    await open();
    const period = state.step * 1000 / (speed || 1);
    for (const s of samples) {
      const started = performance.now();
      await post({ t: s[0], roll: s[1], pitch: s[2], yaw: s[3] });
      draw();
      const wait = period - (performance.now() - started);
      if (wait > 0) {
        await sleep(wait);
      }
    }
    await refreshMae();
    draw();
    state.replaying = false;
    state.done = true;
    return state;
  };

  function parseTrace(text) {
    return text.split(/\r?\n/).map(l => l.trim()).filter(l => l.length > 0).map(l => l.split(',').map(Number));
  }

  document.getElementById('trace').addEventListener('change', async event => {
    const file = event.target.files[0];
    if (file) {
      const samples = parseTrace(await file.text());
      await state.replay(samples, Number(document.getElementById('speed').value) || 1);
    }
  });

  // Mouse mode: yaw left-right, pitch up-down, sampled at 5 Hz while no trace replays.
  let mouse = null;
  canvas.addEventListener('mousemove', event => {
    const r = canvas.getBoundingClientRect();
    mouse = { yaw: (event.clientX - r.left) / r.width * 360 - 180, pitch: 90 - (event.clientY - r.top) / r.height * 180 };
  });
  let clock = 0;
  async function mouseLoop() {
    while (true) {
      await sleep(state.step * 1000);
      if (!state.replaying && mouse && state.sessionId) {
        clock += state.step;
        const yaw = Math.max(-180, Math.min(180, mouse.yaw));
        const pitch = Math.max(-90, Math.min(90, mouse.pitch));
        await post({ t: clock, roll: 0, pitch: pitch, yaw: yaw });
        draw();
      }
    }
  }

  draw();
  open().then(() => { draw(); mouseLoop(); }).catch(e => { state.errors.push(String(e)); draw(); });
  setInterval(() => refreshMae().then(draw), 2000);
}());
