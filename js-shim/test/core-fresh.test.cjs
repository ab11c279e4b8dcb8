'use strict';
// scripts/check-core-fresh.cjs: the functions' vendoring and the plugin's build
// refuse (or rebuild) a built core older than its sources. Each test builds its
// own small tree with chosen modification times; the real tree is not touched.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CHECKER = path.join(__dirname, '..', '..', 'scripts', 'check-core-fresh.cjs');
const { ensureCoreFresh, findStale, ARTIFACTS } = require(CHECKER);

const T = Date.UTC(2030, 0, 1) / 1000; // seconds; sources and modules are placed around it
const SOURCES = ['wasm/domain/src/panel.cpp', 'wasm/domain/include/cbvm/panel.hpp', 'wasm/bindings/embind.cpp', 'CMakeLists.txt', 'literals/literals.json'];

/** A repository layout with every source at T - 100 s and every built module at T. */
function layout(t) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cbvm-fresh-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const place = (file, seconds) => {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, '');
    fs.utimesSync(full, seconds, seconds);
  };
  for (const file of SOURCES) place(file, T - 100);
  for (const file of [...ARTIFACTS.node, ...ARTIFACTS.web]) place(file, T);
  return { root, place };
}

const never = () => assert.fail('no build was asked for');
const quiet = () => {};

test('a core built after its sources is fresh', (t) => {
  const { root } = layout(t);
  assert.equal(findStale({ root }), null);
  for (const artifacts of ['node', 'web', 'all']) {
    assert.deepEqual(ensureCoreFresh({ root, artifacts, env: {}, build: never }), { status: 'fresh' });
  }
});

test('a source newer than a built module is refused with a sentence naming both and what to run', (t) => {
  const { root, place } = layout(t);
  place('js-shim/core/cbvm-core.node.wasm', T - 50); // the older of the two node files
  place('wasm/domain/src/panel.cpp', T + 10);
  place('wasm/domain/include/cbvm/panel.hpp', T + 5);
  assert.throws(
    () => ensureCoreFresh({ root, artifacts: 'node', env: {}, build: never }),
    (err) => {
      assert.equal(err.code, 'CORE_STALE');
      assert.equal(
        err.message,
        'The built core js-shim/core/cbvm-core.node.wasm (built 2029-12-31T23:59:10.000Z) is older than its source ' +
          'wasm/domain/src/panel.cpp (changed 2030-01-01T00:00:10.000Z): run "npm run build:wasm" at the repository root, ' +
          'or set CBVM_REBUILD_CORE=1 to rebuild it here.',
      );
      return true;
    },
  );
  // The browser modules are stale too: the same source is newer than them.
  assert.throws(() => ensureCoreFresh({ root, artifacts: 'web', env: {}, build: never }), /cbvm-core\.web\.(mjs|wasm) .* is older than its source wasm\/domain\/src\/panel\.cpp/);
});

test('CMakeLists.txt and the literals table count as sources; the table asks for the generator first', (t) => {
  const { root, place } = layout(t);
  place('CMakeLists.txt', T + 1);
  assert.throws(() => ensureCoreFresh({ root, env: {}, build: never }), /older than its source CMakeLists\.txt/);
  place('literals/literals.json', T + 2);
  assert.throws(
    () => ensureCoreFresh({ root, env: {}, build: never }),
    /older than its source literals\/literals\.json \(changed [^)]*\): run "node scripts\/gen-literals\.mjs", then run "npm run build:wasm"/,
  );
});

test('files under wasm/ that are not C++ do not make the core stale', (t) => {
  const { root, place } = layout(t);
  place('wasm/README.md', T + 100);
  assert.equal(findStale({ root }), null);
});

test('a missing module is refused', (t) => {
  const { root } = layout(t);
  fs.rmSync(path.join(root, 'js-shim/core/cbvm-core.web.mjs'));
  assert.throws(
    () => ensureCoreFresh({ root, artifacts: 'web', env: {}, build: never }),
    { message: 'The built core js-shim/core/cbvm-core.web.mjs is missing: run "npm run build:wasm" at the repository root, or set CBVM_REBUILD_CORE=1 to rebuild it here.' },
  );
  assert.deepEqual(ensureCoreFresh({ root, artifacts: 'node', env: {}, build: never }), { status: 'fresh' });
});

test('CBVM_REBUILD_CORE=1 rebuilds a stale core, and refuses when the build left it stale', (t) => {
  const { root, place } = layout(t);
  place('wasm/domain/src/panel.cpp', T + 10);
  const builds = [];
  const build = (where) => {
    builds.push(where);
    for (const file of ARTIFACTS.node) place(file, T + 20);
  };
  assert.deepEqual(ensureCoreFresh({ root, artifacts: 'node', env: { CBVM_REBUILD_CORE: '1' }, build, log: quiet }), { status: 'rebuilt' });
  assert.deepEqual(builds, [root]);

  place('wasm/domain/src/panel.cpp', T + 30);
  assert.throws(
    () => ensureCoreFresh({ root, artifacts: 'node', env: { CBVM_REBUILD_CORE: '1' }, build: () => {}, log: quiet }),
    /^CoreStaleError: The built core js-shim\/core\/cbvm-core\.node\.(cjs|wasm) .*older than its source wasm\/domain\/src\/panel\.cpp .*, even after a rebuild \(CBVM_REBUILD_CORE=1\)/,
  );
});

test('CBVM_SKIP_FRESHNESS=1, or a tree without wasm/, skips the check', (t) => {
  const { root, place } = layout(t);
  place('wasm/domain/src/panel.cpp', T + 10);
  assert.equal(ensureCoreFresh({ root, env: { CBVM_SKIP_FRESHNESS: '1' }, build: never }).status, 'skipped');
  fs.rmSync(path.join(root, 'wasm'), { recursive: true });
  assert.equal(ensureCoreFresh({ root, env: {}, build: never }).status, 'skipped');
});

test('as a command it exits non-zero with the sentence, and zero when fresh', (t) => {
  const { root, place } = layout(t);
  const env = { ...process.env, CBVM_SKIP_FRESHNESS: '', CBVM_REBUILD_CORE: '' };
  const fresh = spawnSync(process.execPath, [CHECKER, 'web', '--root', root], { encoding: 'utf8', env });
  assert.equal(fresh.status, 0, fresh.stderr);
  assert.match(fresh.stdout, /the built core \(web\) is fresh/);
  place('wasm/bindings/embind.cpp', T + 10);
  const stale = spawnSync(process.execPath, [CHECKER, 'web', '--root', root], { encoding: 'utf8', env });
  assert.equal(stale.status, 1);
  assert.match(stale.stderr, /is older than its source wasm\/bindings\/embind\.cpp .*: run "npm run build:wasm"/);
});
