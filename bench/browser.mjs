// Headless Chromium for the benchmark: launching it, serving pages to it, and
// the core's own figures there (load time, per-call cost).
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { round } from './workloads.mjs';

const require = createRequire(import.meta.url);

/** Bundles one browser entry into an IIFE (in memory). */
export async function bundle(entry, { plugins = [], loader = {}, define = {} } = {}) {
  const esbuild = require('esbuild');
  const out = await esbuild.build({
    entryPoints: [entry],
    bundle: true, format: 'iife', platform: 'browser', write: false, minify: true, target: ['es2019'],
    jsx: 'transform', loader, plugins,
    define: { 'process.env.NODE_ENV': '"production"', ...define },
    logLevel: 'error',
    logOverride: { 'empty-import-meta': 'silent' },
  });
  return out.outputFiles[0].contents;
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

/** Serves `files` ({ path: bytes or text }) on loopback, cross-origin isolated. */
export function serve(files) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const body = files[path];
    if (body === undefined) return res.writeHead(404).end();
    // Cross-origin isolation gives the page its finest clock (5 µs).
    res.writeHead(200, {
      'Content-Type': TYPES[path.slice(path.lastIndexOf('.'))] || 'text/html; charset=utf-8',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-store',
    });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
  })));
}

export async function launchChromium() {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Runs fn with the given browser, or with one launched (and closed) for it. */
export async function withBrowser(given, fn) {
  if (given) return fn(given);
  const browser = await launchChromium();
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

/** A fresh context (nothing compiled or cached is reused) whose page can reach only `origin`. */
export async function freshPage(browser, origin) {
  const context = await browser.newContext();
  // Flex asks Twilio's CDN for assets at import; offline, fail those at once.
  await context.route((url) => !url.href.startsWith(origin), (route) => route.abort());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err));
  return { context, page, errors };
}

export const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

// The per-call page times the browser module built with every decision when
// the build has one (see run.mjs), swapped in under the shim's own loader.
function fullModule(root) {
  const path = join(root, 'build-wasm', 'bench', 'cbvm-core.web-full.mjs');
  return existsSync(path) && existsSync(path.replace(/\.mjs$/, '.wasm')) ? path : null;
}

export async function browserFigures({ root, quick, fullCore = true, browser: given }) {
  let full = fullCore ? fullModule(root) : null;
  const entry = join(root, 'bench', 'browser-entry.mjs');
  let swapped = false;
  const swapCore = {
    name: 'full-core',
    setup(b) {
      b.onResolve({ filter: /cbvm-core\.web\.mjs$/ }, () => {
        swapped = true;
        return { path: full };
      });
    },
  };
  const shipped = join(root, 'js-shim', 'core', 'cbvm-core.web.wasm');
  const percall = await bundle(entry, { plugins: full ? [swapCore] : [] });
  if (!swapped) full = null; // the loader no longer imports the module by that name
  const server = await serve({
    '/': '<!doctype html><meta charset="utf-8"><title>core bench</title><script src="/load.js"></script>',
    '/percall.html': '<!doctype html><meta charset="utf-8"><title>core bench</title><script src="/percall.js"></script>',
    '/load.js': await bundle(entry),
    '/percall.js': percall,
    '/core.wasm': readFileSync(shipped),
    '/core-percall.wasm': readFileSync(full ? full.replace(/\.mjs$/, '.wasm') : shipped),
  });
  try {
    return await withBrowser(given, (browser) => measureCore(browser, server, { quick, full }));
  } finally {
    await server.close();
  }
}

async function measureCore(browser, server, { quick, full }) {
  const figures = [];
  const version = browser.version();
  const loads = [];
  const count = quick ? 5 : 20; // each cold page costs about 2 s here
  for (let i = 0; i < count; i++) {
    const { context, page } = await freshPage(browser, server.url);
    await page.goto(`${server.url}/`);
    loads.push(await page.evaluate(() => window.benchLoad('/core.wasm')));
    await context.close();
  }
  loads.sort((a, b) => a - b);
  figures.push({ name: 'load_chromium_median', value: round(percentile(loads, 0.5), 2), unit: 'ms', env: 'chromium', chromium: version, loads: count, cold: 'fresh browser context per load', settled: 'from 1.5 s after navigation start', from: 'loadCore({ wasmBinary })', to: 'first decision' });

  const { context, page } = await freshPage(browser, server.url);
  await page.goto(`${server.url}/percall.html`);
  const isolated = await page.evaluate(() => self.crossOriginIsolated);
  const rows = await page.evaluate(({ calls }) => window.benchPerCall('/core-percall.wasm', calls), { calls: quick ? 20000 : 100000 });
  const module = full ? 'browser module with every decision (bench build)' : 'shipped browser module (agent decisions only)';
  for (const row of rows) figures.push({ ...row, chromium: version, cross_origin_isolated: isolated, module });
  await context.close();
  return figures;
}
