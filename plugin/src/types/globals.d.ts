// The core's WebAssembly bytes, inlined by esbuild's binary loader.
declare module '*.wasm' {
  const bytes: Uint8Array;
  export default bytes;
}

/** Functions base URL chosen at build time (CBVM_SERVERLESS_URL); empty when unset. */
declare const __CBVM_SERVERLESS_URL__: string | undefined;
