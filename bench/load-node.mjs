// One cold load in a fresh process: load the core through the shim's public
// loader, make the first decision, print the elapsed milliseconds. Run by
// run.mjs 20 times.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { loadCore } = require('@cbvm/core');

const t0 = performance.now();
const core = await loadCore();
const kind = core.classifyTask({ taskChannelUniqueName: 'voice', attributes: { taskType: 'callback' } });
const elapsed = performance.now() - t0;
if (kind !== 'callback') throw new Error(`unexpected first decision: ${kind}`);
process.stdout.write(`${elapsed}\n`);
