// Herald's web page: handler services (forms generated from each kind's JSON Schema), topics with their alert
// history, tasks with their script and graph, and delivery health with the dead letters.
// Plain JavaScript against the server's own API. Every value from the server is inserted as text
// (textContent / text nodes), never as HTML.
'use strict';

const API = '/kapacitor/v1';
const LEVELS = ['OK', 'INFO', 'WARNING', 'CRITICAL'];
const API_TIMEOUT_MS = 20000;
const SVG_NS = 'http://www.w3.org/2000/svg';

// ---- small helpers ---------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field || null; // the config key at fault, when the server names one
  }
}

/** Calls the API; resolves to {status, data, headers}; rejects with the server's error text verbatim. */
async function api(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  // A slow server must not leave a section spinning for ever: give up after API_TIMEOUT_MS and say so.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), API_TIMEOUT_MS);
  init.signal = abort.signal;
  let res;
  let text;
  try {
    res = await fetch(path, init);
    text = await res.text();
  } catch (e) {
    throw new ApiError(0, abort.signal.aborted
      ? `the server did not answer within ${API_TIMEOUT_MS / 1000} s (${method} ${path})`
      : 'cannot reach the server: ' + e.message);
  } finally {
    clearTimeout(timer);
  }
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = null;
    }
  }
  if (!res.ok) {
    const message = data && typeof data.error === 'string' && data.error
      ? data.error : `${res.status} ${res.statusText}`.trim();
    throw new ApiError(res.status, message, data && typeof data.field === 'string' ? data.field : null);
  }
  return { status: res.status, data, headers: res.headers };
}

/** Creates an element. props: class, text, on<event>, boolean/value properties, other attributes. */
function h(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = String(v);
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'checked' || k === 'disabled' || k === 'value' || k === 'selected') e[k] = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  append(e, children);
  return e;
}

function append(parent, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return parent;
}

/** Creates an SVG element: attributes as given, children appended. */
function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  }
  append(e, children);
  return e;
}

function levelClass(level) {
  return LEVELS.includes(level) ? level.toLowerCase() : 'unknown';
}

