#!/usr/bin/env node
// Writes the core's time-zone table from the machine's tz database, so the
// core decides local times (calling windows) without a tz library:
//   wasm/domain/src/tz_rules.cpp   cbvm::tz::kZones (see cbvm/tz_rules.hpp)
// Each zone and link named in tzdata.zi maps to the POSIX TZ string that ends
// its compiled TZif file (RFC 8536's footer, `man 5 tzfile`): the rule the zone
// follows after its last listed transition. zic lists transitions up to 2037
// where the footer gives the same, and further only where the footer cannot
// say them (Morocco's and Palestine's Ramadan changes): for zones whose file
// lists changes after 2037, the changes from LISTED_FROM on are kept too, and
// the footer applies after the last. Earlier rule changes are not kept: the
// core schedules callbacks from now on. Zones whose file has no footer are
// left out (and listed).
// Usage: node scripts/gen-tz-rules.mjs [--check] [--root <dir>] [--zoneinfo <dir>]
//   --check     writes nothing; exits 1 when the generated file differs from the tz database.
//   --root      the repository to write (default: this script's repository).
//   --zoneinfo  the compiled tz database (default: /usr/share/zoneinfo).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runIfMain, singleFileMain } from './run-main.mjs';

export const TARGET = 'wasm/domain/src/tz_rules.cpp';

// Listed changes are kept from here (2025-01-01T00:00:00Z), with the one in force then.
export const LISTED_FROM = 1735689600;
const FOOTER_COVERS_UNTIL = 2145916800;  // 2038-01-01T00:00:00Z

/** The version 2 data block's changes: [{ at (s), offset (s east), isDst, abbreviation }]. */
export function changesOf(bytes, what) {
  const counts = (o) => [0, 1, 2, 3, 4, 5].map((i) => bytes.readUInt32BE(o + 20 + 4 * i));
  let [isut, isstd, leap, timecnt, typecnt, charcnt] = counts(0);
  let o = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut;
  if (bytes.toString('latin1', o, o + 4) !== 'TZif') throw new Error(`${what} has no version 2 data.`);
  [isut, isstd, leap, timecnt, typecnt, charcnt] = counts(o);
  o += 44;
  const times = [];
  for (let i = 0; i < timecnt; i++) times.push(Number(bytes.readBigInt64BE(o + 8 * i)));
  const kinds = [...bytes.subarray(o + 8 * timecnt, o + 9 * timecnt)];
  const typesAt = o + 9 * timecnt;
  const charsAt = typesAt + 6 * typecnt;
  const type = (k) => {
    const at = typesAt + 6 * k;
    const from = charsAt + bytes[at + 5];
    return { offset: bytes.readInt32BE(at), isDst: bytes[at + 4] === 1, abbreviation: bytes.toString('latin1', from, bytes.indexOf(0, from)) };
  };
  return times.map((at, i) => ({ at, ...type(kinds[i]) }));
}

/** The changes the footer does not say, from LISTED_FROM on (with the one in force then), or []. */
export function listedOf(bytes, what) {
  // Without the changes that change nothing (zic writes one at 2^31 - 1 for 32-bit readers).
  const changes = changesOf(bytes, what).filter((c, i, all) => i === 0 || c.offset !== all[i - 1].offset ||
    c.isDst !== all[i - 1].isDst || c.abbreviation !== all[i - 1].abbreviation);
  if (changes.length === 0 || changes[changes.length - 1].at < FOOTER_COVERS_UNTIL) return [];
  const first = Math.max(0, changes.findIndex((c) => c.at >= LISTED_FROM) - 1);
  return changes.slice(first);
}

/** The POSIX TZ string at the end of a TZif file (version 2 or later), or null. */
export function footerOf(bytes, what) {
  if (bytes.length < 44 || bytes.toString('latin1', 0, 4) !== 'TZif') throw new Error(`${what} is not a TZif file.`);
  if (bytes[4] < 0x32) return null;  // version 1 has no footer
  if (bytes[bytes.length - 1] !== 0x0a) throw new Error(`${what} does not end with a footer line.`);
  const start = bytes.lastIndexOf(0x0a, bytes.length - 2);
  const footer = bytes.toString('latin1', start + 1, bytes.length - 1);
  if (!/^[\x20-\x7e]*$/.test(footer)) throw new Error(`${what}: the footer ${JSON.stringify(footer)} is not printable text.`);
  return footer === '' ? null : footer;
}

/** The text of the database's tzdata.zi and its version ("2025b"). */
export function readTzdata(zoneinfo = '/usr/share/zoneinfo') {
  const zi = readFileSync(join(zoneinfo, 'tzdata.zi'), 'utf8');
  const version = /^# version (\S+)/m.exec(zi)?.[1];
  if (!version) throw new Error(`${join(zoneinfo, 'tzdata.zi')} does not say its version.`);
  return { zi, version };
}

export function generate(zoneinfo = '/usr/share/zoneinfo') {
  const { zi, version } = readTzdata(zoneinfo);
  const names = new Set();
  for (const line of zi.split('\n')) {
    const f = line.split(/\s+/);
    if (f[0] === 'Z') names.add(f[1]);
    else if (f[0] === 'L') names.add(f[2]);
  }
  const rows = [];
  const without = [];
  for (const name of [...names].sort()) {
    const file = join(zoneinfo, name);
    if (!existsSync(file)) {
      without.push(name);
      continue;
    }
    const bytes = readFileSync(file);
    const footer = footerOf(bytes, file);
    if (footer === null) without.push(name);
    else rows.push([name, footer, listedOf(bytes, file)]);
  }
  const lines = [
    `// Generated by scripts/gen-tz-rules.mjs from the IANA tz database ${version}`,
    '// (the machine\'s /usr/share/zoneinfo: each zone\'s TZif footer); do not edit.',
    `// ${rows.length} zones and links` + (without.length ? `; left out, having no footer: ${without.join(', ')}.` : '.'),
    '#include "cbvm/tz_rules.hpp"',
    '',
    '// The browser module decides no calling windows: it carries no zones.',
    '#ifndef CBVM_AGENT_DECISIONS_ONLY',
    '',
    'namespace cbvm::tz {',
    '',
    `const char kTzdataVersion[] = "${version}";`,
    '',
    '// Changes listed before the POSIX rule takes over: instant (s), offset (s east), daylight, abbreviation.',
    ...rows.flatMap(([, , listed], i) => listed.length === 0 ? [] : [
      `const TzChange kListed${i}[] = {`,
      ...listed.map((c) => `    {${c.at}, ${c.offset}, ${c.isDst}, ${JSON.stringify(c.abbreviation)}},`),
      '};',
    ]),
    '',
    '// IANA name (sorted, byte order), POSIX TZ string, listed changes.',
    'const ZoneEntry kZones[] = {',
    ...rows.map(([name, footer, listed], i) =>
      `    {${JSON.stringify(name)}, ${JSON.stringify(footer)}` + (listed.length ? `, kListed${i}, ${listed.length}},` : ', nullptr, 0},')),
    '};',
    'const size_t kZoneCount = sizeof kZones / sizeof kZones[0];',
    '',
    '}  // namespace cbvm::tz',
    '',
    '#endif  // CBVM_AGENT_DECISIONS_ONLY',
    '',
  ];
  return lines.join('\n');
}

const main = singleFileMain({
  moduleUrl: import.meta.url,
  target: TARGET,
  generate: (option) => generate(option('--zoneinfo')),
  source: "the machine's tz database",
});

runIfMain(import.meta.url, main);
