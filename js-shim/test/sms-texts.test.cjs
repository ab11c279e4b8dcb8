'use strict';
// The customer's text messages in the core are what literals/sms-texts.json
// says, and the generator refuses a table a reply could not be matched by.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const GENERATOR = path.join(ROOT, 'scripts', 'gen-sms-texts.mjs');

const run = (...args) => spawnSync(process.execPath, [GENERATOR, ...args], { encoding: 'utf8' });

test('wasm/domain/src/sms_texts.cpp is fresh (node scripts/gen-sms-texts.mjs --check)', () => {
  const r = run('--check');
  assert.equal(r.status, 0, `${r.stderr}Regenerate it: node scripts/gen-sms-texts.mjs`);
});

function withTable(t, edit) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbvm-sms-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'literals'));
  fs.mkdirSync(path.join(dir, 'wasm', 'domain', 'src'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'literals', 'wait-prompts.json'), path.join(dir, 'literals', 'wait-prompts.json'));
  const table = JSON.parse(fs.readFileSync(path.join(ROOT, 'literals', 'sms-texts.json'), 'utf8'));
  edit(table);
  fs.writeFileSync(path.join(dir, 'literals', 'sms-texts.json'), JSON.stringify(table));
  return run('--root', dir);
}

test('a confirmation without the booking reference is refused, naming it', (t) => {
  const r = withTable(t, (table) => { table.locales[2].messages.confirmation = 'Booked.'; });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /es-ES\.messages\.confirmation must keep \{\{ref\}\}/);
});

test('a locale the wait experience does not speak, or without cancel words, is refused', (t) => {
  assert.match(withTable(t, (table) => { table.locales[1].tag = 'fr-FR'; }).stderr, /fr-FR is not a locale of the wait experience/);
  assert.match(withTable(t, (table) => { table.locales[1].cancelWords = []; }).stderr, /es-MX\.cancelWords must list/);
});
