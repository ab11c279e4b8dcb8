'use strict';
// The wait experience's prompts in the core are what literals/wait-prompts.json
// says, and the generator refuses a table that would ship a locale short of a
// message or pressing other keys than English.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const GENERATOR = path.join(ROOT, 'scripts', 'gen-wait-prompts.mjs');
const TABLE = path.join(ROOT, 'literals', 'wait-prompts.json');

const run = (...args) => spawnSync(process.execPath, [GENERATOR, ...args], { encoding: 'utf8' });

test('wasm/domain/src/wait_prompts.cpp is fresh (node scripts/gen-wait-prompts.mjs --check)', () => {
  const r = run('--check');
  assert.equal(r.status, 0, `${r.stderr}Regenerate it: node scripts/gen-wait-prompts.mjs`);
});

function withTable(t, edit) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbvm-prompts-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'literals'));
  fs.mkdirSync(path.join(dir, 'wasm', 'domain', 'src'), { recursive: true });
  const table = JSON.parse(fs.readFileSync(TABLE, 'utf8'));
  edit(table);
  fs.writeFileSync(path.join(dir, 'literals', 'wait-prompts.json'), JSON.stringify(table));
  return run('--root', dir);
}

test('a locale without one of the reference messages is refused, naming it', (t) => {
  const r = withTable(t, (table) => delete table.locales[1].messages.menu);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /es-MX\.messages\.menu is missing/);
});

test('a message that names other keypad keys than English is refused', (t) => {
  const r = withTable(t, (table) => {
    table.locales[4].messages.menu = table.locales[4].messages.menu.replace('กด 2', 'กด 3');
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /th\.messages\.menu must name the keys en-US names \(digits "12", found "13"\)/);
});

test('two locales claiming one tag are refused', (t) => {
  const r = withTable(t, (table) => table.locales[2].aliases.push('ES'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /"ES" selects both es-MX and es-ES/);
});

test('an edited table generates a fresh file that --check then accepts', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbvm-prompts-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'literals'));
  fs.mkdirSync(path.join(dir, 'wasm', 'domain', 'src'), { recursive: true });
  fs.copyFileSync(TABLE, path.join(dir, 'literals', 'wait-prompts.json'));
  assert.equal(run('--check', '--root', dir).status, 1, 'missing is stale');
  assert.equal(run('--root', dir).status, 0);
  assert.equal(run('--check', '--root', dir).status, 0);
  assert.equal(
    fs.readFileSync(path.join(dir, 'wasm', 'domain', 'src', 'wait_prompts.cpp'), 'utf8'),
    fs.readFileSync(path.join(ROOT, 'wasm', 'domain', 'src', 'wait_prompts.cpp'), 'utf8'),
  );
});
