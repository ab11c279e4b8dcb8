// npm run bench [-- --quick] [-- --only=size,start,...]: builds what it
// measures, prints one JSON object per figure ({"name","value","unit", ...context};
// a figure with a goal also carries "goal" and "meets_goal") and then a table.
// Figures are measured, never asserted; see README "Performance".
import { execFileSync, spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import os from 'node:os';
import { measurePerCall, round } from './workloads.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const SECTIONS = ['size', 'load', 'percall', 'browser', 'start', 'panel', 'coldstart', 'functions', 'waitload', 'mergeload', 'deadlines'];
const figures = [];
const notes = [];

function emit(figure) {
  figures.push(figure);
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}
const wants = (section) => !only || only.includes(section);
const sectionSeconds = {};
// Runs one section if wanted, noting how long it took.
async function section(name, fn) {
  if (!wants(name)) return;
  const t0 = Date.now();
  await fn();
  sectionSeconds[name] = round((Date.now() - t0) / 1000, 1);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function build() {
  // emcc's own JavaScript needs Debian's node modules (as in build-core.sh).
  const env = { ...process.env, NODE_PATH: '/usr/share/nodejs' };
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  run('bash', ['scripts/build-core.sh', 'wasm']);
  // The browser module with every decision, for timing them all in Chromium;
  // without it Chromium times the shipped module's decisions only.
  let fullCore = false;
  if (wants('browser')) {
    try {
      run('cmake', ['--build', 'build-wasm', '--target', 'cbvm_core_web_full']);
      fullCore = true;
    } catch {
      notes.push('no cbvm_core_web_full build: Chromium per-call figures cover the shipped module\'s decisions only');
    }
  }
  run('npm', ['run', 'deploy:prepare', '-w', 'serverless', '--silent']);
  // The plugin bundle exactly as `npm run build -w plugin` makes it, keeping esbuild's metafile.
  const { buildPlugin } = await import('../plugin/scripts/build.mjs');
  return { bundle: await buildPlugin(), fullCore };
}

function loadNode(loads) {
  const times = [];
  for (let i = 0; i < loads; i++) {
    const out = spawnSync(process.execPath, [join(ROOT, 'bench', 'load-node.mjs')], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(out.stderr);
    times.push(Number(out.stdout.trim()));
  }
  emit({ name: 'load_node_median', value: Math.round(median(times) * 100) / 100, unit: 'ms', env: 'node', loads, from: 'loadCore() (module required, .wasm read, instantiated)', to: 'first decision' });
}

async function perCallNode(calls) {
  const { loadCore } = require('@cbvm/core');
  const core = await loadCore();
  for (const row of measurePerCall(core, { calls, now: () => performance.now(), env: 'node' })) emit({ ...row, note: 'information, not a goal' });
}

function table() {
  console.log(`\n${'figure'.padEnd(52)}${'value'.padStart(14)}  ${'unit'.padEnd(8)}goal`);
  for (const f of figures) {
    if (f.name === 'bench_run') continue;
    const goal = f.goal !== undefined ? `${f.goal}  ${f.meets_goal ? 'met' : 'NOT met'}` : '';
    console.log(`${f.name.padEnd(51)} ${String(f.value).padStart(14)}  ${String(f.unit).padEnd(8)}${goal}`);
  }
  for (const note of notes) console.log(`note: ${note}`);
}

async function main() {
  const unknown = only?.filter((s) => !SECTIONS.includes(s));
  if (unknown?.length) throw new Error(`unknown section(s) ${unknown.join(', ')}; sections: ${SECTIONS.join(', ')}`);
  const started = Date.now();
  const loadAtStart = os.loadavg()[0];
  const { bundle, fullCore } = await build();
  // One Chromium for every browser section (each measures in fresh contexts).
  let chromium;
  const browser = async () => {
    if (!chromium) chromium = await (await import('./browser.mjs')).launchChromium();
    return chromium;
  };
  sectionSeconds.build = round((Date.now() - started) / 1000, 1);
  await section('size', async () => {
    const { sizeFigures } = await import('./sizes.mjs');
    for (const f of sizeFigures(ROOT, { bundle })) emit(f);
  });
  await section('load', () => loadNode(quick ? 10 : 20));
  await section('percall', () => perCallNode(quick ? 20000 : 100000));
  await section('browser', async () => {
    const { browserFigures } = await import('./browser.mjs');
    for (const f of await browserFigures({ root: ROOT, quick, fullCore, browser: await browser() })) emit(f.unit === 'ns/call' || f.unit === 'x' ? { ...f, note: 'information, not a goal' } : f);
  });
  await section('start', async () => {
    const { pluginStartFigures } = await import('./plugin-start.mjs');
    // The real Flex module takes about 10 s per cold page here: a few loads, full runs only.
    for (const f of await pluginStartFigures({ root: ROOT, loads: quick ? 6 : 20, realFlexLoads: quick ? 0 : 3, browser: await browser() })) emit(f);
  });
  await section('panel', async () => {
    const { panelFigures } = await import('./panel.mjs');
    for (const f of await panelFigures({ root: ROOT, quick, browser: await browser() })) emit(f);
  });
  await chromium?.close();
  await section('coldstart', async () => {
    const { functionStartFigures } = await import('./function-start.mjs');
    for (const f of functionStartFigures({ root: ROOT, loads: 20 })) emit(f);
  });
  await section('functions', async () => {
    const { functionFigures } = await import('./functions.mjs');
    for (const f of await functionFigures({ quick })) emit(f);
  });
  await section('waitload', async () => {
    const { waitLoadFigures } = await import('./wait-load.mjs');
    for (const f of await waitLoadFigures({ quick })) emit(f);
  });
  await section('mergeload', async () => {
    const { mergeLoadFigures } = await import('./merge-load.mjs');
    for (const f of await mergeLoadFigures({ quick })) emit(f);
  });
  // About two minutes of real time (35 s answers): full runs, or --only=deadlines.
  if (!quick || only) {
    await section('deadlines', async () => {
      const { deadlineFigures } = await import('./deadlines.mjs');
      for (const f of deadlineFigures({ root: ROOT })) emit(f);
    });
  }
  emit({
    name: 'bench_run', value: round((Date.now() - started) / 1000, 1), unit: 's', quick, section_seconds: sectionSeconds, notes,
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}`, loadavg_1m_start: round(loadAtStart, 2), loadavg_1m_end: round(os.loadavg()[0], 2) },
  });
  table();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
