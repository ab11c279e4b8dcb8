// Bundled by browser.mjs into the pages headless Chromium runs: the core
// through the shim's public browser loader (for the per-call page the loader's
// module is swapped for the build with every decision, when there is one), and
// the shared measurement loops.
import { loadCore } from '@cbvm/core/browser';
import { measurePerCall } from './workloads.mjs';

const bytesOf = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());
// A renderer's first second here (its start-up, JIT threads on 2 cores) runs
// the same code about twice as slowly: time cold loads from 1.5 s after navigation start.
const settle = (ms = 1500) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms - performance.now())));

/** Milliseconds from loading the core (bytes in hand) to its first decision. */
window.benchLoad = async (url) => {
  const wasmBinary = await bytesOf(url);
  await settle();
  const t0 = performance.now();
  const core = await loadCore({ wasmBinary });
  const kind = core.classifyTask({ taskChannelUniqueName: 'voice', attributes: { taskType: 'callback' } });
  const elapsed = performance.now() - t0;
  if (kind !== 'callback') throw new Error(`unexpected first decision ${kind}`);
  return elapsed;
};

window.benchPerCall = async (url, calls) => {
  const core = await loadCore({ wasmBinary: await bytesOf(url) });
  return measurePerCall(core, { calls, now: () => performance.now(), env: 'chromium' });
};
