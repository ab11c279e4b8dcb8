'use strict';

// The part of Liquid that Studio widget properties use: `{{ path }}` output
// tags over the execution context (trigger.call.From, widgets.<name>.<field>,
// flow.variables.<x>, flow.channel.address), with a few standard filters.
// https://www.twilio.com/docs/studio/user-guide/liquid-template-language
// A variable that is not set renders as nothing, as in Liquid. Tags ({% … %})
// are not interpreted: they are left as written.

const OUTPUT = /\{\{\s*([\s\S]*?)\s*\}\}/g;

// Splits "a | f: 'x', 2 | g" on pipes outside quotes.
function splitPipes(text) {
  const parts = [];
  let quote = null;
  let current = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === '|') {
      parts.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current.trim());
  return parts;
}

// A path such as widgets.menu.Digits, widgets.fn.parsed.items[0] or flow.variables["x"].
function lookup(context, path) {
  const segments = [];
  const re = /([A-Za-z_][\w-]*)|\[(\d+)\]|\[["']([^"']*)["']\]/g;
  let m;
  let consumed = 0;
  while ((m = re.exec(path)) !== null) {
    const between = path.slice(consumed, m.index);
    if (between.replace(/\./g, '').trim() !== '') return undefined;
    segments.push(m[1] !== undefined ? m[1] : m[2] !== undefined ? Number(m[2]) : m[3]);
    consumed = re.lastIndex;
  }
  if (path.slice(consumed).trim() !== '' || segments.length === 0) return undefined;
  let value = context;
  for (const key of segments) {
    if (value === null || value === undefined) return undefined;
    if (key === 'size' && (Array.isArray(value) || typeof value === 'string')) return value.length;
    value = Object.prototype.hasOwnProperty.call(Object(value), key) ? value[key] : undefined;
  }
  return value;
}

function literal(text, context) {
  const t = text.trim();
  if (/^(['"]).*\1$/s.test(t)) return t.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'nil' || t === 'null') return null;
  return lookup(context, t);
}

const blank = (v) => v === undefined || v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0);

const FILTERS = {
  to_json: (v) => JSON.stringify(v === undefined ? null : v),
  default: (v, [fallback]) => (blank(v) ? fallback : v),
  upcase: (v) => toText(v).toUpperCase(),
  downcase: (v) => toText(v).toLowerCase(),
  strip: (v) => toText(v).trim(),
  url_encode: (v) => encodeURIComponent(toText(v)).replace(/%20/g, '+'),
  size: (v) => (Array.isArray(v) || typeof v === 'string' ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0),
  append: (v, [x]) => toText(v) + toText(x),
  prepend: (v, [x]) => toText(x) + toText(v),
};

function toText(value) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function evaluate(expression, context) {
  const [head, ...filters] = splitPipes(expression);
  let value = literal(head, context);
  for (const f of filters) {
    const m = /^([a-z_]+)\s*(?::\s*([\s\S]*))?$/.exec(f);
    const filter = m && FILTERS[m[1]];
    if (!filter) throw new Error(`Liquid filter not supported by the emulator: ${f}`);
    const args = m[2] === undefined ? [] : m[2].split(',').map((a) => literal(a, context));
    value = filter(value, args);
  }
  return value;
}

/** Returns `template` with each `{{ … }}` replaced by its value in `context`; non-strings are returned as they are. */
function render(template, context) {
  if (typeof template !== 'string') return template;
  return template.replace(OUTPUT, (_, expression) => toText(evaluate(expression, context)));
}

module.exports = { render, evaluate };
