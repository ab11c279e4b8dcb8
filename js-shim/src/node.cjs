'use strict';
// Node loader: reads the .wasm bytes and hands them to the Emscripten factory
// (Node 20's global fetch cannot load a module by path).

const fs = require('fs');
const path = require('path');
const { createApi, CoreError } = require('./api.cjs');

const CORE_DIR = path.join(__dirname, '..', 'core');
let loading;

/**
 * Loads the core once; later calls return the same promise.
 * @returns {Promise<import('../index').Core>}
 */
function loadCore() {
  if (!loading) {
    loading = (async () => {
      const factoryPath = path.join(CORE_DIR, 'cbvm-core.node.cjs');
      const wasmPath = path.join(CORE_DIR, 'cbvm-core.node.wasm');
      if (!fs.existsSync(factoryPath) || !fs.existsSync(wasmPath)) {
        throw new Error(`The WebAssembly core is not built (looked for ${wasmPath}). Run "npm run build:wasm" at the repository root.`);
      }
      const factory = require(factoryPath);
      const raw = await factory({ wasmBinary: fs.readFileSync(wasmPath) });
      return createApi(raw);
    })();
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

module.exports = { loadCore, CoreError };
