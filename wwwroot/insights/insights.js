// The /insights page: fetches each table from /insights/api/<name>.json for the chosen range and view, draws its
// charts with Chart.js (wwwroot/lib, from npm) and lists it as a table with its CSV download. Text comes from the
// page's config (Content/strings/insights.*.json, in the viewer's language); nothing here is user-visible English.
(() => {
  'use strict';
  const config = JSON.parse(document.getElementById('insights-config').textContent);
  const s = config.strings;
  const params = new URLSearchParams(location.search);
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 29 * 86400000).toISOString().slice(0, 10);
  const state = { from: params.get('from') || monthAgo, to: params.get('to') || today, queue: params.get('queue') || '' };
  const palette = ['#0f6cbd', '#e3008c', '#107c10', '#ff8c00', '#8764b8', '#00b7c3', '#a4262c', '#498205', '#5c2e91', '#986f0b'];
  const charts = [];
  const value = (v) => (v === null || v === undefined) ? '' : (Object.prototype.hasOwnProperty.call(config.values, String(v)) ? config.values[String(v)] : String(v));
  const format = (s1, ...args) => s1.replace(/\{(\d+)\}/g, (_, i) => args[Number(i)]);
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, v);
    for (const child of children) node.append(child);
    return node;
  };

  function header() {
    const form = document.getElementById('range');
    const from = el('input', { type: 'date', name: 'from', value: state.from, required: '' });
    const to = el('input', { type: 'date', name: 'to', value: state.to, required: '' });
    form.append(el('label', {}, s.from, from), el('label', {}, s.to, to));
    let queue = null;
    if (config.queues.length > 1) {
      queue = el('select', { name: 'queue' }, el('option', { value: '' }, s['view.all']), ...config.queues.map(q => el('option', { value: q }, value(q))));
      queue.value = state.queue;
      form.append(el('label', {}, s.view, queue));
    }
    form.append(el('button', { type: 'submit' }, s.apply));
    const languages = el('nav', { class: 'languages' });
    for (const [code, name] of Object.entries(config.languages)) {
      const link = el('a', { href: '?' + new URLSearchParams({ ...query(), lang: code }), lang: code, 'aria-current': code === config.language ? 'page' : null }, name);
      languages.append(link);
    }
    form.append(languages);
    if (config.viewer) form.append(el('span', { class: 'viewer' }, format(s.signedInAs, config.viewer)));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      state.from = from.value; state.to = to.value; state.queue = queue ? queue.value : '';
      history.replaceState(null, '', '?' + new URLSearchParams({ ...query(), lang: config.language }));
      load();
    });
  }

  const query = () => { const q = { from: state.from, to: state.to }; if (state.queue) q.queue = state.queue; return q; };
  const api = (name, ext) => `/insights/api/${name}.${ext}?` + new URLSearchParams(query());

  async function fetchTable(name) {
    const response = await fetch(api(name, 'json'), { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  function section(id, title) {
    const node = el('section', { id: 'section-' + id }, el('h2', {}, title));
    document.getElementById('sections').append(node);
    return node;
  }

  function table(node, name, data) {
    if (data.rows.length === 0) { node.append(el('p', { class: 'empty' }, s.empty)); }
    else {
      const head = el('tr', {}, ...data.columns.map(c => el('th', { scope: 'col' }, s['col.' + c] || c)));
      const body = data.rows.map(row => el('tr', {}, ...row.map(cell => {
        const numeric = typeof cell === 'number';
        const shown = typeof cell === 'boolean' ? value(String(cell)) : numeric && !Number.isInteger(cell) ? cell.toFixed(2) : cell === '*' ? s['value.all'] : value(cell);
        return el('td', { class: numeric ? 'number' : null }, shown);
      })));
      node.append(el('div', { class: 'table' }, el('table', { 'data-table': name }, el('thead', {}, head), el('tbody', {}, ...body))));
    }
    node.append(el('a', { class: 'download', href: api(name, 'csv'), download: '' }, s.downloadCsv));
  }

  function chart(node, type, labels, datasets, options = {}, small = false) {
    const box = el('div', { class: small ? 'chart small' : 'chart' });
    const canvas = el('canvas', { role: 'img', 'aria-label': options.label || '' });
    box.append(canvas);
    node.append(box);
    charts.push(new Chart(canvas, {
      type,
      data: { labels, datasets: datasets.map((d, i) => ({ backgroundColor: d.colors || palette[i % palette.length], borderColor: d.colors ? undefined : palette[i % palette.length], ...d })) },
      options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } }, title: { display: !!options.title, text: options.title } },
        scales: type === 'doughnut' ? undefined : { x: { stacked: !!options.stacked }, y: { stacked: !!options.stacked, beginAtZero: true, ...(options.y || {}) } } },
    }));
    return box;
  }

  const sumBy = (rows, key, amount) => { const m = new Map(); for (const r of rows) m.set(key(r), (m.get(key(r)) || 0) + amount(r)); return m; };
  const doughnut = (node, title, map) => chart(node, 'doughnut', [...map.keys()].map(value), [{ data: [...map.values()], colors: palette }], { title }, true);
  const col = (data, name) => data.columns.indexOf(name);

  const renderers = {
    conversations(node, data) {
      const [d, c, r, l, n] = ['day', 'channel', 'role', 'language', 'conversations'].map(x => col(data, x));
      const days = [...new Set(data.rows.map(x => x[d]))];
      const channels = [...new Set(data.rows.map(x => value(x[c])))];
      chart(node, 'bar', days, channels.map(ch => ({ label: ch, data: days.map(day => data.rows.filter(x => x[d] === day && value(x[c]) === ch).reduce((a, x) => a + x[n], 0)) })), { stacked: true });
      const grid = el('div', { class: 'charts' });
      node.append(grid);
      doughnut(grid, s['section.byChannel'], sumBy(data.rows, x => value(x[c]), x => x[n]));
      doughnut(grid, s['section.byRole'], sumBy(data.rows, x => x[r], x => x[n]));
      doughnut(grid, s['section.byLanguage'], sumBy(data.rows, x => x[l], x => x[n]));
    },
    guides(node, data) {
      const rows = data.rows.filter(x => x[0] !== '*');
      const overall = data.rows.find(x => x[0] === '*');
      const rate = overall && overall[col(data, 'deflectionRate')];
      node.append(el('p', { class: 'note' }, format(s['section.deflection'], rate === null || rate === undefined ? '–' : Math.round(rate * 100) + '%')));
      if (rows.length) chart(node, 'bar', rows.map(x => x[0]), ['solved', 'notSolved', 'abandoned', 'requestsFollowed'].map(k => ({ label: s['col.' + k], data: rows.map(x => x[col(data, k)]) })));
    },
    requests(node, data) {
      const n = col(data, 'requests');
      const grid = el('div', { class: 'charts' });
      node.append(grid);
      for (const key of ['kind', 'status', 'queue', 'severity']) doughnut(grid, s['col.' + key], sumBy(data.rows, x => x[col(data, key)], x => x[n]));
    },
    backlog(node, data) {
      chart(node, 'line', data.rows.map(x => x[0]), [
        { label: s['col.open'], data: data.rows.map(x => x[col(data, 'open')]), fill: false, tension: 0.2 },
        { label: s['col.opened'], data: data.rows.map(x => x[col(data, 'opened')]), type: 'bar' },
        { label: s['col.ended'], data: data.rows.map(x => x[col(data, 'ended')]), type: 'bar' },
      ]);
    },
    timings(node, data) {
      if (!data.rows.length) return;
      chart(node, 'bar', data.rows.map(x => value(x[0])), ['meanFirstActionHours', 'firstActionTargetHours', 'meanResolutionHours', 'resolutionTargetHours']
        .map(k => ({ label: s['col.' + k], data: data.rows.map(x => x[col(data, k)]) })));
    },
    escalations(node, data) {
      const row = data.rows[0] || [0, 0, 0];
      node.append(el('div', { class: 'tiles' }, ...data.columns.map((c, i) => el('div', { class: 'tile' }, el('b', {}, String(row[i])), s['col.' + c]))));
    },
    satisfaction(node, data) {
      chart(node, 'bar', data.rows.map(x => '★'.repeat(x[0])), [{ label: s['col.requests'], data: data.rows.map(x => x[1]), colors: ['#a4262c', '#ff8c00', '#986f0b', '#498205', '#107c10'] }], {}, true);
    },
    'satisfaction-trend'(node, data) {
      if (data.rows.length) chart(node, 'line', data.rows.map(x => x[0]), [{ label: s['col.meanRating'], data: data.rows.map(x => x[1]), tension: 0.2 }], { y: { min: 1, max: 5 } }, true);
    },
  };

  const layout = [
    ['conversations', s['section.conversations']],
    ['guides', s['section.guides']],
    ['ratings', s['section.ratings']],
    ['requests', s['section.requests']],
    ['backlog', s['section.backlog']],
    ['timings', s['section.timings']],
    ['breaches', s['section.breaches']],
    ['escalations', s['section.escalations']],
    ['satisfaction', s['section.satisfaction']],
    ['satisfaction-trend', s['section.satisfactionTrend']],
    ['comments', s['section.comments']],
    ['unrecognized', s['section.unrecognized']],
  ];

  async function load() {
    for (const c of charts.splice(0)) c.destroy();
    const main = document.getElementById('sections');
    main.replaceChildren();
    main.setAttribute('aria-busy', 'true');
    await Promise.all(layout.map(async ([name, title]) => {
      const node = section(name, title);
      const waiting = el('p', { class: 'empty' }, s.loading);
      node.append(waiting);
      try {
        const data = await fetchTable(name);
        waiting.remove();
        if (renderers[name]) renderers[name](node, data);
        table(node, name, data);
      } catch {
        waiting.textContent = s.failed;
      }
    }));
    main.setAttribute('aria-busy', 'false');
    document.body.dataset.loaded = 'true';
  }

  header();
  load();
})();
