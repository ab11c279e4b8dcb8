#!/usr/bin/env node
// Writes the wait experience's prompts into the core from one table,
// literals/wait-prompts.json (one entry per locale: its <Say> voice and
// language, the tags that select it, and every message):
//   wasm/domain/src/wait_prompts.cpp   cbvm::prompts::kLocales (see wait_prompts.hpp)
// The table is refused, with a sentence, when a locale lacks a message of the
// first (reference) locale or has one more, when a message's keypad digits or
// {{placeholders}} differ from the reference's, when two locales claim a tag, or
// when a locale's calendar (how it speaks dates and times) lacks a name or pattern.
// Usage: node scripts/gen-wait-prompts.mjs [--check] [--root <dir>]
//   --check  writes nothing; exits 1 when the generated file differs from the table.
//   --root   the repository to read and write (default: this script's repository).
// Plain Node, no dependencies.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runIfMain } from './run-main.mjs';

export const TABLE = 'literals/wait-prompts.json';
export const TARGET = 'wasm/domain/src/wait_prompts.cpp';

function fail(sentence) {
  throw new Error(`${TABLE}: ${sentence}`);
}

const TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const digitsOf = (text) => [...text.replace(/[^0-9]/g, '')].sort().join('');
const placeholdersOf = (text) => (text.match(/\{\{[^}]*\}\}/g) ?? []).sort().join(' ');

function checkText(value, where) {
  if (typeof value !== 'string' || value.trim() === '') fail(`${where} must be a non-empty string.`);
  if (/[\u0000-\u001f\u007f]/.test(value)) fail(`${where} holds a control character.`);
  return value;
}

/** Reads and checks the table; returns { keys, locales }. */
export function readTable(root) {
  const raw = JSON.parse(readFileSync(join(root, TABLE), 'utf8'));
  if (!Array.isArray(raw.locales) || raw.locales.length === 0) fail('"locales" must be a non-empty list.');
  const reference = raw.locales[0];
  if (!reference || typeof reference.messages !== 'object' || reference.messages === null) fail('the first locale needs "messages".');
  const keys = Object.keys(reference.messages);
  if (keys.length === 0) fail('the first locale has no messages.');
  const claimed = new Map(); // lower-case tag or alias -> locale tag
  const claim = (name, tag) => {
    const lower = name.toLowerCase().replace(/_/g, '-');
    if (claimed.has(lower)) fail(`"${name}" selects both ${claimed.get(lower)} and ${tag}.`);
    claimed.set(lower, tag);
    return lower;
  };
  const locales = raw.locales.map((l, i) => {
    const tag = checkText(l.tag, `locale ${i + 1}'s "tag"`);
    if (!TAG.test(tag)) fail(`"${tag}" is not a language tag such as "es-MX".`);
    claim(tag, tag);
    const voice = checkText(l.voice, `${tag}.voice`);
    const language = checkText(l.language, `${tag}.language`);
    if (!TAG.test(language)) fail(`${tag}.language "${language}" is not a language code such as "es-MX".`);
    const aliases = (l.aliases ?? []).map((a, j) => {
      checkText(a, `${tag}.aliases[${j}]`);
      if (!TAG.test(a)) fail(`${tag}.aliases[${j}] "${a}" is not a language tag.`);
      return claim(a, tag);
    });
    const messages = l.messages ?? {};
    for (const key of Object.keys(messages)) {
      if (!keys.includes(key)) fail(`${tag}.messages.${key} is not a message of ${reference.tag}.`);
    }
    const texts = keys.map((key) => {
      const where = `${tag}.messages.${key}`;
      if (!(key in messages)) fail(`${where} is missing: every locale has each message of ${reference.tag}.`);
      const text = checkText(messages[key], where);
      const english = reference.messages[key];
      if (digitsOf(text) !== digitsOf(english)) fail(`${where} must name the keys ${reference.tag} names (digits "${digitsOf(english)}", found "${digitsOf(text)}").`);
      if (placeholdersOf(text) !== placeholdersOf(english)) fail(`${where} must keep the placeholders of ${reference.tag} (${placeholdersOf(english) || 'none'}).`);
      return text;
    });
    return { tag, voice, language, aliases, texts, calendar: readCalendar(l.calendar, tag) };
  });
  return { keys, locales };
}

