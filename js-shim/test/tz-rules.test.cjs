'use strict';
// The core's time zones are what the machine's tz database gives.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

test('wasm/domain/src/tz_rules.cpp is fresh (node scripts/gen-tz-rules.mjs --check)', () => {
  const generator = path.join(__dirname, '..', '..', 'scripts', 'gen-tz-rules.mjs');
  const run = spawnSync(process.execPath, [generator, '--check'], { encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stderr}Regenerate it: node scripts/gen-tz-rules.mjs`);
});
