// Bundled by browser.mjs into the page headless Chromium runs: the browser
// build of the core as the plugin ships it (agent decisions only; for load
// time), the same build with every decision (for per-call cost; built by
// run.mjs), the shim's API, and the shared measurement loops.
import createCbvmCore from '../js-shim/core/cbvm-core.web.mjs';
import createFullCore from '../build-wasm/bench/cbvm-core.web-full.mjs';
import api from '../js-shim/src/api.cjs';
import { measurePerCall } from './workloads.mjs';

const { createApi } = api;
const moduleOptions = (bytes) => ({ wasmBinary: bytes, locateFile: (file) => file });

/** Milliseconds from instantiating the module to its first decision. */
window.benchLoad = async () => {
  const bytes = await (await fetch('/cbvm-core.web.wasm')).arrayBuffer();
  const t0 = performance.now();
  const core = createApi(await createCbvmCore(moduleOptions(bytes)));
  const kind = core.classifyTask({ taskChannelUniqueName: 'voice', attributes: { taskType: 'callback' } });
  const elapsed = performance.now() - t0;
  if (kind !== 'callback') throw new Error(`unexpected first decision ${kind}`);
  return elapsed;
};

window.benchPerCall = async (calls) => {
  const bytes = await (await fetch('/cbvm-core.web-full.wasm')).arrayBuffer();
  const core = createApi(await createFullCore(moduleOptions(bytes)));
  return measurePerCall(core, { calls, now: () => performance.now(), env: 'chromium' });
};
