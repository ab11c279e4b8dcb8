'use strict';
// Fills the deployment placeholders of a shipped Studio flow definition.
//
// A placeholder is `{{NAME}}` with NAME in upper case (letters, digits, `_`):
// {{FUNCTIONS_BASE_URL}}, {{WORKFLOW_SID}}. Studio's own Liquid expressions are
// lower-case paths ({{trigger.call.From}}, {{widgets.menu.Digits}}) and are left
// alone: Studio renders them during each call.

const fs = require('node:fs');
const path = require('node:path');

const PLACEHOLDER = /\{\{\s*([A-Z][A-Z0-9_]*)\s*\}\}/g;
const FLOW_FILE = path.join(__dirname, 'callback-and-voicemail.flow.json');

class FlowFillError extends Error {
  constructor(code, message, names) {
    super(message);
    this.name = 'FlowFillError';
    this.code = code;
    this.names = names;
  }
}

// Calls visit(string, set) on every string of a JSON value, keys excluded; returns the copy.
function mapStrings(value, visit) {
  if (typeof value === 'string') return visit(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, visit));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, visit)]));
  }
  return value;
}

function parse(definition) {
  if (typeof definition !== 'string') return definition;
  try {
    return JSON.parse(definition);
  } catch (err) {
    throw new FlowFillError('not-json', `The flow definition is not JSON: ${err.message}`, []);
  }
}

/** Returns the names of the placeholders a definition (object or JSON text) holds, sorted. */
function placeholdersOf(definition) {
  const names = new Set();
  mapStrings(parse(definition), (s) => {
    for (const m of s.matchAll(PLACEHOLDER)) names.add(m[1]);
    return s;
  });
  return [...names].sort();
}

/**
 * Returns a copy of `definition` (object or JSON text) with every placeholder
 * replaced by its value in `values`. Throws a FlowFillError (code
 * `missing-values`, `bad-value`) naming the placeholders it cannot fill, so
 * that no flow is created with a placeholder left in it.
 */
function fillFlow(definition, values = {}) {
  const parsed = parse(definition);
  const needed = placeholdersOf(parsed);
  const bad = needed.filter((n) => values[n] !== undefined && (typeof values[n] !== 'string' || values[n].trim() === ''));
  if (bad.length) throw new FlowFillError('bad-value', `Placeholder values must be non-empty text: ${bad.join(', ')}`, bad);
  const missing = needed.filter((n) => values[n] === undefined);
  if (missing.length) throw new FlowFillError('missing-values', `The flow needs values for: ${missing.join(', ')}`, missing);
  const filled = mapStrings(parsed, (s) => s.replace(PLACEHOLDER, (_, name) => values[name]));
  const left = placeholdersOf(filled);
  if (left.length) throw new FlowFillError('missing-values', `Placeholders are left after filling: ${left.join(', ')}`, left);
  return filled;
}

/** The shipped flow's definition, placeholders unfilled. */
function loadShippedFlow() {
  return JSON.parse(fs.readFileSync(FLOW_FILE, 'utf8'));
}

module.exports = { fillFlow, placeholdersOf, loadShippedFlow, FlowFillError, FLOW_FILE };
