'use strict';
// The shared literals: the generated files are fresh, and the JavaScript, the
// TypeScript and the C++ each say what literals/literals.json says.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const ROOT = path.join(__dirname, '..', '..');
const GENERATOR = path.join(ROOT, 'scripts', 'gen-literals.mjs');
const table = JSON.parse(fs.readFileSync(path.join(ROOT, 'literals', 'literals.json'), 'utf8'));
const generator = () => import(pathToFileURL(GENERATOR).href);

const valuesOf = (e) => e.values.map((v) => (typeof v === 'string' ? v : v.value));
const jsNameOf = (e) => e.jsName ?? e.name;
const groupValue = (c) => (c.entries ? Object.fromEntries(c.entries.map((entry) => [entry.js, entry.value])) : c.value);

function generate(...args) {
  return spawnSync(process.execPath, [GENERATOR, ...args], { encoding: 'utf8' });
}

test('the generated files are what literals/literals.json gives (node scripts/gen-literals.mjs --check)', () => {
  const run = generate('--check');
  assert.equal(run.status, 0, `${run.stderr}Regenerate them: node scripts/gen-literals.mjs`);
});

test('--check names each stale file and exits non-zero', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbvm-literals-'));
  try {
    fs.mkdirSync(path.join(dir, 'literals'));
    fs.copyFileSync(path.join(ROOT, 'literals', 'literals.json'), path.join(dir, 'literals', 'literals.json'));
    assert.equal(generate('--root', dir).status, 0);
    assert.equal(generate('--check', '--root', dir).status, 0);

    fs.appendFileSync(path.join(dir, 'js-shim', 'src', 'literals.cjs'), '// edited by hand\n');
    fs.rmSync(path.join(dir, 'js-shim', 'literals.d.ts'));
    const run = generate('--check', '--root', dir);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /js-shim\/src\/literals\.cjs is stale: it differs from what literals\/literals\.json gives\. Run "node scripts\/gen-literals\.mjs"/);
    assert.match(run.stderr, /js-shim\/literals\.d\.ts is stale/);
    assert.doesNotMatch(run.stderr, /literals\.hpp/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('@cbvm/core/literals holds the table, frozen', () => {
  const literals = require('@cbvm/core/literals');
  assert.equal(literals, require('../src/literals.cjs'), 'the package export is src/literals.cjs');
  const expected = new Set();
  for (const e of table.enums) {
    const name = jsNameOf(e);
    expected.add(name);
    assert.deepEqual(Object.values(literals[name]), valuesOf(e), `${name}: the table's values, in its order`);
    assert.ok(Object.isFrozen(literals[name]), `${name} is frozen`);
  }
  const codes = table.enums.find((e) => e.name === 'ErrorCode');
  expected.add('errorStatus');
  assert.deepEqual(literals.errorStatus, Object.fromEntries(codes.values.map((v) => [v.value, v.status])));
  for (const c of table.constants) {
    expected.add(c.js);
    assert.deepEqual(literals[c.js], groupValue(c), c.js);
    if (c.entries) assert.ok(Object.isFrozen(literals[c.js]), `${c.js} is frozen`);
  }
  assert.deepEqual(new Set(Object.keys(literals)), expected, 'nothing more, nothing less');
  // The names the plugin reads.
  assert.equal(literals.TaskKind.CallbackOutbound, 'callback-outbound');
  assert.equal(literals.DisabledReason.WorkerOffline, 'worker-offline');
  assert.equal(literals.ErrorCode.AttemptsExhausted, 'ATTEMPTS_EXHAUSTED');
  assert.equal(literals.CoreStringKey.CallbackHeading, 'CallbackHeading');
  assert.equal(literals.paths.fetchVoicemail, '/features/callback-and-voicemail/flex/fetch-voicemail');
});

test('the .d.ts declares each union and value as the table has them', () => {
  const dts = fs.readFileSync(path.join(__dirname, '..', 'literals.d.ts'), 'utf8');
  const union = (name) => {
    const m = new RegExp(`export type ${name} =([^;]*);`).exec(dts);
    assert.ok(m, `type ${name} is declared`);
    return [...m[1].matchAll(/'([^']*)'/g)].map((x) => x[1]);
  };
  const declared = (name) => {
    const m = new RegExp(`export declare const ${name}: (?:\\{([^}]*)\\}|([^;]*));`).exec(dts);
    assert.ok(m, `const ${name} is declared`);
    if (m[2] !== undefined) return JSON.parse(m[2].replace(/^'(.*)'$/, '"$1"'));
    return Object.fromEntries(
      [...m[1].matchAll(/readonly ([A-Za-z_$][\w$]*): ('[^']*'|\d+);/g)].map(([, key, v]) => [key, v.startsWith("'") ? v.slice(1, -1) : Number(v)]),
    );
  };
  const literals = require('../src/literals.cjs');
  for (const e of table.enums) {
    assert.deepEqual(union(jsNameOf(e)), valuesOf(e), `type ${jsNameOf(e)}`);
    assert.deepEqual(declared(jsNameOf(e)), { ...literals[jsNameOf(e)] }, `const ${jsNameOf(e)}`);
  }
  assert.deepEqual(declared('errorStatus'), { ...literals.errorStatus });
  for (const c of table.constants) assert.deepEqual(declared(c.js), groupValue(c), c.js);
});

// The header is checked by a compiler when one is here: every enumerator's name
// and every constant's value, as the core reads them.
const cxx = ['g++', 'clang++'].find((c) => spawnSync(c, ['--version']).status === 0);
test('literals.hpp compiles and says what the table says', { skip: !cxx && 'no C++ compiler' }, async () => {
  const { pascal } = await generator();
  const str = (s) => JSON.stringify(s);
  const lines = ['#include "cbvm/literals.hpp"', 'using namespace cbvm;'];
  for (const e of table.enums) {
    const all = [...(e.leadingNone ? [''] : []), ...valuesOf(e)];
    all.forEach((value, i) => {
      const member = `${e.name}::k${value === '' ? 'None' : pascal(value)}`;
      lines.push(`static_assert(static_cast<int>(${member}) == ${i});`);
      lines.push(`static_assert(name_of(${member}) == ${str(value)});`);
    });
    lines.push(`static_assert(sizeof k${e.name}Names / sizeof k${e.name}Names[0] == ${all.length});`);
    for (const v of e.values) {
      if (v.status !== undefined) lines.push(`static_assert(http_status_of(${e.name}::k${pascal(v.value)}) == ${v.status});`);
    }
    if (e.parse) {
      const from = `${e.name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()}_from`;
      for (const value of valuesOf(e)) lines.push(`static_assert(${from}(${str(value)}) == ${e.name}::k${pascal(value)});`);
      lines.push(`static_assert(!${from}("no-such-mode").has_value());`);
    }
  }
  for (const c of table.constants) {
    for (const entry of c.entries ?? [c]) lines.push(`static_assert(lit::${entry.cpp} == ${typeof entry.value === 'string' ? str(entry.value) : entry.value});`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbvm-literals-cxx-'));
  try {
    const file = path.join(dir, 'literals_check.cpp');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const include = path.join(ROOT, 'wasm', 'domain', 'include');
    const run = spawnSync(cxx, ['-std=c++17', '-Wall', '-Wextra', '-Wpedantic', '-Werror', '-fsyntax-only', '-I', include, file], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
