// npm run bench [-- --quick]: builds what it measures, prints one JSON object
// per figure ({"name","value","unit", ...context}) and then a short table.
// Figures are measured, never asserted; see README "Performance".
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import os from 'node:os';
import { measurePerCall } from './workloads.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const figures = [];

function emit(figure) {
  figures.push(figure);
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}
const wants = (section) => !only || only.includes(section);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function build() {
  // emcc's own JavaScript needs Debian's node modules (as in build-core.sh).
  const env = { ...process.env, NODE_PATH: '/usr/share/nodejs' };
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  run('bash', ['scripts/build-core.sh', 'wasm']);
  // The browser module with every decision, for timing them in Chromium.
  run('cmake', ['--build', 'build-wasm', '--target', 'cbvm_core_web_full']);
  const plugin = JSON.parse(readFileSync(join(ROOT, 'plugin', 'package.json'), 'utf8'));
  if (plugin.scripts?.build) run('npm', ['run', 'build', '-w', 'plugin', '--silent']);
}

function sizes() {
  const file = (p) => readFileSync(join(ROOT, p));
  const both = (label, parts) => {
    let raw = 0;
    let gz = 0;
    for (const p of parts) {
      const bytes = file(p);
      raw += bytes.length;
      gz += gzipSync(bytes, { level: 9 }).length;
    }
    emit({ name: `size_${label}_raw`, value: raw, unit: 'bytes', files: parts });
    emit({ name: `size_${label}_gzip`, value: gz, unit: 'bytes', files: parts, gzip_level: 9 });
  };
  both('browser_core_wasm', ['js-shim/core/cbvm-core.web.wasm']);
  both('browser_core_js', ['js-shim/core/cbvm-core.web.mjs']);
  both('browser_core_total', ['js-shim/core/cbvm-core.web.wasm', 'js-shim/core/cbvm-core.web.mjs']);
  both('node_core_wasm', ['js-shim/core/cbvm-core.node.wasm']);
  both('node_core_js', ['js-shim/core/cbvm-core.node.cjs']);
  both('node_core_total', ['js-shim/core/cbvm-core.node.wasm', 'js-shim/core/cbvm-core.node.cjs']);
  const bundle = 'plugin/dist/plugin-callback-and-voicemail.js';
  if (existsSync(join(ROOT, bundle))) both('plugin_bundle', [bundle]);
}

function loadNode(loads) {
  const times = [];
  for (let i = 0; i < loads; i++) {
    const out = spawnSync(process.execPath, [join(ROOT, 'bench', 'load-node.mjs')], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(out.stderr);
    times.push(Number(out.stdout.trim()));
  }
  emit({ name: 'load_node_median', value: Math.round(median(times) * 100) / 100, unit: 'ms', env: 'node', loads, from: 'instantiation', to: 'first decision' });
}

async function perCallNode(calls) {
  const { loadCore } = require('@cbvm/core');
  const core = await loadCore();
  for (const row of measurePerCall(core, { calls, now: () => performance.now(), env: 'node' })) emit(row);
}

async function main() {
  const started = Date.now();
  build();
  if (wants('size')) sizes();
  if (wants('load')) loadNode(20);
  if (wants('percall')) await perCallNode(quick ? 20000 : 100000);
  if (wants('browser')) {
    const { browserFigures } = await import('./browser.mjs');
    for (const f of await browserFigures({ root: ROOT, quick })) emit(f);
  }
  if (wants('functions')) {
    const { functionFigures } = await import('./functions.mjs');
    for (const f of await functionFigures({ quick })) emit(f);
  }
  if (wants('waitload')) {
    const { waitLoadFigures } = await import('./wait-load.mjs');
    for (const f of await waitLoadFigures({ quick })) emit(f);
  }
  emit({
    name: 'bench_run', value: Math.round((Date.now() - started) / 100) / 10, unit: 's', quick,
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` },
  });
  console.log('\nfigure'.padEnd(52) + 'value'.padStart(14) + '  unit');
  for (const f of figures) {
    if (f.name === 'bench_run') continue;
    console.log(f.name.padEnd(51) + String(f.value).padStart(14) + `  ${f.unit}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
