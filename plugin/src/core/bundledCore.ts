// The core as the browser gets it: the ES module build of the shim with the
// .wasm bytes inlined into this bundle, so the plugin is one file to deploy.
import { loadCore, type Core } from '@cbvm/core/browser';
import wasmBinary from '@cbvm/core/core/cbvm-core.web.wasm';

// The plugin's build inlines the module gzipped (base64 of gzip is about a third
// of base64 of the module, gzipped or not); other builds may inline it as it is.
async function moduleBytes(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const body = new Response(bytes as unknown as BodyInit).body;
  if (!body) throw new Error('The browser cannot read the bundled core.');
  return new Uint8Array(await new Response(body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
}

/** Loads the bundled core once; later calls share the same promise. */
let loading: Promise<Core> | undefined;
export function loadBundledCore(): Promise<Core> {
  if (!loading) loading = moduleBytes(wasmBinary).then((bytes) => loadCore({ wasmBinary: bytes }));
  return loading;
}