/** Short local time for axis labels; the full RFC 3339 time stays in titles and details. */
function shortTime(ms) {
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

let uidCounter = 0;
function uid(prefix) {
  uidCounter += 1;
  return `${prefix}-${uidCounter}`;
}

const enc = encodeURIComponent;

/** A status line: shows progress, success or the server's message verbatim. */
function messageLine() {
  const line = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  line.hidden = true;
  const set = (kind, text) => {
    line.className = 'message ' + kind;
    line.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    line.textContent = text;
    line.hidden = !text;
  };
  return {
    node: line,
    busy: (text) => set('busy', text),
    ok: (text) => set('ok', text),
    error: (text) => set('error', text),
    clear: () => set('', ''),
  };
}

function levelBadge(level) {
  const known = LEVELS.includes(level) ? level.toLowerCase() : 'unknown';
  return h('span', { class: 'level level-' + known, text: level || '—' });
}

function badge(text, kind) {
  return h('span', { class: 'badge' + (kind ? ' badge-' + kind : ''), text });
}

function table(headers, rows, caption) {
  return h('div', { class: 'table-wrap' }, h('table', {},
    caption ? h('caption', { class: 'visually-hidden', text: caption }) : null,
    h('thead', {}, h('tr', {}, headers.map((t) => (Array.isArray(t)
      ? h('th', { scope: 'col', class: t[1], text: t[0] }) : h('th', { scope: 'col', text: t }))))),
    h('tbody', {}, rows)));
}

async function withBusy(button, fn) {
  button.disabled = true;
  try {
    return await fn();
  } finally {
    button.disabled = false;
  }
}

// ---- handlers --------------------------------------------------------------------------------------------------

/** Placeholder arguments of a TICKscript property method, from the key's schema. */
function tickArgs(schema) {
  const arity = schema['x-herald-arity'];
  if (arity === 0) return '';
  if (arity === -1) return "'…', '…'";
  if (arity === 2 || (schema.type === 'object' && arity === undefined)) return "'key', 'value'";
  let one;
  if (schema.enum && schema.enum.length) one = `'${schema.enum[0]}'`;
  else if (schema.format === 'duration') one = '10s';
  else if (schema.type === 'integer') one = '0';
  else if (schema.type === 'number') one = '0.0';
  else if (schema.type === 'boolean') one = 'TRUE';
  else one = "'…'";
  if (typeof arity === 'number' && arity > 1) return Array(arity).fill(one).join(', ');
  return one;
}

function typeText(schema) {
  if (schema.enum) return 'one of ' + schema.enum.join(', ');
  if (schema.format === 'duration') return 'duration';
  if (schema.format === 'uri') return 'URL';
  if (schema.type === 'array') return 'list of ' + ((schema.items && schema.items.type) || 'values');
  if (schema.type === 'object') return 'map';
  return schema.type || 'value';
}

function usageBlock(handler) {
  const options = handler.options || {};
  const props = options.properties || {};
  const entryArgs = options['x-herald-entry-args'] || [];
  const required = options.required || [];
  const call = `.${handler.tickName}(${entryArgs.map((a) => a + (props[a] && props[a].type === 'array' ? '…' : ''))
    .join(', ')})`;
  const items = Object.entries(props).map(([key, schema]) => {
    const prop = schema['x-herald-property'];
    const meta = [typeText(schema)];
    if (schema.writeOnly) meta.push('secret');
    if (required.includes(key)) meta.push('required');
    if (schema.default !== undefined && schema.default !== '' && schema.default !== false
      && !(typeof schema.default === 'object'
      && Object.keys(schema.default).length === 0)) {
      meta.push('default ' + (typeof schema.default === 'string' ? schema.default : JSON.stringify(schema.default)));
    }
    return h('li', {},
      h('div', { class: 'option-head' },
        prop === undefined ? h('span', { class: 'muted', text: '(not in TICKscript)' })
          : h('code', { class: 'prop', text: `.${prop}(${tickArgs(schema)})` }),
        h('span', { class: 'option-key' }, 'key ', h('code', { text: key })),
        h('span', { class: 'option-meta', text: meta.join(' · ') })),
      schema.description ? h('div', { class: 'option-desc', text: schema.description }) : null);
  });
  return h('div', { class: 'usage' },
    h('h4', { text: 'Use in TICKscript' }),
    h('pre', { class: 'code' }, h('code', { text: `|alert()\n    ${call}` })),
    options.description ? h('p', { class: 'hint', text: options.description }) : null,
    items.length
      ? h('details', { class: 'options-details' },
        h('summary', {}, `${items.length} option${items.length === 1 ? '' : 's'}: `,
          Object.values(props).map((p, i) => [i ? ', ' : '', h('code', { text: p['x-herald-property'] ? '.' + p['x-herald-property'] : '—' })])),
        h('ul', { class: 'options', 'aria-label': `Options of ${handler.kind}` }, items),
        h('p', { class: 'hint' }, 'In a topic handler file: ', h('code', { text: `kind: ${handler.kind}` }),
          ' with ', h('code', { text: 'options' }), ' by the keys above.'))
      : h('p', { class: 'hint', text: 'No options.' }));
}

// One form field generated from a property's JSON Schema. Returns {node, read} where read() gives
// {changed, value} or throws an Error with a message for the operator.
function field(key, schema, current, opts) {
  const id = uid('f');
  const helpId = schema.description ? id + '-help' : null;
  const label = h('label', { for: id }, h('code', { text: key }));
  const help = schema.description ? h('p', { class: 'help', id: helpId, text: schema.description }) : null;
  const described = helpId || undefined;
  let control;
  let read;

  if (schema.writeOnly) {
    // A secret: the server says only whether it is set. Send a value only when one is typed (or "clear" ticked).
    const isSet = current === true;
    const state = badge(isSet ? 'set' : 'not set', isSet ? 'set' : 'unset');
    const clearId = uid('c');
    const clearBox = h('input', { type: 'checkbox', id: clearId });
    const clearLabel = h('label', { for: clearId, class: 'inline' }, clearBox, ' clear');
    if (schema.type === 'object') {
      const editor = mapEditor({}, id, described, 'new value');
      control = h('div', { class: 'secret' }, state, editor.node, isSet ? clearLabel : null);
      read = () => {
        const v = editor.value();
        if (Object.keys(v).length) return { changed: true, value: v };
        if (clearBox.checked) return { changed: true, value: {} };
        return { changed: false };
      };
    } else {
      const input = h('input', {
        type: 'password', id, autocomplete: 'new-password', spellcheck: 'false',
        placeholder: isSet ? 'unchanged — type to replace' : 'not set — type to set', 'aria-describedby': described,
      });
      clearBox.addEventListener('change', () => { input.disabled = clearBox.checked; });
      control = h('div', { class: 'secret' }, input, state, isSet ? clearLabel : null);
      read = () => {
        if (clearBox.checked) return { changed: true, value: '' };
        if (input.value !== '') return { changed: true, value: input.value };
        return { changed: false };
      };
    }
  } else if (schema.type === 'boolean') {
    const box = h('input', { type: 'checkbox', id, checked: current === true, 'aria-describedby': described });
    const initial = current === true;
    return {
      node: h('div', { class: 'field field-bool' }, h('div', { class: 'check' }, box, label), help),
      read: () => ({ changed: box.checked !== initial, value: box.checked }),
    };
  } else if (Array.isArray(schema.enum)) {
    const values = schema.enum.slice();
    if (current !== undefined && current !== null && current !== '' && !values.includes(current)) {
      values.unshift(String(current));
    }
    control = h('select', { id, 'aria-describedby': described },
      (values.includes(current) ? [] : [h('option', { value: '', text: '(none)' })]),
      values.map((v) => h('option', { value: v, text: v, selected: v === current })));
    control.value = values.includes(current) ? current : '';
    const initial = control.value;
    read = () => ({ changed: control.value !== initial, value: control.value });
  } else if (schema.type === 'integer' || schema.type === 'number') {
    const initial = current === undefined || current === null ? '' : String(current);
    control = h('input', {
      type: 'number', id, step: schema.type === 'integer' ? '1' : 'any', value: initial,
      'aria-describedby': described,
    });
    read = () => {
      const raw = control.value.trim();
      if (raw === initial) return { changed: false };
      if (raw === '') throw new Error(`${key}: enter a number`);
      const n = Number(raw);
      if (!Number.isFinite(n) || (schema.type === 'integer' && !Number.isInteger(n))) {
        throw new Error(`${key}: "${raw}" is not ${schema.type === 'integer' ? 'a whole number' : 'a number'}`);
      }
      return { changed: true, value: n };
    };
  } else if (schema.type === 'array' && (!schema.items || schema.items.type === 'string')) {
    const editor = listEditor(Array.isArray(current) ? current : [], id, described);
    control = editor.node;
    const initial = JSON.stringify(Array.isArray(current) ? current : []);
    read = () => {
      const v = editor.value();
      return { changed: JSON.stringify(v) !== initial, value: v };
    };
  } else if (schema.type === 'object' && schema.additionalProperties && schema.additionalProperties.type === 'string') {
    const start = current && typeof current === 'object' ? current : {};
    const editor = mapEditor(start, id, described, 'value');
    control = editor.node;
    const initial = JSON.stringify(start);
    read = () => {
      const v = editor.value();
      return { changed: JSON.stringify(v) !== initial, value: v };
    };
  } else if (schema.type === 'string') {
    const initial = current === undefined || current === null ? '' : String(current);
    let placeholder;
    if (schema.format === 'duration') placeholder = 'e.g. 10s, 1m30s';
    else if (schema.format === 'uri') placeholder = 'https://…';
    control = h('input', {
      type: 'text', id, value: initial, spellcheck: 'false', autocomplete: 'off', placeholder,
      inputmode: schema.format === 'uri' ? 'url' : undefined, 'aria-describedby': described,
    });
    read = () => ({ changed: control.value !== initial, value: control.value });
  } else {
    // Anything else (e.g. a list of records): edit as JSON.
    const initial = JSON.stringify(current === undefined ? null : current, null, 2);
    control = h('textarea', { id, rows: '4', spellcheck: 'false', 'aria-describedby': described, value: initial });
    read = () => {
      if (control.value === initial) return { changed: false };
      try {
        return { changed: true, value: JSON.parse(control.value) };
      } catch (e) {
        throw new Error(`${key}: not valid JSON (${e.message})`);
      }
    };
  }
  if (opts && opts.required) label.append(h('span', { class: 'req', text: ' required' }));
  const node = h('div', { class: 'field' }, label, control, help);
  return { node, read, invalid: (text) => markInvalid(node, control, text) };
}

/** Marks a field as refused (or clears it with null): its control gets aria-invalid and the reason under it. */
function markInvalid(node, control, text) {
  node.querySelectorAll('.field-error').forEach((e) => e.remove());
  node.classList.toggle('invalid', !!text);
  const target = control.matches('input, select, textarea') ? control : control.querySelector('input, select, textarea');
  if (!target) return;
  if (!text) {
    target.removeAttribute('aria-invalid');
    return;
  }
  const id = uid('err');
  target.setAttribute('aria-invalid', 'true');
  target.setAttribute('aria-describedby', [target.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
  node.append(h('p', { class: 'field-error', id, text }));
}

function listEditor(values, id, described) {
  const rows = h('div', { class: 'rows' });
  const addRow = (v) => {
    const input = h('input', { type: 'text', value: v, spellcheck: 'false', 'aria-label': 'list item' });
    const row = h('div', { class: 'row' }, input,
      h('button', { type: 'button', class: 'icon', 'aria-label': 'remove item', title: 'remove', text: '×',
        onclick: () => row.remove() }));
    rows.append(row);
    return input;
  };
  values.forEach((v) => addRow(String(v)));
  const node = h('div', { class: 'editor', id, role: 'group', 'aria-describedby': described }, rows,
    h('button', { type: 'button', class: 'secondary small', text: '+ add item', onclick: () => addRow('').focus() }));
  return {
    node,
    value: () => Array.from(rows.querySelectorAll('input')).map((i) => i.value).filter((v) => v !== ''),
  };
}

function mapEditor(values, id, described, valueLabel) {
  const rows = h('div', { class: 'rows' });
  const addRow = (k, v) => {
    const key = h('input', { type: 'text', value: k, spellcheck: 'false', placeholder: 'key', 'aria-label': 'key' });
    const val = h('input', { type: 'text', value: v, spellcheck: 'false', placeholder: valueLabel, 'aria-label': valueLabel });
    const row = h('div', { class: 'row pair' }, key, val,
      h('button', { type: 'button', class: 'icon', 'aria-label': 'remove entry', title: 'remove', text: '×',
        onclick: () => row.remove() }));
    rows.append(row);
    return key;
  };
  Object.entries(values).forEach(([k, v]) => addRow(k, String(v)));
  const node = h('div', { class: 'editor', id, role: 'group', 'aria-describedby': described }, rows,
    h('button', { type: 'button', class: 'secondary small', text: '+ add entry', onclick: () => addRow('', '').focus() }));
  return {
    node,
    value: () => {
      const out = {};
      rows.querySelectorAll('.row').forEach((r) => {
        const [k, v] = r.querySelectorAll('input');
        if (k.value !== '') out[k.value] = v.value;
      });
      return out;
    },
  };
}

/** The form of one config element: fields for every key but the element key; Save posts {"set": changes}. */
function elementForm(handler, element, onSaved) {
  const schema = handler.config;
  const props = schema.properties || {};
  const elementKey = schema['x-herald-element-key'];
  const required = schema.required || [];
  const name = elementKey ? String(element.options[elementKey] || '') : '';
  const fields = [];
  const grid = h('div', { class: 'fields' });
  for (const [key, prop] of Object.entries(props)) {
    if (key === elementKey) continue;
    const f = field(key, prop, element.options[key], { required: required.includes(key) });
    fields.push([key, f]);
    grid.append(f.node);
  }
  const msg = messageLine();
  const url = `${API}/config/${enc(handler.section)}/${enc(name)}`;
  const save = h('button', { type: 'submit', text: 'Save' });
  const form = h('form', { class: 'config-form', novalidate: true }, grid,
    h('div', { class: 'actions' }, save, msg.node));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const set = {};
    try {
      for (const [key, f] of fields) {
        const r = f.read();
        if (r.changed) set[key] = r.value;
      }
    } catch (e) {
      msg.error(e.message);
      return;
    }
    if (Object.keys(set).length === 0) {
      msg.ok('Nothing changed.');
      return;
    }
    msg.busy('Saving…');
    for (const [, f] of fields) if (f.invalid) f.invalid(null);
    await withBusy(save, async () => {
      try {
        await api('POST', url, { set });
        msg.ok('Saved.');
        onSaved('Saved ' + Object.keys(set).join(', ') + '.');
      } catch (e) {
        msg.error(e.message);
        const bad = e.field && fields.find(([key]) => key === e.field);
        if (bad && bad[1].invalid) {
          bad[1].invalid(e.message);
          const control = bad[1].node.querySelector('[aria-invalid=true]');
          if (control) control.focus();
        }
      }
    });
  });
  return form;
}

/** The service-test panel: options inferred from the test's defaults; only changed values are sent. */
function testPanel(handler, elementNames) {
  const msg = messageLine();
  const run = h('button', { type: 'button', class: 'secondary', text: 'Send test alert' });
  const body = h('div', { class: 'fields' });
  const details = h('details', { class: 'test-options' }, h('summary', { text: 'Test options' }), body);
  const fields = [];
  const elementKey = handler.config['x-herald-element-key'];
  api('GET', `${API}/service-tests/${enc(handler.section)}`).then(({ data }) => {
    for (const [key, value] of Object.entries((data && data.options) || {})) {
      let schema;
      if (key === 'level') schema = { type: 'string', enum: LEVELS };
      else if (key === elementKey && elementNames.length > 1) schema = { type: 'string', enum: elementNames };
      else if (typeof value === 'boolean') schema = { type: 'boolean' };
      else if (typeof value === 'number') schema = { type: Number.isInteger(value) ? 'integer' : 'number' };
      else if (Array.isArray(value)) schema = { type: 'array', items: { type: 'string' } };
      else if (value && typeof value === 'object') schema = { type: 'object', additionalProperties: { type: 'string' } };
      else schema = { type: 'string' };
      const f = field(key, schema, value);
      fields.push([key, f]);
      body.append(f.node);
    }
    if (!fields.length) details.hidden = true;
  }).catch((e) => {
    details.hidden = true;
    msg.error(e.message);
  });
  run.addEventListener('click', () => withBusy(run, async () => {
    const options = {};
    try {
      for (const [key, f] of fields) {
        const r = f.read();
        if (r.changed) options[key] = r.value;
      }
    } catch (e) {
      msg.error(e.message);
      return;
    }
    msg.busy('Sending…');
    try {
      const { data } = await api('POST', `${API}/service-tests/${enc(handler.section)}`, options);
      if (data && data.success) msg.ok('Test alert sent.');
      else msg.error((data && data.message) || 'the test failed without a message');
    } catch (e) {
      msg.error(e.message);
    }
  }));
  return h('div', { class: 'test' }, h('h4', { text: 'Service test' }),
    h('div', { class: 'actions' }, run, msg.node), details);
}

/** The config part of a card: one form per element; list sections can add and remove elements. */
function configBlock(handler, card) {
  const box = h('div', { class: 'config' });
  const elementKey = handler.config['x-herald-element-key'];
  const cardMsg = messageLine();

  const load = async (note) => {
    let section;
    try {
      section = (await api('GET', `${API}/config/${enc(handler.section)}`)).data;
    } catch (e) {
      clear(box).append(h('h4', { text: 'Configuration' }), h('p', { class: 'message error', role: 'alert', text: e.message }));
      return;
    }
    const elements = (section && section.elements) || [];
    card.setEnabled(elements.some((e) => e.options && e.options.enabled === true),
      elements.some((e) => e.options && 'enabled' in e.options));
    clear(box);
    box.append(h('h4', {}, 'Configuration ', h('code', { class: 'section-name', text: `[${elementKey ? '[' : ''}${handler.section}${elementKey ? ']' : ''}]` })));
    if (handler.config.description) box.append(h('p', { class: 'hint', text: handler.config.description }));
    box.append(cardMsg.node);
    if (note) cardMsg.ok(note); else cardMsg.clear();
    const names = [];
    for (const element of elements) {
      const name = elementKey ? String(element.options[elementKey] || '') : '';
      names.push(name);
      const form = elementForm(handler, element, (text) => load(text));
      if (!elementKey) {
        box.append(form);
        continue;
      }
      const remove = h('button', { type: 'button', class: 'danger small', text: 'Remove',
        title: `Remove this ${elementKey} (only ${elementKey}s added here or through the config API can be removed)`,
        'aria-label': `Remove ${elementKey} ${name}` });
      remove.addEventListener('click', () => withBusy(remove, async () => {
        if (!window.confirm(`Remove ${elementKey} "${name}" from [[${handler.section}]]?`)) return;
        try {
          await api('POST', `${API}/config/${enc(handler.section)}`, { remove: [name] });
          load(`Removed ${elementKey} "${name}".`);
        } catch (e) {
          cardMsg.error(e.message);
        }
      }));
      const title = name
        ? h('span', {}, `${elementKey} `, h('strong', { text: name }))
        : h('span', {}, `${elementKey} `, h('em', { text: '(unnamed default)' }));
      const renameBox = h('div', { class: 'rename' });
      const rename = h('button', { type: 'button', class: 'secondary small', text: 'Rename',
        'aria-label': `Rename ${elementKey} ${name}`, 'aria-expanded': 'false' });
      rename.addEventListener('click', () => {
        if (renameBox.firstChild) {
          clear(renameBox);
          rename.setAttribute('aria-expanded', 'false');
          return;
        }
        rename.setAttribute('aria-expanded', 'true');
        renameBox.append(renameForm(handler, elementKey, name, load, () => {
          clear(renameBox);
          rename.setAttribute('aria-expanded', 'false');
          rename.focus();
        }));
        renameBox.querySelector('input').focus();
      });
      box.append(h('fieldset', { class: 'element', 'data-element': name },
        h('legend', {}, title, element.options.default === true ? badge('default', 'info') : null,
          name ? rename : null, name ? remove : null),
        renameBox, form));
    }
    if (elementKey) {
      const id = uid('add');
      const input = h('input', { type: 'text', id, spellcheck: 'false', autocomplete: 'off', placeholder: `new ${elementKey} name` });
      const add = h('button', { type: 'submit', class: 'secondary', text: `Add ${elementKey}` });
      const addMsg = messageLine();
      const addForm = h('form', { class: 'add-element' },
        h('label', { for: id, text: `New ${elementKey}` }), input, add, addMsg.node);
      addForm.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const name = input.value.trim();
        if (!name) {
          addMsg.error(`Enter a ${elementKey} name to add.`);
          return;
        }
        withBusy(add, async () => {
          try {
            await api('POST', `${API}/config/${enc(handler.section)}`, { add: { [elementKey]: name } });
            load(`Added ${elementKey} "${name}".`);
          } catch (e) {
            addMsg.error(e.message);
          }
        });
      });
      box.append(addForm);
    }
    if (handler.hasServiceTest) box.append(testPanel(handler, names));
  };
  load();
  return box;
}

