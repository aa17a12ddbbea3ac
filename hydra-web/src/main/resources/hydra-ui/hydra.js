// Hydra's UI script: live updates over the SSE stream, and the UI's changes sent to the REST API.
// htmx refreshes fragments; this file only adds what htmx does not do by itself.
(function () {
  'use strict';
  const body = document.body;

  // One EventSource per page. Each run event is re-dispatched on <body>, so a fragment refreshes
  // itself with hx-trigger="hydra-run from:body": no manual reload.
  function listen() {
    const url = body.dataset.events;
    if (!url || !window.EventSource) return;
    const source = new EventSource(url);
    // Bursts of events become one refresh, sent after the burst's last event (htmx's own
    // throttle would drop that last one, leaving a page one state behind).
    let pending = null;
    source.addEventListener('run', () => {
      if (pending === null) {
        pending = setTimeout(() => { pending = null; htmx.trigger(body, 'hydra-run'); }, 300);
      }
    });
    source.addEventListener('open', () => body.setAttribute('data-live', 'true'));
    // Browsers allow a few connections per host; a stream left open by a page being left would
    // hold one of them until the server notices.
    window.addEventListener('pagehide', () => source.close());
  }

  function flash(text, ok, link) {
    const box = document.getElementById('flash');
    const p = document.createElement('p');
    p.className = ok ? 'ok' : 'bad';
    p.textContent = text + ' ';
    if (link) {
      const a = document.createElement('a');
      a.href = link.href; a.textContent = link.text;
      p.appendChild(a);
    }
    box.replaceChildren(p);
  }

  // HX-Request is the header the server requires on changes signed in by cookie (CSRF guard).
  async function call(method, url, payload, type) {
    const response = await fetch(url, {
      method, credentials: 'same-origin',
      headers: { 'Content-Type': type || 'application/json', 'HX-Request': 'true' },
      body: payload == null ? '' : (typeof payload === 'string' ? payload : JSON.stringify(payload))
    });
    const text = await response.text();
    let json = null;
    try { json = JSON.parse(text); } catch (ignored) { /* not JSON */ }
    return { ok: response.ok, status: response.status, json, text };
  }

  function problem(res) {
    const error = res.json && res.json.error;
    if (!error) return 'Failed (HTTP ' + res.status + '): ' + res.text;
    const fields = (error.fields || []).map(f => f.field + ': ' + f.message);
    return error.message + (fields.length && !error.message.includes(fields[0]) ? ' — ' + fields.join('; ') : '');
  }

  // Form fields become JSON by their data-json kind: params ("k=v" lines), number, bool, text.
  function formJson(form) {
    const out = {};
    for (const el of form.querySelectorAll('[name]')) {
      const kind = el.dataset.json || 'text';
      if (kind === 'bool') { out[el.name] = el.checked; continue; }
      const value = el.value.trim();
      if (value === '') continue;
      if (kind === 'number') out[el.name] = Number(value);
      else if (kind === 'params') {
        out[el.name] = {};
        for (const line of value.split('\n')) {
          const eq = line.indexOf('=');
          if (line.trim() === '') continue;
          if (eq < 1) throw new Error('parameter lines look like key=value: "' + line + '"');
          out[el.name][line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
        }
      } else out[el.name] = value;
    }
    return out;
  }

  async function question(el) {
    let text = el.dataset.confirm || '';
    if (el.dataset.preview) {
      const r = await fetch(el.dataset.preview, { headers: { 'HX-Request': 'true' } });
      text += '\n\n' + (await r.text());
    }
    return text === '' || window.confirm(text);
  }

  // <button data-api="POST /api/v1/..." data-body='{...}' data-confirm="..." data-preview="/ui/...">
  document.addEventListener('click', async ev => {
    const button = ev.target.closest('button[data-api]');
    if (!button) return;
    ev.preventDefault();
    if (!(await question(button))) return;
    const [method, url] = button.dataset.api.split(' ');
    button.disabled = true;
    try {
      const res = await call(method, url, button.dataset.body ? JSON.parse(button.dataset.body) : null);
      flash(res.ok ? (button.dataset.done || 'Done.') : problem(res), res.ok);
      if (res.ok) htmx.trigger(body, 'hydra-changed');
    } finally { button.disabled = false; }
  });

  // <form data-api="POST /api/v1/..." data-then="run|backfill" data-confirm="...">
  document.addEventListener('submit', async ev => {
    const form = ev.target.closest('form[data-api]');
    if (!form) return;
    ev.preventDefault();
    let payload;
    try { payload = formJson(form); } catch (e) { flash(e.message, false); return; }
    if (!(await question(form))) return;
    const [method, url] = form.dataset.api.split(' ');
    const res = await call(method, url, payload);
    if (!res.ok) { flash(problem(res), false); return; }
    if (form.dataset.then === 'backfill') {
      flash('Backfill ' + res.json.id + ' started.', true);
      htmx.ajax('GET', '/ui/backfills/' + res.json.id, { target: '#backfill-progress', swap: 'innerHTML' });
    } else if (form.dataset.then === 'run') {
      flash('Run ' + res.json.id + (res.status === 201 ? ' created.' : ' already existed.'), true,
        { href: '/runs/' + res.json.id, text: 'Open run ' + res.json.id });
    } else flash('Done.', true);
    htmx.trigger(body, 'hydra-changed');
  });

  // The editor saves through the API: the draft as YAML, POST to create or PUT to change.
  document.addEventListener('click', async ev => {
    const button = ev.target.closest('button[data-save]');
    if (!button) return;
    ev.preventDefault();
    const form = button.form;
    const draft = await fetch('/ui/editor/yaml', {
      method: 'POST', headers: { 'HX-Request': 'true' }, body: new URLSearchParams(new FormData(form))
    });
    const yaml = await draft.text();
    if (!draft.ok) { flash(yaml, false); return; }
    const name = button.dataset.save;
    const res = name === ''
      ? await call('POST', '/api/v1/jobs', yaml, 'application/yaml')
      : await call('PUT', '/api/v1/jobs/' + encodeURIComponent(name), yaml, 'application/yaml');
    if (res.ok) { window.location.assign('/jobs/' + encodeURIComponent(res.json.name) + '?saved=' + res.json.version); return; }
    flash(problem(res), false);
    htmx.trigger(form, 'hydra-check');
  });

  // Errors of htmx's own requests (fragments) are shown too, never silently dropped.
  document.addEventListener('htmx:responseError', ev => {
    flash(ev.detail.xhr.responseText || ('HTTP ' + ev.detail.xhr.status), false);
  });

  // A field whose error slot has text is marked invalid, for screen readers and the eye.
  document.addEventListener('htmx:afterSettle', () => {
    for (const slot of document.querySelectorAll('.field-error[id]')) {
      for (const input of document.querySelectorAll('[aria-describedby~="' + slot.id + '"]')) {
        input.setAttribute('aria-invalid', slot.textContent.trim() ? 'true' : 'false');
      }
    }
  });

  listen();
})();
