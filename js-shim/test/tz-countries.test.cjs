'use strict';
// The core's country → zones table is what the machine's tz database gives.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function machineVersion() {
  try {
    return /^# version (\S+)/m.exec(fs.readFileSync('/usr/share/zoneinfo/tzdata.zi', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

function recordedVersion() {
  const generated = fs.readFileSync(path.join(__dirname, '..', '..', 'wasm', 'domain', 'src', 'tz_countries.cpp'), 'utf8');
  return /kCountryZonesVersion\[\] = "([^"]+)"/.exec(generated)?.[1] ?? null;
}

// Another tz database release would give another table: the committed file is
// the product's, so there the check is skipped, not failed.
const same = machineVersion() !== null && machineVersion() === recordedVersion();
test('wasm/domain/src/tz_countries.cpp is fresh (node scripts/gen-tz-countries.mjs --check)', { skip: same ? false : `the machine's tz database (${machineVersion()}) is not the recorded ${recordedVersion()}` }, () => {
  const generator = path.join(__dirname, '..', '..', 'scripts', 'gen-tz-countries.mjs');
  const run = spawnSync(process.execPath, [generator, '--check'], { encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stderr}Regenerate it: node scripts/gen-tz-countries.mjs`);
});