/** Inline form giving a list element a new name (Herald's config API "rename"); options and secrets stay. */
function renameForm(handler, elementKey, name, reload, done) {
  const id = uid('rn');
  const input = h('input', { type: 'text', id, value: name, spellcheck: 'false', autocomplete: 'off' });
  const save = h('button', { type: 'submit', class: 'small', text: 'Save name' });
  const cancel = h('button', { type: 'button', class: 'secondary small', text: 'Cancel', onclick: done });
  const msg = messageLine();
  const form = h('form', { class: 'add-element' },
    h('label', { for: id, text: `New name for ${elementKey} ${name}` }), input, save, cancel, msg.node);
  form.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') done();
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const to = input.value.trim();
    if (!to) {
      msg.error(`${elementKey}: enter the new name.`);
      return;
    }
    if (to === name) {
      done();
      return;
    }
    withBusy(save, async () => {
      try {
        await api('POST', `${API}/config/${enc(handler.section)}/${enc(name)}`, { rename: to });
        reload(`Renamed ${elementKey} "${name}" to "${to}".`);
      } catch (e) {
        msg.error(e.message);
      }
    });
  });
  return form;
}

function handlerCard(handler) {
  const state = h('span', { class: 'state' });
  const card = h('article', { class: 'card', id: 'handler-' + handler.kind, 'aria-labelledby': 'title-' + handler.kind });
  card.setEnabled = (enabled, known) => {
    clear(state);
    if (known) state.append(badge(enabled ? 'enabled' : 'disabled', enabled ? 'on' : 'off'));
  };
  const header = h('header', { class: 'card-head' },
    h('h3', { id: 'title-' + handler.kind, text: handler.kind }),
    h('code', { class: 'tick', text: `.${handler.tickName}()` }),
    handler.section !== handler.kind ? badge(`section ${handler.section}`) : null,
    state);
  const body = h('div', { class: 'card-body' + (handler.hasConfigSection ? ' split' : '') }, usageBlock(handler));
  if (handler.hasConfigSection) {
    body.append(configBlock(handler, card));
  } else if (handler.hasServiceTest) {
    body.append(testPanel(handler, []));
  }
  append(card, [header, handler.description ? h('p', { class: 'description', text: handler.description }) : null, body]);
  return card;
}

