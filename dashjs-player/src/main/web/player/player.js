// The NetLLM player: dash.js 5 with every built-in ABR rule turned off and one custom rule that applies the level
// the server's controller chose. Each completed video segment is reported to the decision API before dash.js may
// ask for the next one (a response interceptor holds the segment until the answer is back), so the rule always
// knows the controller's level for the segment it is asked about. State for the headless driver: window.netllm.
// A session belongs to this page: the create call's token goes with every report and segment request. When the
// server no longer knows the session (404: it restarted, or the session expired while the tab slept), the player
// creates a new one that starts at the chunk it is reporting and carries on.
(function () {
  'use strict';

  const params = new URLSearchParams(window.location.search);
  const manifestUrl = params.get('manifest') || '/video/manifest.mpd';
  const QOE_REBUFFER_PENALTY = 4.3; // QoE_lin of Pensieve and NetLLM, per second of stall
  const QOE_SMOOTHNESS_PENALTY = 1.0;

  const state = {
    sessionId: null,
    token: null,
    sessionsCreated: 0,
    lostSessions: [], // ids the server no longer knew; each time the player carried on in a new session
    bitratesKbps: [],
    chunkSeconds: 4,
    chunkCount: 0,
    nextLevel: 0,
    chunks: [], // {index, level, bytes, startMs, endMs, bufferSeconds, stallMs, nextLevel, decidedBy}
    decisions: {}, // chunk index -> level the controller chose
    stalled: false,
    stallStartMs: 0,
    stallSinceReportMs: 0,
    totalStallMs: 0,
    playing: false,
    finished: false,
    serverQoe: null,
    errors: [],
  };
  window.netllm = state;

  function now() {
    return performance.now();
  }

  function takeStallMs() {
    let stall = state.stallSinceReportMs;
    if (state.stalled) {
      const t = now();
      stall += t - state.stallStartMs;
      state.totalStallMs += t - state.stallStartMs;
      state.stallStartMs = t;
    }
    state.stallSinceReportMs = 0;
    return stall;
  }

  /** The player's own QoE over chunks 1..k, with the same linear model the server uses. */
  function playerQoe() {
    const c = state.chunks;
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

  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  async function postJson(url, body) {
    const headers = { 'Content-Type': 'application/json' };
    if (state.token) {
      headers.Authorization = 'Bearer ' + state.token;
    }
    const response = await fetch(url, { method: 'POST', headers: headers, body: JSON.stringify(body) });
    const json = await response.json();
    if (!response.ok) {
      throw new ApiError(url + ': ' + response.status + ' ' + (json.error || JSON.stringify(json)), response.status);
    }
    return json;
  }

  /** A new session whose first report is of chunk firstChunk (0 at start-up, later after a lost session). */
  async function createSession(firstChunk) {
    state.token = null;
    const session = await postJson('/api/abr/sessions', firstChunk > 0 ? { firstChunk: firstChunk } : {});
    state.sessionId = session.sessionId;
    state.token = session.token;
    state.sessionsCreated += 1;
    return session;
  }

  /** Reports a chunk; when the server has lost the session, reports it again to a new one that starts there. */
  async function postReport(report) {
    try {
      return await postJson('/api/abr/sessions/' + state.sessionId + '/chunks', report);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 404) {
        throw e;
      }
      state.lostSessions.push(state.sessionId);
      await createSession(report.index);
      return postJson('/api/abr/sessions/' + state.sessionId + '/chunks', report);
    }
  }

  function isVideoMedia(request) {
    const fragment = request && request.customData && request.customData.request;
    return fragment && fragment.type === 'MediaSegment' && fragment.mediaType === 'video' ? fragment : null;
  }

  async function reportChunk(response) {
    const fragment = isVideoMedia(response.request);
    if (!fragment || !state.sessionId || response.status < 200 || response.status > 299 || !response.data) {
      return response;
    }
    const timing = response.resourceTiming;
    const level = parseInt(fragment.representation.id, 10);
    const buffer = player.getDashMetrics().getCurrentBufferLevel('video') || 0;
    // The segment is not appended yet: the buffer it leaves is today's level plus its duration.
    const report = {
      index: fragment.index,
      level: level,
      bytes: response.data.byteLength,
      requestStartMs: timing.startTime,
      requestEndMs: Math.max(timing.responseEnd, timing.startTime + 0.001),
      bufferSeconds: buffer + (fragment.duration || state.chunkSeconds),
      stallMs: takeStallMs(),
    };
    const chunk = Object.assign({}, report, { nextLevel: null, decidedBy: null });
    state.chunks.push(chunk);
    try {
      const answer = await postReport(report);
      if (answer.finished) {
        state.finished = true;
        state.serverQoe = answer.qoe;
      } else {
        state.nextLevel = answer.level;
        state.decisions[answer.chunk] = answer.level;
        chunk.nextLevel = answer.level;
        chunk.decidedBy = answer.decidedBy;
      }
    } catch (e) {
      // The server could not decide: keep the last level rather than stop playing.
      state.errors.push(String(e));
    }
    render();
    return response;
  }

  function NetllmRuleClass() {
    const context = this.context;
    const SwitchRequest = dashjs.FactoryMaker.getClassFactoryByName('SwitchRequest');

    function getSwitchRequest(rulesContext) {
      const switchRequest = SwitchRequest(context).create();
      if (rulesContext.getMediaType() !== 'video') {
        return switchRequest;
      }
      const representations = rulesContext.getAbrController()
        .getPossibleVoRepresentationsFilteredBySettings(rulesContext.getMediaInfo(), true);
      const chosen = representations.find(r => String(r.id) === String(state.nextLevel));
      if (chosen) {
        switchRequest.representation = chosen;
        switchRequest.priority = 1; // SwitchRequest.PRIORITY.STRONG
        switchRequest.reason = { message: 'NetLLM controller chose level ' + state.nextLevel };
        switchRequest.rule = this.getClassName();
      }
      return switchRequest;
    }

    return { getSwitchRequest: getSwitchRequest, reset: function () {} };
  }
  NetllmRuleClass.__dashjs_factory_name = 'NetllmRule';
  const NetllmRule = dashjs.FactoryMaker.getClassFactory(NetllmRuleClass);

  const video = document.getElementById('video');
  const player = dashjs.MediaPlayer().create();
  state.player = player;

  function render() {
    const q = playerQoe();
    document.getElementById('status').textContent =
      'session   ' + state.sessionId + '\n' +
      'chunks    ' + state.chunks.length + ' / ' + state.chunkCount + '\n' +
      'level     ' + state.nextLevel + ' (' + state.bitratesKbps[state.nextLevel] + ' kbps next)\n' +
      'stall     ' + (state.totalStallMs / 1000).toFixed(2) + ' s\n' +
      'QoE       ' + q.qoe.toFixed(3) + ' (player view)' +
      (state.errors.length ? '\nerrors    ' + state.errors.join('; ') : '');
  }

  async function start() {
    const session = await createSession(0);
    state.nextLevel = session.firstLevel;
    state.decisions[session.firstChunk] = session.firstLevel;
    state.bitratesKbps = session.bitratesKbps;
    state.chunkSeconds = session.chunkSeconds;
    state.chunkCount = session.chunkCount;

    player.updateSettings({
      debug: { logLevel: dashjs.Debug.LOG_LEVEL_WARNING },
      streaming: {
        abr: {
          autoSwitchBitrate: { video: true, audio: false },
          rules: {
            throughputRule: { active: false },
            bolaRule: { active: false },
            insufficientBufferRule: { active: false },
            switchHistoryRule: { active: false },
            droppedFramesRule: { active: false },
            abandonRequestsRule: { active: false },
            l2ARule: { active: false },
            loLPRule: { active: false },
          },
        },
        // A segment already fetched is never replaced by a better one: each index is fetched once, at the
        // controller's level. The buffer cap matches the simulator's 60 s.
        buffer: {
          fastSwitchEnabled: false,
          bufferTimeDefault: 60,
          bufferTimeAtTopQuality: 60,
          bufferTimeAtTopQualityLongForm: 60,
        },
      },
    });
    player.addABRCustomRule('qualitySwitchRules', 'NetllmRule', NetllmRule);
    player.addRequestInterceptor(request => {
      if (isVideoMedia(request)) {
        request.headers = Object.assign({}, request.headers, { 'X-Netllm-Session': state.sessionId,
          Authorization: 'Bearer ' + state.token });
      }
      return Promise.resolve(request);
    });
    player.addResponseInterceptor(reportChunk);

    const events = dashjs.MediaPlayer.events;
    player.on(events.PLAYBACK_PLAYING, () => { state.playing = true; });
    player.on(events.BUFFER_EMPTY, e => {
      // Start-up is not a stall (chunk 0's delay is not charged); only underruns after playback began are.
      if (e.mediaType === 'video' && state.playing && !state.stalled) {
        state.stalled = true;
        state.stallStartMs = now();
      }
    });
    player.on(events.BUFFER_LOADED, e => {
      if (e.mediaType === 'video' && state.stalled) {
        const t = now();
        state.stallSinceReportMs += t - state.stallStartMs;
        state.totalStallMs += t - state.stallStartMs;
        state.stalled = false;
      }
    });
    player.on(events.PLAYBACK_ENDED, () => { state.ended = true; render(); });
    player.on(events.ERROR, e => { state.errors.push(JSON.stringify(e.error || e)); render(); });
    player.initialize(video, manifestUrl, true);
    render();
  }

  start().catch(e => {
    state.errors.push(String(e));
    render();
  });
})();
