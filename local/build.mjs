// Builds what the Flex host serves into local/dist/:
//   flex-ui.js  the real @twilio/flex-ui module for the browser, its React,
//               ReactDOM, Redux and ReactRedux taken from the page's globals,
//               as Flex itself does for plugins (rebuilt when Flex changes);
//   host.js     the host app (manager, store, actions, task list and canvas);
//   caller.js   the simulated caller panel.
// Usage: node local/build.mjs [--force]
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, 'package.json'));
const DIST = path.join(here, 'dist');

const GLOBALS = { react: 'React', 'react-dom': 'ReactDOM', redux: 'Redux', 'react-redux': 'ReactRedux' };

// The four libraries Flex shares with plugins come from window globals; Node's
// `path` (used by a Flex dependency only for extname) gets a one-function stand-in.
const browserShims = {
  name: 'host-globals',
  setup(build) {
    build.onResolve({ filter: /^(react|react-dom|redux|react-redux)$/ }, (args) => ({ path: args.path, namespace: 'host-global' }));
    build.onLoad({ filter: /.*/, namespace: 'host-global' }, (args) => ({
      contents: `module.exports = window.${GLOBALS[args.path]};`,
      loader: 'js',
    }));
    build.onResolve({ filter: /^path$/ }, () => ({ path: 'path', namespace: 'host-path' }));
    build.onLoad({ filter: /.*/, namespace: 'host-path' }, () => ({
      contents: 'exports.extname = function (file) { var m = /(\\.[^./]*)$/.exec(String(file)); return m ? m[1] : ""; };',
      loader: 'js',
    }));
  },
};

function flexVersion() {
  return require('@twilio/flex-ui/package.json').version;
}

// Several hosts may start at once (parallel test files): each output is
// written under a temporary name and renamed, so no reader sees half a file.
function writeAtomically(file, contents) {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, contents);
  fs.renameSync(temp, file);
}

function writeOutputs(result) {
  for (const output of result.outputFiles) writeAtomically(output.path, output.contents);
}

async function buildFlex(esbuild, force) {
  const out = path.join(DIST, 'flex-ui.js');
  const stamp = path.join(DIST, 'flex-ui.version');
  const version = flexVersion();
  if (!force && fs.existsSync(out) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === version) return false;
  const entry = path.join(here, 'web', 'flex-entry.js');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    outfile: out,
    platform: 'browser',
    format: 'iife',
    minify: true,
    legalComments: 'none',
    plugins: [browserShims],
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    logLevel: 'error',
    write: false,
  });
  writeOutputs(result);
  writeAtomically(stamp, version);
  return true;
}

async function buildApps(esbuild) {
  const result = await esbuild.build({
    entryPoints: { host: path.join(here, 'web', 'host', 'main.jsx'), caller: path.join(here, 'web', 'caller', 'main.jsx') },
    bundle: true,
    outdir: DIST,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    jsx: 'transform',
    jsxFactory: 'React.createElement',
    jsxFragment: 'React.Fragment',
    plugins: [browserShims],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
    sourcemap: 'inline',
    write: false,
  });
  writeOutputs(result);
}

/** Builds the host's browser files; Flex only when missing or changed (or forced). */
export async function buildHost({ force = false } = {}) {
  const esbuild = require('esbuild');
  fs.mkdirSync(DIST, { recursive: true });
  const started = Date.now();
  const flexBuilt = await buildFlex(esbuild, force);
  await buildApps(esbuild);
  return { dist: DIST, flexBuilt, ms: Date.now() - started };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await buildHost({ force: process.argv.includes('--force') });
  console.log(`local: built host files in ${path.relative(process.cwd(), result.dist) || '.'} (${result.ms} ms${result.flexBuilt ? ', Flex UI rebuilt' : ''})`);
}
