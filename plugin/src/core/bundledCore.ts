// The core as the browser gets it: the ES module build of the shim with the
// .wasm bytes inlined into this bundle, so the plugin is one file to deploy.
import { loadCore, type Core } from '@cbvm/core/browser';
import wasmBinary from '@cbvm/core/core/cbvm-core.web.wasm';

/** Loads the bundled core once; later calls share the same promise. */
export function loadBundledCore(): Promise<Core> {
  return loadCore({ wasmBinary });
}
