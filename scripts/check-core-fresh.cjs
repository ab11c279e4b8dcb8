#!/usr/bin/env node
'use strict';
// Refuses to ship a built core older than its sources. The functions' vendored
// core (serverless/scripts/vendor-core.js) and the plugin bundle
// (plugin/scripts/build.mjs) copy js-shim/core/*; without this check an edit to
// the C++ (or to literals/literals.json) that was never rebuilt ships silently,
// and the JavaScript would disagree with the core it carries.
//
// Sources are everything under wasm/ (*.cpp, *.hpp, *.h), CMakeLists.txt,
// literals/literals.json and literals/wait-prompts.json; when the newest is
// newer than a built module, either rebuild (CBVM_REBUILD_CORE=1) or refuse
// with a sentence saying what to run.
// CBVM_SKIP_FRESHNESS=1 skips the check (a deploy machine without the sources);
// so does a tree without wasm/.
//
// Usage: node scripts/check-core-fresh.cjs [node|web|all] [--root <dir>]

const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.join(__dirname, '..');

/** The built modules each consumer ships, relative to the repository root. */
const ARTIFACTS = Object.freeze({
  node: Object.freeze(['js-shim/core/cbvm-core.node.cjs', 'js-shim/core/cbvm-core.node.wasm']),
  web: Object.freeze(['js-shim/core/cbvm-core.web.mjs', 'js-shim/core/cbvm-core.web.wasm']),
});
const SOURCE_DIR = 'wasm';
const SOURCE_FILE = /\.(cpp|hpp|h)$/;
const EXTRA_SOURCES = ['CMakeLists.txt', 'literals/literals.json', 'literals/wait-prompts.json'];
const REMEDY = 'run "npm run build:wasm" at the repository root, or set CBVM_REBUILD_CORE=1 to rebuild it here';

const display = (root, file) => path.relative(root, file).split(path.sep).join('/');

function mtimeOf(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

/** Returns the most recently modified source of the core, or null when there is none. */
function newestSource(root) {
  let newest = null;
  const consider = (file) => {
    const mtimeMs = mtimeOf(file);
    if (mtimeMs !== null && (newest === null || mtimeMs > newest.mtimeMs)) newest = { file, mtimeMs };
  };
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && SOURCE_FILE.test(entry.name)) consider(full);
    }
  };
  walk(path.join(root, SOURCE_DIR));
  for (const file of EXTRA_SOURCES) consider(path.join(root, file));
  return newest;
}

function artifactList(root, artifacts) {
  const list = typeof artifacts === 'string' ? (artifacts === 'all' ? [...ARTIFACTS.node, ...ARTIFACTS.web] : ARTIFACTS[artifacts]) : artifacts;
  if (!Array.isArray(list) || list.length === 0) {
    throw new Error(`Unknown core artifacts ${JSON.stringify(artifacts)}: give "node", "web", "all" or a list of paths.`);
  }
  return list.map((file) => path.resolve(root, file));
}

/**
 * Returns why the built modules are stale: `{ artifact, missing: true }` for one
 * that does not exist, `{ artifact, source }` for the oldest one when a source is
 * newer than it (paths relative to root); null when they are fresh.
 */
function findStale({ root = ROOT, artifacts = 'all' } = {}) {
  const built = artifactList(root, artifacts).map((file) => ({ file, mtimeMs: mtimeOf(file) }));
  const missing = built.find((a) => a.mtimeMs === null);
  if (missing) return { artifact: display(root, missing.file), missing: true };
  const oldest = built.reduce((a, b) => (b.mtimeMs < a.mtimeMs ? b : a));
  const source = newestSource(root);
  if (!source || source.mtimeMs <= oldest.mtimeMs) return null;
  return {
    artifact: display(root, oldest.file),
    source: display(root, source.file),
    sourceTime: new Date(source.mtimeMs).toISOString(),
    artifactTime: new Date(oldest.mtimeMs).toISOString(),
  };
}

