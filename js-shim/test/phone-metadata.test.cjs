'use strict';
// The core's numbering plans are what libphonenumber-js's metadata gives.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

test('wasm/domain/src/phone_metadata.cpp is fresh (node scripts/gen-phone-metadata.mjs --check)', () => {
  const generator = path.join(__dirname, '..', '..', 'scripts', 'gen-phone-metadata.mjs');
  const run = spawnSync(process.execPath, [generator, '--check'], { encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stderr}Regenerate it: node scripts/gen-phone-metadata.mjs`);
});
