// Runs every golden vector through both built WebAssembly modules (the Node
// module and the browser module, each through the shim's loader), with the
// same case names as the native GoogleTest run: as JSON text, as a value
// through the JSON door, and for the agent's hot decisions through their
// typed door as the plugin calls them. The browser module carries only the
// agent's decisions: vectors of the others are skipped there, and the module
// must answer them UNKNOWN_DECISION.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { loadCore as loadBrowserCore } from '@cbvm/core/browser';

const require = createRequire(import.meta.url);
const { loadCore: loadNodeCore } = require('@cbvm/core');
const VECTORS = join(dirname(fileURLToPath(import.meta.url)), '..', 'vectors');

function inputText(spec) {
  if (spec.inputText === undefined) return JSON.stringify(spec.input);
  if (typeof spec.inputText === 'string') return spec.inputText;
  const { prefix, repeat, times, suffix } = spec.inputText;
  return prefix + repeat.repeat(times) + suffix;
}

// Same rule as the native runner: every expected member is present and
// matches; arrays match element by element with equal length.
function assertSubset(expected, actual, where = 'value') {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    assert.ok(actual !== null && typeof actual === 'object' && !Array.isArray(actual), `${where} should be an object`);
    for (const [key, value] of Object.entries(expected)) {
      assert.ok(Object.hasOwn(actual, key), `${where}.${key} is missing`);
      assertSubset(value, actual[key], `${where}.${key}`);
    }
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${where} should have ${expected.length} elements`);
    expected.forEach((value, i) => assertSubset(value, actual[i], `${where}[${i}]`));
  } else {
    assert.deepStrictEqual(actual, expected, where);
  }
}

// The agent's decisions the plugin calls through their typed door, with the JSON door's input.
const typedDoors = {
  panelState: (core, input) => core.panelState(input),
  channelTitle: (core, input) => ({ title: core.channelTitle(input) }),
};

// A method's answer (or refusal) as an envelope.
function envelopeOf(method) {
  try {
    return { ok: true, value: method() };
  } catch (err) {
    if (err.name !== 'CoreError') throw err;
    return { ok: false, error: { code: err.code, message: err.message, status: err.status } };
  }
}

const SHIM = dirname(require.resolve('@cbvm/core/package.json'));
const builds = {
  node: () => loadNodeCore(),
  browser: () => loadBrowserCore({ wasmBinary: readFileSync(join(SHIM, 'core', 'cbvm-core.web.wasm')) }),
};

const decisions = readdirSync(VECTORS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

for (const [build, load] of Object.entries(builds)) {
  describe(`wasm ${build} module`, () => {
    let core;
    before(async () => {
      core = await load();
    });

    for (const decision of decisions) {
      const files = readdirSync(join(VECTORS, decision)).filter((f) => f.endsWith('.json')).sort();
      for (const file of files) {
        const cases = JSON.parse(readFileSync(join(VECTORS, decision, file), 'utf8'));
        describe(`${decision}/${basename(file, '.json')}`, () => {
          for (const spec of cases) {
            test(spec.name, (t) => {
              if (!core.constants().decisions.includes(decision)) {
                assert.equal(core.runText(decision, '{}').error.code, 'UNKNOWN_DECISION');
                t.skip(`${decision} is not in the ${build} module`);
                return;
              }
              const expected = spec.expected;
              const check = (answer, how) => {
                assert.equal(answer.ok, expected.ok, `${how}: ${JSON.stringify(answer)}`);
                if (expected.ok) {
                  if ('value' in expected) assert.deepStrictEqual(answer.value, expected.value, how);
                  else assertSubset(expected.subset, answer.value);
                } else {
                  assert.equal(answer.error.code, expected.error.code, `${how}: ${JSON.stringify(answer.error)}`);
                  if ('message' in expected.error) assert.equal(answer.error.message, expected.error.message, how);
                }
              };
              // Texts go in as they are, so malformed JSON reaches the core unchanged.
              const answer = core.runText(decision, inputText(spec));
              check(answer, 'as JSON text');
              if (!('input' in spec)) return;
              check(core.run(decision, spec.input), 'as a value');
              const typed = typedDoors[decision];
              if (typed) check(envelopeOf(() => typed(core, spec.input)), 'through the typed door');
              // The kind is asked on every render and never refuses: it answers for well-formed tasks.
              if (decision === 'classifyTask' && answer.ok) {
                assert.equal(core.classifyTask(spec.input.task), answer.value.kind, 'the typed door agrees with the JSON door');
              }
            });
          }
        });
      }
    }
  });
}