// What is stale, as the start of a sentence.
function whatIsStale(stale) {
  if (stale.missing) return `The built core ${stale.artifact} is missing`;
  return (
    `The built core ${stale.artifact} (built ${stale.artifactTime}) is older than its source ` +
    `${stale.source} (changed ${stale.sourceTime})`
  );
}

/** The sentence for a person that says what is stale and what to run. */
function staleSentence(stale) {
  // The core reads the table through the header generated from it.
  const generate =
    stale.source === 'literals/literals.json'
      ? 'run "node scripts/gen-literals.mjs", then '
      : stale.source === 'literals/wait-prompts.json'
        ? 'run "node scripts/gen-wait-prompts.mjs", then '
        : '';
  return `${whatIsStale(stale)}: ${generate}${REMEDY}.`;
}

// Regenerates the literals first so the rebuilt core follows the table, then builds the WebAssembly.
function buildCore(root) {
  const generator = path.join(root, 'scripts', 'gen-literals.mjs');
  const options = { cwd: root, stdio: ['ignore', 2, 2] }; // build output to stderr: a caller's stdout stays its own
  if (fs.existsSync(generator)) execFileSync(process.execPath, [generator], options);
  const prompts = path.join(root, 'scripts', 'gen-wait-prompts.mjs');
  if (fs.existsSync(prompts)) execFileSync(process.execPath, [prompts], options);
  execFileSync('bash', [path.join(root, 'scripts', 'build-core.sh'), 'wasm'], options);
}

class CoreStaleError extends Error {
  constructor(message, stale) {
    super(message);
    this.name = 'CoreStaleError';
    this.code = 'CORE_STALE';
    this.stale = stale;
  }
}

/**
 * Makes sure the built core is not older than its sources before it is shipped.
 * Returns { status: 'fresh' | 'rebuilt' | 'skipped' }; throws a CoreStaleError
 * whose message names the newest source, the stale module and what to run.
 * `build` and `env` are for tests.
 */
function ensureCoreFresh({ root = ROOT, artifacts = 'all', env = process.env, build = buildCore, log = (m) => console.error(m) } = {}) {
  if (env.CBVM_SKIP_FRESHNESS === '1') return { status: 'skipped', reason: 'CBVM_SKIP_FRESHNESS=1' };
  // Without the sources (a deploy checkout holding only built files) there is nothing to compare.
  if (!fs.existsSync(path.join(root, SOURCE_DIR))) return { status: 'skipped', reason: `no ${SOURCE_DIR}/ folder` };
  const stale = findStale({ root, artifacts });
  if (!stale) return { status: 'fresh' };
  if (env.CBVM_REBUILD_CORE !== '1') throw new CoreStaleError(staleSentence(stale), stale);
  log(`${whatIsStale(stale)}; rebuilding it (CBVM_REBUILD_CORE=1).`);
  build(root);
  const still = findStale({ root, artifacts });
  if (still) {
    const sentence = `${whatIsStale(still)}, even after a rebuild (CBVM_REBUILD_CORE=1): check that "npm run build:wasm" writes it.`;
    throw new CoreStaleError(sentence, still);
  }
  return { status: 'rebuilt' };
}

module.exports = { ensureCoreFresh, findStale, staleSentence, newestSource, CoreStaleError, ARTIFACTS };

if (require.main === module) {
  const args = process.argv.slice(2);
  const rootAt = args.indexOf('--root');
  const root = rootAt >= 0 ? path.resolve(args[rootAt + 1] ?? '.') : ROOT;
  const which = args.find((a, i) => !a.startsWith('--') && (rootAt < 0 || i !== rootAt + 1)) ?? 'all';
  try {
    const { status, reason } = ensureCoreFresh({ root, artifacts: which });
    console.log(status === 'skipped' ? `core freshness not checked (${reason})` : `the built core (${which}) is ${status}`);
  } catch (err) {
    console.error(err.message);
    process.exitCode = 1;
  }
}
