// Herald's web page: handler services (forms generated from each kind's JSON Schema), topics and tasks.
// Plain JavaScript against the server's own API. Every value from the server is inserted as text
// (textContent / text nodes), never as HTML.
'use strict';

const API = '/kapacitor/v1';
const LEVELS = ['OK', 'INFO', 'WARNING', 'CRITICAL'];

// ---- small helpers ---------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Calls the API; resolves to {status, data, headers}; rejects with the server's error text verbatim. */
async function api(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'cannot reach the server: ' + e.message);
  }
  const text = await res.text();
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
    throw new ApiError(res.status, message);
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
  return { node: h('div', { class: 'field' }, label, control, help), read };
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
    await withBusy(save, async () => {
      try {
        await api('POST', url, { set });
        msg.ok('Saved.');
        onSaved('Saved ' + Object.keys(set).join(', ') + '.');
      } catch (e) {
        msg.error(e.message);
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
      box.append(h('fieldset', { class: 'element' },
        h('legend', {}, title, element.options.default === true ? badge('default', 'info') : null,
          name ? remove : null),
        form));
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

async function showTopic(id) {
  openTopic = id;
  document.querySelectorAll('#topic-list tbody tr').forEach((tr) => {
    tr.classList.toggle('selected', tr.querySelector('button') && tr.querySelector('button').textContent === id);
  });
  const detail = document.getElementById('topic-detail');
  const close = h('button', { type: 'button', class: 'secondary small', text: 'Close', onclick: () => {
    openTopic = null;
    clear(detail);
    document.querySelectorAll('#topic-list tr.selected').forEach((tr) => tr.classList.remove('selected'));
  } });
  const panel = h('div', { class: 'panel' },
    h('div', { class: 'panel-head' }, h('h3', {}, 'Events of ', h('code', { text: id })), close));
  try {
    const [events, handlers] = await Promise.all([
      api('GET', `${API}/alerts/topics/${enc(id)}/events`),
      api('GET', `${API}/alerts/topics/${enc(id)}/handlers`),
    ]);
    const list = (events.data && events.data.events) || [];
    if (!list.length) {
      panel.append(h('p', { class: 'empty', text: 'No events in this topic.' }));
    } else {
      panel.append(table(['Event', 'Level', 'Time', 'Duration', 'Message'], list.map((e) => h('tr', {},
        h('td', {}, h('code', { text: e.id })),
        h('td', {}, levelBadge(e.state && e.state.level)),
        h('td', { class: 'nowrap', text: e.state ? e.state.time : '' }),
        h('td', { class: 'nowrap', text: e.state ? e.state.duration : '' }),
        h('td', { text: e.state ? e.state.message : '' }))), `Events of topic ${id}`));
    }
    const hs = (handlers.data && handlers.data.handlers) || [];
    panel.append(h('p', { class: 'hint' }, 'Topic handlers: ',
      hs.length ? hs.map((x, i) => [i ? ', ' : '', h('code', { text: x.id }), ` (${x.kind})`]) : 'none'));
  } catch (e) {
    panel.append(h('p', { class: 'message error', role: 'alert', text: e.message }));
  }
  if (openTopic === id) clear(detail).append(panel);
}

// ---- tasks -----------------------------------------------------------------------------------------------------

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
        toggle.addEventListener('click', () => withBusy(toggle, async () => {
          msg.busy(`${enabled ? 'Disabling' : 'Enabling'} ${t.id}…`);
          try {
            await api('PATCH', `${API}/tasks/${enc(t.id)}`, { status: enabled ? 'disabled' : 'enabled' });
            await loadTasks();
          } catch (e) {
            msg.error(`${t.id}: ${e.message}`);
          }
        }));
        const dbrps = (t.dbrps || []).map((d) => `"${d.db}"."${d.rp}"`).join(', ');
        return h('tr', {},
          h('td', {}, h('code', { text: t.id })),
          h('td', {}, badge(t.status, enabled ? 'on' : 'off')),
          h('td', { text: t.executing ? 'yes' : 'no' }),
          h('td', {}, h('code', { text: dbrps })),
          h('td', { class: 'error-text', text: t.error || '' }),
          h('td', {}, toggle));
      });
      list.append(table(['Task', 'Status', 'Executing', 'DBRPs', 'Error', 'Action'], rows, 'Tasks'), msg.node);
    }
  } catch (e) {
    clear(list).append(h('p', { class: 'message error', role: 'alert', text: 'Loading tasks failed: ' + e.message }));
  }
  list.removeAttribute('aria-busy');
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
            await loadDeadLetters();
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
  loadDeadLetters();
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('refresh-all').addEventListener('click', loadAll);
  document.getElementById('refresh-topics').addEventListener('click', loadTopics);
  document.getElementById('refresh-tasks').addEventListener('click', loadTasks);
  document.getElementById('refresh-deadletters').addEventListener('click', loadDeadLetters);
  loadAll();
});