async function loadHandlers() {
  const list = document.getElementById('handler-list');
  try {
    const { data } = await api('GET', `${API}/handlers`);
    clear(list);
    const handlers = (data && data.handlers) || [];
    if (!handlers.length) list.append(h('p', { class: 'empty', text: 'No handler kinds installed.' }));
    // Kinds with a config section first, full width: they are what operators come here to set up.
    handlers.filter((x) => x.hasConfigSection).forEach((handler) => list.append(handlerCard(handler)));
    const others = handlers.filter((x) => !x.hasConfigSection);
    if (others.length) {
      list.append(h('h3', { class: 'group-title', text: 'Kinds without a config section' }),
        h('div', { class: 'cards compact' }, others.map(handlerCard)));
    }
  } catch (e) {
    clear(list).append(h('p', { class: 'message error', role: 'alert', text: 'Loading handlers failed: ' + e.message }));
  }
  list.removeAttribute('aria-busy');
}

// ---- topics ----------------------------------------------------------------------------------------------------

let openTopic = null;

async function loadTopics() {
  const list = document.getElementById('topic-list');
  try {
    const { data } = await api('GET', `${API}/alerts/topics`);
    const topics = (data && data.topics) || [];
    // The number of events each topic holds now (one request per topic; the list shows the first 200).
    const counts = await Promise.all(topics.slice(0, 200).map((t) => api('GET', `${API}/alerts/topics/${enc(t.id)}/events`)
      .then((r) => ((r.data && r.data.events) || []).length, () => null)));
    clear(list);
    if (!topics.length) {
      list.append(h('p', { class: 'empty', text: 'No topics yet. Alerts create them.' }));
    } else {
      const rows = topics.map((t, i) => h('tr', { class: t.id === openTopic ? 'selected' : null },
        h('td', {}, h('button', { type: 'button', class: 'link', text: t.id, 'aria-label': `Show events of topic ${t.id}`,
          onclick: () => showTopic(t.id) })),
        h('td', {}, levelBadge(t.level)),
        h('td', { class: 'num', text: counts[i] === null || counts[i] === undefined ? '—' : String(counts[i]) }),
        h('td', { class: 'num', text: String(t.collected) })));
      list.append(table(['Topic', 'Level', ['Events', 'num'], ['Collected since start', 'num']], rows, 'Alert topics'));
    }
  } catch (e) {
    clear(list).append(h('p', { class: 'message error', role: 'alert', text: 'Loading topics failed: ' + e.message }));
  }
  list.removeAttribute('aria-busy');
  if (openTopic) showTopic(openTopic);
}

