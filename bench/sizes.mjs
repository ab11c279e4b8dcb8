// Sizes of what ships: the cores (raw and gzip -9) and the plugin bundle, and
// what the bundle's bytes are, from esbuild's metafile of the bundle's build.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, relative, resolve, sep } from 'node:path';

const KB = 1024;
export const BROWSER_CORE_GOAL_BYTES = 60 * KB;
export const PLUGIN_BUNDLE_GOAL_BYTES = 150 * KB;

const kb = (n) => Math.round((n / KB) * 10) / 10;

function measure(root, parts) {
  let raw = 0;
  let gz = 0;
  for (const p of parts) {
    const bytes = readFileSync(join(root, p));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gz };
}

function goal(value, limit) {
  return { goal: `<= ${limit / KB} KB (${limit} bytes)`, meets_goal: value <= limit };
}

// Which group an input of the bundle belongs to (paths relative to plugin/;
// plugin-made modules such as `flex-global:react` are one-line glue).
function groupOf(input, pluginDir, root) {
  if (/node_modules\/@twilio-paste\//.test(input)) return 'Paste';
  if (/node_modules\//.test(input) || input.includes(':')) return 'React glue / other node_modules';
  const abs = resolve(pluginDir, input);
  if (abs.startsWith(join(root, 'js-shim') + sep)) return 'core (wasm + shim)';
  if (abs.startsWith(join(pluginDir, 'src') + sep)) return 'plugin sources';
  return 'React glue / other node_modules';
}

const packageOf = (input) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return m ? m[1] : input.split(':')[0];
};

/** Bytes of the bundle per group of its inputs (bytesInOutput: after minifying). */
export function bundleComposition(root, metafile, outfile) {
  const pluginDir = join(root, 'plugin');
  const key = Object.keys(metafile.outputs).find((k) => resolve(pluginDir, k) === resolve(outfile));
  if (!key) return [];
  const output = metafile.outputs[key];
  const groups = new Map();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const group = groupOf(input, pluginDir, root);
    const g = groups.get(group) ?? { bytes: 0, inputs: 0, parts: new Map() };
    g.bytes += bytesInOutput;
    g.inputs += 1;
    const part = input.includes('node_modules/') || input.includes(':') ? packageOf(input) : relative(root, resolve(pluginDir, input));
    g.parts.set(part, (g.parts.get(part) ?? 0) + bytesInOutput);
    groups.set(group, g);
  }
  const attributed = [...groups.values()].reduce((s, g) => s + g.bytes, 0);
  const ctx = { env: 'build', file: relative(root, outfile), bundle_bytes: output.bytes, from: 'esbuild metafile bytesInOutput (minified, before gzip)' };
  const slug = (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  const figures = ['core (wasm + shim)', 'Paste', 'React glue / other node_modules', 'plugin sources'].map((group) => {
    const g = groups.get(group) ?? { bytes: 0, inputs: 0, parts: new Map() };
    const largest = Object.fromEntries([...g.parts].sort((a, b) => b[1] - a[1]).slice(0, 6));
    const note = group === 'core (wasm + shim)' ? { note: 'the .wasm is inlined as base64 (4/3 of its size)' } : {};
    return { name: `size_plugin_bundle_part_${slug(group)}`, value: g.bytes, unit: 'bytes', group, inputs: g.inputs, share_pct: Math.round((g.bytes / output.bytes) * 1000) / 10, kb: kb(g.bytes), ...ctx, largest, ...note };
  });
  figures.push({ name: 'size_plugin_bundle_part_unattributed', value: output.bytes - attributed, unit: 'bytes', group: 'esbuild runtime and module wrappers', kb: kb(output.bytes - attributed), ...ctx });
  return figures;
}

export function sizeFigures(root, { bundle } = {}) {
  const figures = [];
  const both = (label, parts, goals = {}) => {
    const { raw, gz } = measure(root, parts);
    figures.push({ name: `size_${label}_raw`, value: raw, unit: 'bytes', kb: kb(raw), files: parts, ...(goals.raw ? goal(raw, goals.raw) : {}) });
    figures.push({ name: `size_${label}_gzip`, value: gz, unit: 'bytes', kb: kb(gz), files: parts, gzip_level: 9, ...(goals.gzip ? goal(gz, goals.gzip) : {}) });
  };
  const core = (f) => `js-shim/core/${f}`;
  both('browser_core_wasm', [core('cbvm-core.web.wasm')]);
  both('browser_core_js', [core('cbvm-core.web.mjs')]);
  both('browser_core_total', [core('cbvm-core.web.wasm'), core('cbvm-core.web.mjs')], { gzip: BROWSER_CORE_GOAL_BYTES });
  both('node_core_wasm', [core('cbvm-core.node.wasm')]);
  both('node_core_js', [core('cbvm-core.node.cjs')]);
  both('node_core_total', [core('cbvm-core.node.wasm'), core('cbvm-core.node.cjs')]);
  const outfile = join(root, 'plugin', 'dist', 'plugin-callback-and-voicemail.js');
  if (existsSync(outfile)) {
    both('plugin_bundle', [relative(root, outfile)], { gzip: PLUGIN_BUNDLE_GOAL_BYTES });
    if (bundle?.metafile) figures.push(...bundleComposition(root, bundle.metafile, bundle.outfile ?? outfile));
  }
  return figures;
}
