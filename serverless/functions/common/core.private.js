'use strict';
// Loads the decision core once per runtime instance. The core is vendored into
// private assets by `npm run deploy:prepare`, and is read from there both
// locally and when deployed, so both run the very same files.

const fs = require('fs');

const BUNDLE_ASSET = '/vendor/cbvm-core.js';
const WASM_ASSET = '/vendor/cbvm-core.wasm';

let loading;

function assetPath(assets, key) {
  const asset = assets[key];
  if (!asset || !asset.path) {
    throw new Error(
      `The decision core is not vendored (private asset ${key} is missing). ` +
        'Run "npm run deploy:prepare" in serverless/ and start the functions again.',
    );
  }
  return asset.path;
}

/**
 * Returns the core's API (see js-shim/index.d.ts), loading it on first use.
 * @returns {Promise<import('@cbvm/core').Core>}
 */
function loadCore() {
  if (!loading) {
    loading = (async () => {
      const assets = Runtime.getAssets();
      const { createCbvmCore, createApi } = require(assetPath(assets, BUNDLE_ASSET));
      const raw = await createCbvmCore({ wasmBinary: fs.readFileSync(assetPath(assets, WASM_ASSET)) });
      return createApi(raw);
    })();
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

/** The literals the core shares with the functions (paths, defaults), from the vendored bundle. */
let shared;
function literals() {
  if (!shared) shared = require(assetPath(Runtime.getAssets(), BUNDLE_ASSET)).literals;
  return shared;
}

/** Returns whether err is a refusal from the core (it carries .code, .status and a sentence). */
function isCoreError(err) {
  return Boolean(err) && err.name === 'CoreError' && typeof err.code === 'string' && typeof err.status === 'number';
}

module.exports = { loadCore, isCoreError, literals };