/** The Close button of a detail panel: forgets what is open, empties the panel, unmarks the list's row. */
function closeButton(detail, listId, forget) {
  return h('button', { type: 'button', class: 'secondary small', text: 'Close', onclick: () => {
    forget();
    clear(detail);
    document.querySelectorAll(`#${listId} tr.selected`).forEach((tr) => tr.classList.remove('selected'));
  } });
}

async function showTopic(id) {
  openTopic = id;
  document.querySelectorAll('#topic-list tbody tr').forEach((tr) => {
    tr.classList.toggle('selected', tr.querySelector('button') && tr.querySelector('button').textContent === id);
  });
  const detail = document.getElementById('topic-detail');
  const close = closeButton(detail, 'topic-list', () => { openTopic = null; });
  const panel = h('div', { class: 'panel', id: 'topic-panel' },
    h('div', { class: 'panel-head' }, h('h3', {}, 'Topic ', h('code', { text: id })), close));
  const [events, handlers, history] = await Promise.allSettled([
    api('GET', `${API}/alerts/topics/${enc(id)}/events`),
    api('GET', `${API}/alerts/topics/${enc(id)}/handlers`),
    api('GET', `${API}/alerts/topics/${enc(id)}/history`),
  ]);
  // Each part shows what it could load: one failing request does not blank the others.
  const eventView = h('div', { class: 'event-view', 'aria-live': 'polite' });
  panel.append(h('h4', { text: 'History' }));
  if (history.status === 'fulfilled') {
    const list = (history.value.data && history.value.data.events) || [];
    panel.append(list.length ? timeline(list, (e) => showEvent(eventView, e))
      : h('p', { class: 'empty', text: 'No history kept for this topic yet.' }), eventView);
  } else {
    panel.append(h('p', { class: 'message error', role: 'alert', text: 'History: ' + history.reason.message }));
  }
  panel.append(h('h4', { text: 'Alerts not OK now' }));
  if (events.status === 'fulfilled') {
    const list = (events.value.data && events.value.data.events) || [];
    if (!list.length) {
      panel.append(h('p', { class: 'empty', text: 'None: every alert of this topic is OK.' }));
    } else {
      panel.append(table(['Event', 'Level', 'Time', 'Duration', 'Message'], list.map((e) => h('tr', {},
        h('td', {}, h('code', { text: e.id })),
        h('td', {}, levelBadge(e.state && e.state.level)),
        h('td', { class: 'nowrap', text: e.state ? e.state.time : '' }),
        h('td', { class: 'nowrap', text: e.state ? e.state.duration : '' }),
        h('td', { text: e.state ? e.state.message : '' }))), `Events of topic ${id}`));
    }
  } else {
    panel.append(h('p', { class: 'message error', role: 'alert', text: 'Events: ' + events.reason.message }));
  }
  if (handlers.status === 'fulfilled') {
    const hs = (handlers.value.data && handlers.value.data.handlers) || [];
    panel.append(h('p', { class: 'hint' }, 'Topic handlers: ',
      hs.length ? hs.map((x, i) => [i ? ', ' : '', h('code', { text: x.id }), ` (${x.kind})`]) : 'none'));
  }
  if (openTopic === id) clear(detail).append(panel);
}

/**
 * The history of a topic as one row per alert id: a band per event, coloured by level, from the event's time to the
 * next event of the same alert (the last band runs to the end of the axis). Bands are buttons: click, Enter or
 * Space shows the event.
 */
