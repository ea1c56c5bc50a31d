// A stock dash.js player: its own ABR rules, no custom rule and no interceptor. Its only settings are CMCD (what it
// tells the server) and CMSD (that it applies the server's mb, the maximum bitrate for its next request). So any
// CMCD/CMSD-capable player could be steered the same way. The page only watches dash.js's events to show and
// record what it played (window.netllm, read by the headless driver); nothing here changes a decision.
// URL arguments: manifest (default /video/manifest.mpd), cmcd=query|header (default query), etp=W (dash.js's
// etpWeightRatio, default 0: the server's throughput estimate is not blended in).
(function () {
  'use strict';

  const params = new URLSearchParams(window.location.search);
  const manifestUrl = params.get('manifest') || '/video/manifest.mpd';
  const QOE_REBUFFER_PENALTY = 4.3; // QoE_lin of Pensieve and NetLLM, per second of stall
  const QOE_SMOOTHNESS_PENALTY = 1.0;
  const sid = (crypto.randomUUID && crypto.randomUUID()) || String(Date.now()) + '-' + Math.random();

  const state = {
    sessionId: sid, // the CMCD sid; the server names its ABR session by it
    contentId: 'netllm',
    bitratesKbps: [],
    chunks: [], // {index, level, bytes, stallMs}: video segments as dash.js finished loading them
    decisions: {}, // the stock player has no server decisions of its own; the server's mb is in its session
    played: [], // levels dash.js rendered, in order
    stalled: false,
    stallStartMs: 0,
    stallSinceSegmentMs: 0,
    totalStallMs: 0,
    playing: false,
    finished: false,
    ended: false,
    errors: [],
    lostSessions: [],
  };
  window.netllm = state;

  function now() {
    return performance.now();
  }

  function takeStallMs() {
    let stall = state.stallSinceSegmentMs;
    if (state.stalled) {
      const t = now();
      stall += t - state.stallStartMs;
      state.totalStallMs += t - state.stallStartMs;
      state.stallStartMs = t;
    }
    state.stallSinceSegmentMs = 0;
    return stall;
  }

  /** The same QoE_lin over chunks 1..k as the NetLLM player page computes, for comparing the two. */
  function playerQoe() {
    // Fast switching fetches buffered chunks again at a better level: the level played is the last one fetched,
    // and the stall is charged to the chunk whose fetch it preceded.
    const byIndex = new Map();
    for (const chunk of state.chunks) {
      const seen = byIndex.get(chunk.index);
      byIndex.set(chunk.index, { level: chunk.level, stallMs: (seen ? seen.stallMs : 0) + chunk.stallMs });
    }
    const c = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(e => e[1]);
    if (c.length < 2) {
      return { qoe: 0, bitrateMbps: 0, rebufferSeconds: 0, smoothnessMbps: 0, chunksScored: 0 };
    }
    let qoe = 0, bitrate = 0, rebuffer = 0, smooth = 0;
    for (let k = 1; k < c.length; k++) {
      const b = state.bitratesKbps[c[k].level] / 1000;
      const prev = state.bitratesKbps[c[k - 1].level] / 1000;
      const r = c[k].stallMs / 1000;
      qoe += b - QOE_REBUFFER_PENALTY * r - QOE_SMOOTHNESS_PENALTY * Math.abs(b - prev);
      bitrate += b;
      rebuffer += r;
      smooth += Math.abs(b - prev);
    }
    const n = c.length - 1;
    return { qoe: qoe / n, bitrateMbps: bitrate / n, rebufferSeconds: rebuffer, smoothnessMbps: smooth / n,
      chunksScored: n };
  }
  state.playerQoe = playerQoe;

  const video = document.getElementById('video');
  const player = dashjs.MediaPlayer().create();
  state.player = player;

  function render() {
    const q = playerQoe();
    const last = state.chunks.length ? state.chunks[state.chunks.length - 1] : null;
    document.getElementById('status').textContent =
      'CMCD sid  ' + sid + '\n' +
      'chunks    ' + state.chunks.length + '\n' +
      'level     ' + (last ? last.level + ' (' + state.bitratesKbps[last.level] + ' kbps)' : '-') + '\n' +
      'stall     ' + (state.totalStallMs / 1000).toFixed(2) + ' s\n' +
      'QoE       ' + q.qoe.toFixed(3) + ' (player view)' +
      (state.errors.length ? '\nerrors    ' + state.errors.join('; ') : '');
  }

  player.updateSettings({
    streaming: {
      cmcd: { enabled: true, sid: sid, cid: state.contentId, mode: params.get('cmcd') === 'header' ? 'header' : 'query' },
      cmsd: { enabled: true, abr: { applyMb: true, etpWeightRatio: Number(params.get('etp') || 0) } },
    },
  });

  const events = dashjs.MediaPlayer.events;
  player.on(events.FRAGMENT_LOADING_COMPLETED, e => {
    const request = e.request;
    if (!request || request.mediaType !== 'video' || request.type !== 'MediaSegment' || !e.response) {
      return;
    }
    const level = parseInt(request.representation.id, 10);
    state.bitratesKbps[level] = Math.round(request.representation.bandwidth / 1000);
    state.chunks.push({ index: request.index, level: level, bytes: e.response.byteLength || 0,
      stallMs: takeStallMs() });
    render();
  });
  player.on(events.QUALITY_CHANGE_RENDERED, e => {
    if (e.mediaType === 'video' && e.newRepresentation) {
      state.played.push(parseInt(e.newRepresentation.id, 10));
    }
  });
  player.on(events.PLAYBACK_PLAYING, () => { state.playing = true; });
  player.on(events.BUFFER_EMPTY, e => {
    // Start-up is not a stall, as on the NetLLM page; only underruns after playback began are.
    if (e.mediaType === 'video' && state.playing && !state.stalled) {
      state.stalled = true;
      state.stallStartMs = now();
    }
  });
  player.on(events.BUFFER_LOADED, e => {
    if (e.mediaType === 'video' && state.stalled) {
      const t = now();
      state.stallSinceSegmentMs += t - state.stallStartMs;
      state.totalStallMs += t - state.stallStartMs;
      state.stalled = false;
    }
  });
  player.on(events.PLAYBACK_ENDED, () => { state.ended = true; state.finished = true; render(); });
  player.on(events.ERROR, e => { state.errors.push(JSON.stringify(e.error || e)); render(); });
  player.initialize(video, manifestUrl, true);
  render();
})();
