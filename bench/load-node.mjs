// One cold load in a fresh process: instantiate the Node module, make the
// first decision, print the elapsed milliseconds. Run by run.mjs 20 times.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const shim = require.resolve('@cbvm/core/package.json').replace(/package\.json$/, '');
const factory = require(`${shim}core/cbvm-core.node.cjs`);
const wasmBinary = readFileSync(`${shim}core/cbvm-core.node.wasm`);
const { createApi } = require(`${shim}src/api.cjs`);

const t0 = performance.now();
const core = createApi(await factory({ wasmBinary }));
const kind = core.classifyTask({ taskChannelUniqueName: 'voice', attributes: { taskType: 'callback' } });
const elapsed = performance.now() - t0;
if (kind !== 'callback') throw new Error(`unexpected first decision: ${kind}`);
process.stdout.write(`${elapsed}\n`);