function timeline(events, onSelect) {
  const byId = new Map();
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const e of events) {
    const t = Date.parse(e.state.time);
    if (Number.isNaN(t)) continue;
    t0 = Math.min(t0, t);
    t1 = Math.max(t1, t);
    if (!byId.has(e.id)) byId.set(e.id, []);
    byId.get(e.id).push({ t, e });
  }
  const span = Math.max(t1 - t0, 60000);
  const end = t0 + span * 1.05;
  const x = (t) => ((t - t0) / (end - t0)) * 1000;
  const rows = [];
  for (const [alertId, list] of byId) {
    list.sort((a, b) => a.t - b.t);
    const bands = list.map((item, i) => {
      const next = i + 1 < list.length ? list[i + 1].t : end;
      const level = item.e.state.level;
      const label = `${alertId}: ${level} at ${item.e.state.time}` + (item.e.state.message ? ` — ${item.e.state.message}` : '');
      const rect = svg('rect', {
        x: x(item.t).toFixed(2), y: 2, width: Math.max(x(next) - x(item.t), 4).toFixed(2), height: 20,
        class: `band band-${levelClass(level)}`, tabindex: 0, role: 'button', 'aria-label': label,
        'data-level': level, 'data-time': item.e.state.time,
      }, svg('title', {}, label));
      const select = () => {
        document.querySelectorAll('.band.chosen').forEach((b) => b.classList.remove('chosen'));
        rect.classList.add('chosen');
        onSelect(item.e);
      };
      rect.addEventListener('click', select);
      rect.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          select();
        }
      });
      return rect;
    });
    rows.push(h('div', { class: 'tl-row' },
      h('div', { class: 'tl-label' }, h('code', { text: alertId })),
      svg('svg', { class: 'tl-bar', viewBox: '0 0 1000 24', preserveAspectRatio: 'none', role: 'group',
        'aria-label': `History of ${alertId}` }, bands)));
  }
  return h('div', { class: 'timeline', role: 'region', 'aria-label': 'Alert history' },
    rows,
    h('div', { class: 'tl-axis' }, h('span', { text: shortTime(t0) }), h('span', { text: shortTime(end) })),
    h('div', { class: 'tl-legend', 'aria-hidden': 'true' },
      LEVELS.map((l) => h('span', {}, h('span', { class: `swatch band-${l.toLowerCase()}` }), l))));
}

/**
 * Kapacitor's details are HTML (its default is the event as HTML-escaped JSON, for e-mail). Shown as the text that
 * HTML stands for: parsed in an inert document (no scripts run, nothing loads) and read back as text, never inserted.
 */
function detailsText(html) {
  return new DOMParser().parseFromString(html, 'text/html').body.textContent;
}

function showEvent(box, e) {
  const data = e.data && e.data.series ? e.data.series : (e.data || null);
  clear(box).append(h('div', { class: 'event-detail' },
    h('h4', {}, 'Event ', h('code', { text: e.id })),
    h('dl', {},
      h('dt', { text: 'Level' }), h('dd', {}, levelBadge(e.state.level)),
      h('dt', { text: 'Time' }), h('dd', { text: e.state.time }),
      h('dt', { text: 'Duration' }), h('dd', { text: e.state.duration }),
      h('dt', { text: 'Message' }), h('dd', { class: 'event-message', text: e.state.message || '—' }),
      e.state.details ? [h('dt', { text: 'Details' }), h('dd', {}, h('pre', { class: 'code', text: detailsText(e.state.details) }))] : null,
      h('dt', { text: 'Data' }), h('dd', {}, h('pre', { class: 'code event-data', text: JSON.stringify(data, null, 2) })))));
}

// ---- tasks -----------------------------------------------------------------------------------------------------

let openTask = null;

async function setTaskStatus(id, enable, msg) {
  msg.busy(`${enable ? 'Enabling' : 'Disabling'} ${id}…`);
  try {
    await api('PATCH', `${API}/tasks/${enc(id)}`, { status: enable ? 'enabled' : 'disabled' });
    msg.ok(`Task ${id} ${enable ? 'enabled' : 'disabled'}.`);
    await loadTasks();
    return true;
  } catch (e) {
    msg.error(`${id}: ${e.message}`);
    return false;
  }
}

async function loadTasks() {
  const list = document.getElementById('task-list');
  const msg = messageLine();
  try {
    const fields = ['status', 'executing', 'dbrps', 'error', 'type'].map((f) => 'fields=' + f).join('&');
    const { data } = await api('GET', `${API}/tasks?${fields}&limit=1000`);
    const tasks = (data && data.tasks) || [];
    clear(list);
    if (!tasks.length) {
      list.append(h('p', { class: 'empty', text: 'No tasks defined.' }));
    } else {
      const rows = tasks.map((t) => {
        const enabled = t.status === 'enabled';
        const toggle = h('button', { type: 'button', class: enabled ? 'secondary small' : 'small',
          text: enabled ? 'Disable' : 'Enable', 'aria-label': `${enabled ? 'Disable' : 'Enable'} task ${t.id}` });
        toggle.addEventListener('click', () => withBusy(toggle, () => setTaskStatus(t.id, !enabled, msg)));
        const view = h('button', { type: 'button', class: 'secondary small', text: 'View',
          'aria-label': `View task ${t.id}`, onclick: () => showTask(t.id) });
        const dbrps = (t.dbrps || []).map((d) => `"${d.db}"."${d.rp}"`).join(', ');
        return h('tr', { class: t.id === openTask ? 'selected' : null, 'data-task': t.id },
          h('td', {}, h('code', { text: t.id })),
          h('td', {}, badge(t.status, enabled ? 'on' : 'off')),
          h('td', { text: t.executing ? 'yes' : 'no' }),
          h('td', {}, h('code', { text: dbrps })),
          h('td', { class: 'error-text', text: t.error || '' }),
          h('td', { class: 'nowrap' }, view, ' ', toggle));
      });
      list.append(table(['Task', 'Status', 'Executing', 'DBRPs', 'Error', 'Action'], rows, 'Tasks'), msg.node);
    }
  } catch (e) {
    clear(list).append(h('p', { class: 'message error', role: 'alert', text: 'Loading tasks failed: ' + e.message }));
  }
  list.removeAttribute('aria-busy');
  if (openTask) showTask(openTask);
}

/** TICKscript as highlighted spans (text nodes only): comments, strings, references, numbers, keywords, nodes, properties. */
function highlightTick(script) {
  const token = /(\/\/[^\n]*)|('(?:[^'\\]|\\.)*')|("(?:[^"\\]|\\.)*")|(\b\d+(?:\.\d+)?(?:ns|us|u|µs|ms|s|m|h|d|w)?\b)|(\b(?:var|stream|batch|lambda|TRUE|FALSE|AND|OR|NOT)\b)|(\|\s*[A-Za-z_]\w*)|(\.[A-Za-z_]\w*)/g;
  const kinds = [null, 'tk-comment', 'tk-string', 'tk-ref', 'tk-number', 'tk-keyword', 'tk-node', 'tk-prop'];
  const out = [];
  let last = 0;
  let m;
  while ((m = token.exec(script)) !== null) {
    if (m.index > last) out.push(script.slice(last, m.index));
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    out.push(h('span', { class: kinds[group], text: m[0] }));
    last = token.lastIndex;
  }
  if (last < script.length) out.push(script.slice(last));
  return out;
}

