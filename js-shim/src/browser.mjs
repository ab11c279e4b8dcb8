// Browser loader: the ES module build (no eval, so it runs under a strict CSP).
// Pass `wasmBinary` (bytes bundled with the plugin) or `wasmUrl` (served
// beside it); the first call's options win and the result is cached.
import createCbvmCore from '../core/cbvm-core.web.mjs';
import apiModule from './api.cjs';

const { createApi, CoreError } = apiModule;
let loading;

export function loadCore(options = {}) {
  if (!loading) {
    const { wasmBinary, wasmUrl } = options;
    if (!wasmBinary && !wasmUrl) {
      return Promise.reject(new Error('loadCore needs the core\'s bytes (wasmBinary) or its URL (wasmUrl).'));
    }
    // locateFile is always given: without it the module resolves its .wasm
    // against import.meta.url, which a bundled IIFE does not have.
    const moduleOptions = {
      locateFile: (file) => (file.endsWith('.wasm') && wasmUrl ? wasmUrl : file),
    };
    if (wasmBinary) moduleOptions.wasmBinary = wasmBinary;
    loading = createCbvmCore(moduleOptions).then(createApi);
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

export { CoreError };
