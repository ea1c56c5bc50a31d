// The 360° viewer: samples the viewer's head orientation at 5 Hz (from the mouse, or a replayed trace), posts each
// sample to /api/vp/sessions/{id}/samples and draws the actual and the predicted viewport over an equirectangular
// frame. window.netllmViewer exposes the state for tests: replay(samples, speed) posts a trace as fast as its
// answers come back (speed x real time at most) and resolves when the last answer is in.
(function () {
  'use strict';

  const FOV_YAW = 100;
  const FOV_PITCH = 90;
  const canvas = document.getElementById('frame');
  const g = canvas.getContext('2d');
  const status = document.getElementById('status');
  const state = {
    sessionId: null, token: null, hw: 10, pw: 20, step: 0.2, predictor: '',
    sent: 0, predictions: 0, fallbacks: 0, collecting: 0, errors: [], last: null, prediction: null,
    anchorMae: null, liveMae: null, done: false, replaying: false,
  };
  window.netllmViewer = state;

  function x(yaw) { return (yaw + 180) / 360 * canvas.width; }
  function y(pitch) { return (90 - pitch) / 180 * canvas.height; }

  function drawGrid() {
    g.fillStyle = '#223';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.strokeStyle = '#445';
    g.lineWidth = 1;
    for (let yaw = -180; yaw <= 180; yaw += 30) {
      g.beginPath(); g.moveTo(x(yaw), 0); g.lineTo(x(yaw), canvas.height); g.stroke();
    }
    for (let pitch = -90; pitch <= 90; pitch += 30) {
      g.beginPath(); g.moveTo(0, y(pitch)); g.lineTo(canvas.width, y(pitch)); g.stroke();
    }
    g.fillStyle = '#889';
    g.font = '11px monospace';
    g.fillText('yaw -180', 2, canvas.height / 2 - 3);
    g.fillText('+180', canvas.width - 32, canvas.height / 2 - 3);
  }

  // A viewport as a rectangle around (yaw, pitch), split where it crosses the +-180 seam.
  function viewport(yaw, pitch, colour, dashed) {
    g.strokeStyle = colour;
    g.lineWidth = 2;
    g.setLineDash(dashed ? [6, 4] : []);
    const top = Math.min(90, pitch + FOV_PITCH / 2);
    const bottom = Math.max(-90, pitch - FOV_PITCH / 2);
    for (const shift of [-360, 0, 360]) {
      const left = yaw - FOV_YAW / 2 + shift;
      g.strokeRect(x(left), y(top), FOV_YAW / 360 * canvas.width, (top - bottom) / 180 * canvas.height);
    }
    g.setLineDash([]);
  }

  function draw() {
    drawGrid();
    if (state.prediction) {
      g.strokeStyle = '#ff7f0e';
      g.lineWidth = 2;
      let previous = null;
      for (const o of state.prediction.orientations) {
        const px = x(o[2]);
        const py = y(o[1]);
        if (previous && Math.abs(px - previous[0]) < canvas.width / 2) {
          g.beginPath(); g.moveTo(previous[0], previous[1]); g.lineTo(px, py); g.stroke();
        }
        previous = [px, py];
      }
      const horizon = state.prediction.orientations[state.prediction.orientations.length - 1];
      viewport(horizon[2], horizon[1], '#ff7f0e', true);
    }
    if (state.last) {
      viewport(state.last.yaw, state.last.pitch, '#2ca02c', false);
      g.fillStyle = '#2ca02c';
      g.beginPath(); g.arc(x(state.last.yaw), y(state.last.pitch), 4, 0, 2 * Math.PI); g.fill();
    }
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