/** Kapacitor's DOT text (digraph with "a -> b;" edges) parsed into nodes and edges. */
function parseDot(dot) {
  const nodes = [];
  const edges = [];
  const seen = new Set();
  const add = (n) => {
    if (!seen.has(n)) {
      seen.add(n);
      nodes.push(n);
    }
  };
  for (const line of (dot || '').split('\n')) {
    const edge = /^\s*"?([\w.:-]+)"?\s*->\s*"?([\w.:-]+)"?/.exec(line);
    if (edge) {
      add(edge[1]);
      add(edge[2]);
      edges.push([edge[1], edge[2]]);
      continue;
    }
    const node = /^\s*"?([\w.:-]+)"?\s*(\[|;)/.exec(line);
    if (node && !['graph', 'node', 'edge'].includes(node[1])) add(node[1]);
  }
  return { nodes, edges };
}

/** The task's pipeline as a picture: layers top to bottom by longest path from a source, arrows between boxes. */
function dotGraph(dot, levels) {
  const { nodes, edges } = parseDot(dot);
  if (!nodes.length) return h('p', { class: 'empty', text: 'No graph: the task did not compile.' });
  const depth = new Map(nodes.map((n) => [n, 0]));
  for (let i = 0; i < nodes.length; i++) {
    for (const [a, b] of edges) depth.set(b, Math.max(depth.get(b), depth.get(a) + 1));
  }
  const layers = [];
  for (const n of nodes) (layers[depth.get(n)] = layers[depth.get(n)] || []).push(n);
  const W = 132;
  const H = 30;
  const GX = 24;
  const GY = 34;
  const widest = Math.max(...layers.map((l) => l.length));
  const width = widest * (W + GX) + GX;
  const height = layers.length * (H + GY) + GY - 10;
  const pos = new Map();
  layers.forEach((layer, d) => {
    const offset = (width - layer.length * (W + GX) + GX) / 2;
    layer.forEach((n, i) => pos.set(n, { x: offset + i * (W + GX), y: 12 + d * (H + GY) }));
  });
  const arrows = edges.map(([a, b]) => {
    const p = pos.get(a);
    const q = pos.get(b);
    return svg('line', { x1: p.x + W / 2, y1: p.y + H, x2: q.x + W / 2, y2: q.y - 3, class: 'edge', 'marker-end': 'url(#arrow)' });
  });
  const boxes = nodes.map((n) => {
    const p = pos.get(n);
    const level = levels[n];
    const name = n.replace(/\d+$/, '');
    return svg('g', { class: 'gnode' + (level ? ` gnode-${levelClass(level)}` : ''), 'data-node': n },
      svg('rect', { x: p.x, y: p.y, width: W, height: H, rx: 6 }),
      svg('text', { x: p.x + W / 2, y: p.y + H / 2 + 4, 'text-anchor': 'middle' }, level ? `${n} · ${level}` : n),
      svg('title', {}, level ? `${n} (${name} node): ${level}` : `${n} (${name} node)`));
  });
  return svg('svg', { class: 'dot-graph', viewBox: `0 0 ${width} ${height}`, width, role: 'img',
    'aria-label': `Pipeline: ${edges.map(([a, b]) => `${a} to ${b}`).join(', ')}` },
  svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }))),
  arrows, boxes);
}

async function showTask(id) {
  openTask = id;
  const detail = document.getElementById('task-detail');
  document.querySelectorAll('#task-list tbody tr').forEach((tr) => tr.classList.toggle('selected', tr.dataset.task === id));
  const close = closeButton(detail, 'task-list', () => { openTask = null; });
  const panel = h('div', { class: 'panel', id: 'task-panel' });
  const [task, topics] = await Promise.allSettled([
    api('GET', `${API}/tasks/${enc(id)}`),
    api('GET', `${API}/alerts/topics`),
  ]);
  if (task.status !== 'fulfilled') {
    panel.append(h('div', { class: 'panel-head' }, h('h3', {}, 'Task ', h('code', { text: id })), close),
      h('p', { class: 'message error', role: 'alert', text: task.reason.message }));
    if (openTask === id) clear(detail).append(panel);
    return;
  }
  const t = task.value.data;
  const enabled = t.status === 'enabled';
  const msg = messageLine();
  const toggle = h('button', { type: 'button', class: enabled ? 'secondary small' : 'small', text: enabled ? 'Disable' : 'Enable',
    'aria-label': `${enabled ? 'Disable' : 'Enable'} task ${id}` });
  toggle.addEventListener('click', () => withBusy(toggle, () => setTaskStatus(id, !enabled, msg)));
  // Alert nodes publish to anonymous topics main:<task>:<node>: their level is the node's.
  const levels = {};
  if (topics.status === 'fulfilled') {
    for (const tp of (topics.value.data && topics.value.data.topics) || []) {
      const prefix = `main:${id}:`;
      if (tp.id.startsWith(prefix)) levels[tp.id.slice(prefix.length)] = tp.level;
    }
  }
  const alertNodes = Object.entries(levels);
  append(panel, [
    h('div', { class: 'panel-head' },
      h('h3', {}, 'Task ', h('code', { text: id }), ' ', badge(t.status, enabled ? 'on' : 'off')),
      h('div', { class: 'actions tight' }, toggle, close)),
    msg.node,
    t.error ? h('p', { class: 'message error', role: 'alert', text: t.error }) : null,
    h('h4', { text: 'Pipeline' }),
    h('div', { class: 'graph-wrap' }, dotGraph(t.dot, levels)),
    alertNodes.length ? h('p', { class: 'hint' }, 'Alert nodes: ',
      alertNodes.map(([n, l], i) => [i ? ', ' : '', h('code', { text: n }), ' ', levelBadge(l)])) : null,
    h('h4', { text: 'TICKscript' }),
    h('pre', { class: 'code tick-script', tabindex: 0, 'aria-label': `TICKscript of ${id}` },
      h('code', {}, highlightTick(t.script || '')))]);
  if (openTask === id) clear(detail).append(panel);
}

// ---- delivery health ------------------------------------------------------------------------------------------

/** A minute-per-bar chart of the last hour; the label says what a screen reader needs (total and peak). */
function barChart(values, what, cls, unit) {
  const max = Math.max(...values, 0);
  const total = values.reduce((a, b) => a + b, 0);
  const w = 4;
  const bars = values.map((v, i) => (v > 0 ? svg('rect', {
    x: i * w, y: 30 - Math.max(1.5, (v / max) * 28), width: w - 1, height: Math.max(1.5, (v / max) * 28), class: cls,
  }, svg('title', {}, `${v}${unit} (${60 - i} min ago)`)) : null));
  const active = values.filter((v) => v > 0);
  const mean = active.length ? active.reduce((a, b) => a + b, 0) / active.length : 0;
  const label = unit
    ? `${what}, last hour: ${mean.toFixed(1)}${unit} on average, ${max}${unit} at most`
    : `${what}, last hour: ${total} in all, at most ${max} a minute`;
  return h('figure', { class: 'chart' },
    svg('svg', { viewBox: '0 0 240 30', preserveAspectRatio: 'none', role: 'img', 'aria-label': label },
      svg('line', { x1: 0, y1: 29.5, x2: 240, y2: 29.5, class: 'baseline' }), bars),
    h('figcaption', {}, h('span', { text: what }), h('strong', { text: unit ? `${max}${unit} max` : String(total) })));
}

