'use strict';
// The core's tables from the tz database (each zone's rules, each country's
// zones) are what the machine's tz database gives.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const TABLES = [
  { file: 'wasm/domain/src/tz_rules.cpp', generator: 'scripts/gen-tz-rules.mjs', version: /kTzdataVersion\[\] = "([^"]+)"/ },
  { file: 'wasm/domain/src/tz_countries.cpp', generator: 'scripts/gen-tz-countries.mjs', version: /kCountryZonesVersion\[\] = "([^"]+)"/ },
];

// The machine's tz database release ("2025b"), or null without one.
function machineVersion() {
  try {
    return /^# version (\S+)/m.exec(fs.readFileSync('/usr/share/zoneinfo/tzdata.zi', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

for (const { file, generator, version } of TABLES) {
  const recorded = version.exec(fs.readFileSync(path.join(ROOT, file), 'utf8'))?.[1] ?? null;
  // Another tz database release would give other tables: the committed file is
  // the product's, so there the check is skipped, not failed.
  const same = machineVersion() !== null && machineVersion() === recorded;
  test(`${file} is fresh (node ${generator} --check)`, { skip: same ? false : `the machine's tz database (${machineVersion()}) is not the recorded ${recorded}` }, () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, generator), '--check'], { encoding: 'utf8' });
    assert.equal(run.status, 0, `${run.stderr}Regenerate it: node ${generator}`);
  });
}
