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
    const moduleOptions = wasmBinary
      ? { wasmBinary }
      : { locateFile: (file) => (file.endsWith('.wasm') ? wasmUrl : file) };
    loading = createCbvmCore(moduleOptions).then(createApi);
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

export { CoreError };