function laneCard(l) {
  const hour = l['last-hour'] || [];
  const failures = hour.map((m) => m.retries + m['dead-letters']);
  const state = l.retrying ? badge('retrying', 'warn') : l.queued > 0 ? badge(`${l.queued} queued`, 'info') : badge('idle', 'on');
  return h('article', { class: 'lane card', 'data-lane': l.handler, 'aria-label': `Handler ${l.handler}` },
    h('header', { class: 'card-head' }, h('h3', {}, h('code', { text: l.handler })), badge(l.kind), h('span', { class: 'state' }, state)),
    h('dl', { class: 'lane-counts' },
      h('div', {}, h('dt', { text: 'Delivered' }), h('dd', { class: 'delivered', text: String(l.delivered) })),
      h('div', {}, h('dt', { text: 'Retries' }), h('dd', { class: 'retries', text: String(l.retries) })),
      h('div', {}, h('dt', { text: 'Dead letters' }), h('dd', { class: 'dead', text: String(l['dead-letters']) })),
      h('div', {}, h('dt', { text: 'Queued' }), h('dd', { class: 'queued', text: String(l.queued) }))),
    h('div', { class: 'charts' },
      barChart(hour.map((m) => m.delivered), 'Delivered per minute', 'bar-ok', ''),
      barChart(failures, 'Failed calls per minute', 'bar-fail', ''),
      barChart(hour.map((m) => m['latency-mean-ms']), 'Call latency (mean)', 'bar-latency', ' ms')),
    l['last-error']
      ? h('p', { class: 'last-error' }, h('span', { class: 'muted-label', text: 'Last error ' }),
        h('time', { text: l['last-error-time'] }), ': ', h('span', { class: 'error-text', text: l['last-error'] }))
      : h('p', { class: 'hint', text: 'No errors since start.' }));
}

async function loadLanes() {
  const list = document.getElementById('lane-list');
  try {
    const { data } = await api('GET', `${API}/delivery/lanes`);
    const lanes = (data && data.lanes) || [];
    clear(list);
    if (!lanes.length) list.append(h('p', { class: 'empty', text: 'No handlers yet: define a task with a handler or a topic handler.' }));
    else list.append(h('div', { class: 'cards compact' }, lanes.map(laneCard)));
  } catch (e) {
    clear(list).append(h('p', { class: 'message error', role: 'alert', text: 'Loading delivery health failed: ' + e.message }));
  }
  list.removeAttribute('aria-busy');
}

function loadDelivery() {
  return Promise.all([loadLanes(), loadDeadLetters()]);
}

// ---- dead letters ----------------------------------------------------------------------------------------------

async function loadDeadLetters() {
  const list = document.getElementById('deadletter-list');
  const msg = messageLine();
  try {
    const { data } = await api('GET', `${API}/deadletters`);
    const letters = (data && data['dead-letters']) || [];
    clear(list);
    if (!letters.length) {
      list.append(h('p', { class: 'empty', text: 'No dead letters: every alert was delivered or is on its way.' }));
    } else {
      const rows = letters.map((d) => {
        const resend = h('button', { type: 'button', class: 'small', text: 'Re-send',
          'aria-label': `Re-send dead letter ${d.id} to ${d.handler}` });
        resend.addEventListener('click', () => withBusy(resend, async () => {
          msg.busy(`Re-sending ${d.id}…`);
          try {
            await api('POST', `${API}/deadletters/${d.id}/resend`);
            msg.ok(`Dead letter ${d.id} re-sent to ${d.handler}.`);
            await loadDelivery();
            document.getElementById('deadletter-list').append(msg.node);
          } catch (e) {
            msg.error(`${d.id}: ${e.message}`);
          }
        }));
        const remove = h('button', { type: 'button', class: 'secondary small', text: 'Delete',
          'aria-label': `Delete dead letter ${d.id}` });
        remove.addEventListener('click', () => withBusy(remove, async () => {
          try {
            await api('DELETE', `${API}/deadletters/${d.id}`);
            await loadDeadLetters();
          } catch (e) {
            msg.error(`${d.id}: ${e.message}`);
          }
        }));
        const event = d.event || {};
        return h('tr', {},
          h('td', { class: 'num', text: String(d.id) }),
          h('td', {}, h('code', { text: d.handler }), ' ', badge(d.kind)),
          h('td', {}, h('code', { text: event.id || '' }), ' ', levelBadge(event.level)),
          h('td', { text: event.message || '' }),
          h('td', { class: 'error-text', text: `${d.reason} (${d.attempts} attempt${d.attempts === 1 ? '' : 's'})` }),
          h('td', { class: 'nowrap', text: d.failed }),
          h('td', {}, resend, ' ', remove));
      });
      list.append(table([['#', 'num'], 'Handler', 'Alert', 'Message', 'Why', 'Given up', 'Action'], rows,
        'Dead letters'));
    }
    list.append(msg.node);
  } catch (e) {
    clear(list).append(h('p', { class: 'message error', role: 'alert',
      text: 'Loading dead letters failed: ' + e.message }));
  }
  list.removeAttribute('aria-busy');
}

// ---- page ------------------------------------------------------------------------------------------------------

async function loadVersion() {
  try {
    const { headers } = await api('GET', `${API}/ping`);
    const v = headers.get('X-Herald-Version');
    const k = headers.get('X-Kapacitor-Version');
    document.getElementById('version').textContent = [v && 'v' + v, k && `(Kapacitor API ${k})`].filter(Boolean).join(' ');
  } catch (e) {
    document.getElementById('page-message').textContent = e.message;
    document.getElementById('page-message').className = 'message error';
  }
}

function loadAll() {
  loadVersion();
  loadHandlers();
  loadTopics();
  loadTasks();
  loadDelivery();
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('refresh-all').addEventListener('click', loadAll);
  document.getElementById('refresh-topics').addEventListener('click', loadTopics);
  document.getElementById('refresh-tasks').addEventListener('click', loadTasks);
  document.getElementById('refresh-delivery').addEventListener('click', loadDelivery);
  loadAll();
});
