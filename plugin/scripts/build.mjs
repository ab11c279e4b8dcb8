// Builds the Flex plugin bundle: one IIFE with the core's WebAssembly inlined,
// and the libraries Flex already provides taken from its globals.
//   CBVM_SERVERLESS_URL=http://localhost:3000 npm run build -w plugin
import { build } from 'esbuild';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const versionOf = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;

export const PLUGIN_UNIQUE_NAME = 'plugin-callback-and-voicemail';
export const OUTFILE = join(root, 'dist', `${PLUGIN_UNIQUE_NAME}.js`);

// Modules Flex provides at run time, and the global expression that holds each.
const FLEX_GLOBALS = {
  react: 'window.React',
  'react-dom': 'window.ReactDOM',
  redux: 'window.Redux',
  'react-redux': 'window.ReactRedux',
  '@twilio/flex-ui': `(window.Twilio.FlexProxy && window.Twilio.FlexProxy[${JSON.stringify(PLUGIN_UNIQUE_NAME)}]) || window.Twilio.Flex`,
};

const flexGlobals = {
  name: 'flex-globals',
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(FLEX_GLOBALS).map((n) => n.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'flex-global' }));
    b.onLoad({ filter: /.*/, namespace: 'flex-global' }, (args) => ({
      contents: `module.exports = ${FLEX_GLOBALS[args.path]};`,
      loader: 'js',
    }));
  },
};

// `@twilio-paste/core/<name>` is a CommonJS re-export of `@twilio-paste/<name>`;
// importing the package's ES module build instead lets esbuild drop what the
// plugin does not use (about 25 KB gzip).
const pasteModules = {
  name: 'paste-modules',
  setup(b) {
    b.onResolve({ filter: /^@twilio-paste\/core\/[a-z-]+$/ }, (args) =>
      b.resolve(args.path.replace('@twilio-paste/core/', '@twilio-paste/'), { resolveDir: args.resolveDir, kind: args.kind }),
    );
  },
};

// Paste's style props read the raw token list only to warn about deprecated
// tokens in their prop-type checks, which React runs in development alone; the
// production bundle gets an empty list instead (about 20 KB gzip).
const pasteDevOnlyTokens = {
  name: 'paste-dev-only-tokens',
  setup(b) {
    b.onResolve({ filter: /^@twilio-paste\/design-tokens\/dist\/tokens\.raw\.json$/ }, (args) => ({ path: args.path, namespace: 'paste-dev-only' }));
    b.onLoad({ filter: /.*/, namespace: 'paste-dev-only' }, () => ({ contents: '{"props":{}}', loader: 'json' }));
  },
};

// The core's module is inlined gzipped (src/core/bundledCore.ts inflates it):
// esbuild writes binary as base64, which gzip cannot shrink back to the module's
// own gzip size (about 25 KB gzip saved).
const gzippedWasm = {
  name: 'gzipped-wasm',
  setup(b) {
    b.onLoad({ filter: /\.wasm$/ }, (args) => ({ contents: gzipSync(readFileSync(args.path), { level: 9 }), loader: 'binary' }));
  },
};

// The bundle inlines the browser core: refuse one older than its C++ sources
// (CBVM_REBUILD_CORE=1 rebuilds it, CBVM_SKIP_FRESHNESS=1 skips the check).
function checkCoreFresh() {
  const checker = join(root, '..', 'scripts', 'check-core-fresh.cjs');
  if (existsSync(checker)) require(checker).ensureCoreFresh({ artifacts: 'web' });
}

export async function buildPlugin({ outfile = OUTFILE, minify = true, serverlessUrl = process.env.CBVM_SERVERLESS_URL ?? '' } = {}) {
  checkCoreFresh();
  const defines = {
    __FPB_PLUGIN_UNIQUE_NAME: PLUGIN_UNIQUE_NAME,
    __FPB_PLUGIN_VERSION: pkg.version,
    __FPB_FLEX_PLUGIN_SCRIPTS_VERSION: 'esbuild',
    __FPB_FLEX_PLUGIN_VERSION: versionOf('@twilio/flex-plugin'),
    __FPB_FLEX_UI_VERSION: versionOf('@twilio/flex-ui'),
    __FPB_REACT_VERSION: versionOf('react'),
    __FPB_REACT_DOM_VERSION: versionOf('react-dom'),
    __CBVM_SERVERLESS_URL__: serverlessUrl,
    'process.env.NODE_ENV': 'production',
  };
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'src', 'index.ts')],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2019'],
    minify,
    legalComments: 'none',
    jsx: 'transform',
    loader: { '.wasm': 'binary' },
    define: Object.fromEntries(Object.entries(defines).map(([k, v]) => [k, JSON.stringify(v)])),
    metafile: true,
    plugins: [pasteModules, flexGlobals, gzippedWasm, ...(minify ? [pasteDevOnlyTokens] : [])],
    logLevel: 'warning',
    // The core's ES module names import.meta.url only on a path the shim never
    // takes (it always passes locateFile), so its absence in an IIFE is harmless.
    logOverride: { 'empty-import-meta': 'silent' },
  });
  const bytes = readFileSync(outfile);
  return { outfile, raw: statSync(outfile).size, gzip: gzipSync(bytes, { level: 9 }).length, metafile: result.metafile };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const { outfile, raw, gzip } = await buildPlugin().catch((err) => {
    console.error(err.code === 'CORE_STALE' ? err.message : err);
    process.exit(1);
  });
  console.log(`Built ${outfile} in ${Date.now() - started} ms`);
  console.log(`Bundle size: ${raw} bytes raw (${kb(raw)}), ${gzip} bytes gzip -9 (${kb(gzip)})`);
}
