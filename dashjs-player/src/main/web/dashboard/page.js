// What the dashboard's three parts share: the access key, JSON fetching, the charts (made when there is data, made
// anew when their series change, gone when their data is), the sections (shown for the tasks with sessions on the
// server's boards, live ones first; an idle line when there are none) and the tables whose rows pick the session the
// charts show. window.NetllmDashboard exposes the charts' data for tests that read the page instead of its pixels.
window.NetllmDashboard = (function () {
  'use strict';

  const TASKS = ['abr', 'vp', 'cjs'];
  const key = new URLSearchParams(window.location.hash.slice(1)).get('key');
  const headers = key ? { Authorization: 'Bearer ' + key } : {};
  const charts = {};
  const found = {};
  const picked = {};

  async function getJson(url) {
    const response = await fetch(url, { headers: headers });
    const json = await response.json();
    if (!response.ok) {
      throw new Error(url + ': ' + response.status + ' ' + (json.error || ''));
    }
    return json;
  }

  // Draws data in the element's chart; the chart is made anew when its layout (a string naming its series) changed.
  function plot(id, layout, options, data) {
    const existing = charts[id];
    if (existing && existing.layout === layout) {
      existing.chart.setData(data);
      return existing.chart;
    }
    unplot(id);
    const chart = new uPlot(options(), data, document.getElementById(id));
    charts[id] = { chart: chart, layout: layout };
    return chart;
  }

  function unplot(id) {
    if (charts[id]) {
      charts[id].chart.destroy();
      delete charts[id];
    }
    document.getElementById(id).innerHTML = '';
  }

  // A chart's data as it was last drawn: [xs, series 1, …], or null when there is no chart.
  function points(id) {
    return charts[id] ? charts[id].chart.data.map(column => Array.from(column)) : null;
  }

  // What a task's latest poll found: sessions on its board, how many live, when the newest started (or an error).
  function report(task, state) {
    found[task] = state;
    arrange();
  }

  function arrange() {
    const shown = TASKS.filter(t => found[t] && found[t].sessions > 0)
      .sort((a, b) => (found[b].live > 0) - (found[a].live > 0) || found[b].newest - found[a].newest);
    const sections = document.getElementById('sections');
    const order = Array.from(sections.children).filter(s => !s.hidden).map(s => s.id);
    if (order.join() !== shown.join()) {
      shown.forEach(t => sections.appendChild(document.getElementById(t)));
    }
    TASKS.forEach(t => { document.getElementById(t).hidden = !shown.includes(t); });
    const problems = TASKS.filter(t => found[t] && found[t].error).map(t => found[t].error);
    document.getElementById('problems').textContent = problems.join('; ');
    document.getElementById('idle').hidden = !(TASKS.every(t => found[t] && !found[t].error) && shown.length === 0);
  }

  // The session a task's charts show: the one picked in its table while it is listed, else the given default.
  function pickedOr(task, listed, fallback) {
    return listed.includes(picked[task]) ? picked[task] : fallback;
  }

  // Rows with data-id pick their session on click; onPick redraws at once instead of at the next poll.
  function pickable(tableId, task, onPick) {
    document.getElementById(tableId).addEventListener('click', event => {
      const row = event.target.closest('tr[data-id]');
      if (row) {
        picked[task] = row.dataset.id;
        onPick();
      }
    });
  }

  // A table of rows (arrays of cell HTML), each row keyed by its session id, the shown session marked.
  function table(tableId, header, rows, shownId) {
    document.getElementById(tableId).innerHTML = '<tr>' + header.map(h => '<th>' + h + '</th>').join('') + '</tr>'
      + rows.map(r => '<tr data-id="' + r.id + '"' + (r.id === shownId ? ' class="shown"' : '') + '>'
        + r.cells.map(c => '<td>' + c + '</td>').join('') + '</tr>').join('');
  }

  // The series of a decisions-by-source chart: cumulative counts.
  const SOURCE_SERIES = [{ label: 'by the model', stroke: '#1f77b4', width: 2 },
    { label: 'by the fallback', stroke: '#d62728', width: 2 }];

  // Axis steps for counts: whole numbers only.
  const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

  return { getJson: getJson, plot: plot, unplot: unplot, points: points, report: report,
    pickedOr: pickedOr, pickable: pickable, table: table, SOURCE_SERIES: SOURCE_SERIES, COUNT_STEPS: COUNT_STEPS,
    frames: {} };
}());
