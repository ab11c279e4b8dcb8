// The wait experience's prompts are the functions' business: the Node module
// carries every locale's, the browser module (inside the plugin bundle) none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { loadCore as loadBrowserCore } from '@cbvm/core/browser';

const require = createRequire(import.meta.url);
const { loadCore: loadNodeCore } = require('@cbvm/core');
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const table = JSON.parse(readFileSync(join(ROOT, 'literals', 'wait-prompts.json'), 'utf8'));
const moduleBytes = (name) => readFileSync(join(ROOT, 'js-shim', 'core', name));

test('the Node module answers every locale with its voice, language and prompts', async () => {
  const constants = (await loadNodeCore()).constants();
  assert.deepEqual(
    constants.waitLocales,
    table.locales.map((l) => ({ tag: l.tag, voice: l.voice, language: l.language, messages: l.messages })),
  );
  assert.deepEqual(constants.waitMessages, table.locales[0].messages);
});

test('the browser module carries no prompt of any locale', async () => {
  const wasm = moduleBytes('cbvm-core.web.wasm');
  const node = moduleBytes('cbvm-core.node.wasm');
  for (const locale of table.locales) {
    const greeting = Buffer.from(locale.messages.greeting, 'utf8');
    assert.ok(node.includes(greeting), `the Node module holds the ${locale.tag} greeting`);
    assert.ok(!wasm.includes(greeting), `the browser module holds no ${locale.tag} greeting`);
    assert.ok(!wasm.includes(Buffer.from(locale.voice)), `nor the ${locale.tag} voice`);
  }
  const constants = (await loadBrowserCore({ wasmBinary: wasm })).constants();
  assert.deepEqual(constants.waitLocales, []);
});