// How a locale speaks dates and times: every member is required, each pattern
// keeps exactly the placeholders it is filled with.
const CALENDAR_PATTERNS = {
  date: ['{{day}}', '{{month}}', '{{weekday}}'],
  slot: ['{{date}}', '{{time}}'],
  slotAtOne: ['{{date}}', '{{time}}'],
};
function readCalendar(c, tag) {
  if (typeof c !== 'object' || c === null) fail(`${tag}.calendar is missing: how the locale speaks dates and times.`);
  const list = (key, n) => {
    if (!Array.isArray(c[key]) || c[key].length !== n) fail(`${tag}.calendar.${key} must list ${n} names.`);
    return c[key].map((v, i) => checkText(v, `${tag}.calendar.${key}[${i}]`));
  };
  const hour12 = c.hour12;
  if (typeof hour12 !== 'boolean') fail(`${tag}.calendar.hour12 must be true (hours 1-12) or false (0-23).`);
  const timeMarks = hour12 ? ['{{hour}}', '{{minute}}', '{{period}}'] : ['{{hour}}', '{{minute}}'];
  const pattern = (key, marks, optional = false) => {
    if (optional && c[key] === undefined) return null;
    const text = checkText(c[key], `${tag}.calendar.${key}`);
    const found = placeholdersOf(text);
    if (marks.some((m) => !found.includes(m)) || found.split(' ').some((m) => !marks.includes(m)))
      fail(`${tag}.calendar.${key} must use the placeholders ${marks.join(' ')}${key === 'timeOnHour' ? ' (any of them but {{minute}})' : ''}.`);
    return text;
  };
  const periods = c.periods ?? [];
  if (!Array.isArray(periods) || periods.some((p) => !Array.isArray(p) || p.length !== 2 || !Number.isInteger(p[0]) || p[0] < 0 || p[0] > 23))
    fail(`${tag}.calendar.periods must be a list of [from hour 0-23, word].`);
  periods.forEach((p, i) => checkText(p[1], `${tag}.calendar.periods[${i}]`));
  if (hour12 && (periods.length === 0 || periods[0][0] !== 0 || periods.some((p, i) => i > 0 && p[0] <= periods[i - 1][0])))
    fail(`${tag}.calendar.periods must start at hour 0 and rise, as hour12 is true.`);
  const onHourMarks = timeMarks.filter((m) => m !== '{{minute}}');
  const onHour = checkText(c.timeOnHour, `${tag}.calendar.timeOnHour`);
  if (onHourMarks.some((m) => !placeholdersOf(onHour).includes(m)) || placeholdersOf(onHour).includes('{{minute}}'))
    fail(`${tag}.calendar.timeOnHour must use the placeholders ${onHourMarks.join(' ')}.`);
  return {
    weekdays: list('weekdays', 7),
    months: list('months', 12),
    today: checkText(c.today, `${tag}.calendar.today`),
    tomorrow: checkText(c.tomorrow, `${tag}.calendar.tomorrow`),
    date: pattern('date', CALENDAR_PATTERNS.date),
    slot: pattern('slot', CALENDAR_PATTERNS.slot),
    slotAtOne: pattern('slotAtOne', CALENDAR_PATTERNS.slotAtOne, true),
    time: pattern('time', timeMarks),
    timeOnHour: onHour,
    hour12,
    periods,
  };
}

const cpp = (s) => JSON.stringify(s); // no control characters: JSON's escapes are C++'s
const ident = (tag) => tag.replace(/[^A-Za-z0-9]/g, '_');

export function generate(root) {
  const { keys, locales } = readTable(root);
  const lines = [
    `// Generated by scripts/gen-wait-prompts.mjs from ${TABLE}; do not edit.`,
    '#include "wait_prompts.hpp"',
    '',
    'namespace cbvm::prompts {',
    'namespace {',
    '',
  ];
  for (const l of locales) {
    const id = ident(l.tag);
    // Never empty: a zero-length array is not C++; alias_count stops before the "".
    lines.push(`const std::string_view kAliases_${id}[] = {${[...l.aliases, ''].map(cpp).join(', ')}};`);
    lines.push(`const std::string_view kMessages_${id}[] = {`);
    for (const text of l.texts) lines.push(`    ${cpp(text)},`);
    lines.push('};');
    const k = l.calendar;
    lines.push(`const Period kPeriods_${id}[] = {${[...k.periods, [24, '']].map(([h, w]) => `{${h}, ${cpp(w)}}`).join(', ')}};`);
    lines.push(`const Calendar kCalendar_${id} = {`);
    lines.push(`    {${k.weekdays.map(cpp).join(', ')}},`);
    lines.push(`    {${k.months.map(cpp).join(', ')}},`);
    for (const key of ['today', 'tomorrow', 'date', 'slot']) lines.push(`    ${cpp(k[key])},`);
    lines.push(`    ${cpp(k.slotAtOne ?? k.slot)},`, `    ${cpp(k.time)},`, `    ${cpp(k.timeOnHour)},`);
    lines.push(`    ${k.hour12},`, `    kPeriods_${id},`, `    ${k.periods.length},`, '};', '');
  }
  lines.push('}  // namespace', '', 'const std::string_view kMessageKeys[] = {');
  for (const key of keys) lines.push(`    ${cpp(key)},`);
  lines.push('};', 'const size_t kMessageCount = sizeof kMessageKeys / sizeof kMessageKeys[0];', '', 'const Locale kLocales[] = {');
  for (const l of locales) {
    const id = ident(l.tag);
    lines.push(`    {${cpp(l.tag)}, ${cpp(l.voice)}, ${cpp(l.language)}, kAliases_${id}, ${l.aliases.length}, kMessages_${id}, &kCalendar_${id}},`);
  }
  lines.push('};', 'const size_t kLocaleCount = sizeof kLocales / sizeof kLocales[0];', '', '}  // namespace cbvm::prompts', '');
  return lines.join('\n');
}

function main(argv) {
  const check = argv.includes('--check');
  const at = argv.indexOf('--root');
  const root = at >= 0 ? resolve(argv[at + 1] ?? '.') : resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const file = join(root, TARGET);
  const text = generate(root);
  const same = existsSync(file) && readFileSync(file, 'utf8') === text;
  if (check) {
    if (!same) console.error(`${TARGET} is stale: it differs from what ${TABLE} gives. Run "node scripts/gen-wait-prompts.mjs" and commit the result.`);
    return same ? 0 : 1;
  }
  if (!same) writeFileSync(file, text);
  console.log(same ? `${TARGET} is up to date with ${TABLE}` : `wrote ${TARGET}`);
  return 0;
}

runIfMain(import.meta.url, main);
