// Load time and per-call cost of the browser module in headless Chromium.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { round } from './workloads.mjs';

const require = createRequire(import.meta.url);

async function bundle(root) {
  const esbuild = require('esbuild');
  const out = await esbuild.build({
    entryPoints: [join(root, 'bench', 'browser-entry.mjs')],
    bundle: true, format: 'iife', platform: 'browser', write: false, minify: true,
    logOverride: { 'empty-import-meta': 'silent' },
  });
  return out.outputFiles[0].contents;
}

function serve(root, script) {
  const wasm = readFileSync(join(root, 'js-shim', 'core', 'cbvm-core.web.wasm'));
  const fullWasm = readFileSync(join(root, 'build-wasm', 'bench', 'cbvm-core.web-full.wasm'));
  const files = {
    '/': ['text/html', '<!doctype html><meta charset="utf-8"><title>core bench</title><script src="/bench.js"></script>'],
    '/bench.js': ['text/javascript', script],
    '/cbvm-core.web.wasm': ['application/wasm', wasm],
    '/cbvm-core.web-full.wasm': ['application/wasm', fullWasm],
  };
  const server = createServer((req, res) => {
    const file = files[new URL(req.url, 'http://x').pathname];
    if (!file) return res.writeHead(404).end();
    // Cross-origin isolation gives the page its finest clock (5 µs).
    res.writeHead(200, {
      'Content-Type': file[0],
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-store',
    });
    res.end(file[1]);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function browserFigures({ root, quick }) {
  const { chromium } = require('playwright-core');
  const server = await serve(root, await bundle(root));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const figures = [];
    const loads = [];
    for (let i = 0; i < 20; i++) {
      const context = await browser.newContext();  // a fresh context: nothing compiled is reused
      const page = await context.newPage();
      await page.goto(url);
      loads.push(await page.evaluate(() => window.benchLoad()));
      await context.close();
    }
    loads.sort((a, b) => a - b);
    const version = browser.version();
    figures.push({ name: 'load_chromium_median', value: round(loads[10], 2), unit: 'ms', env: 'chromium', chromium: version, loads: 20, from: 'instantiation', to: 'first decision' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    const isolated = await page.evaluate(() => self.crossOriginIsolated);
    const rows = await page.evaluate((calls) => window.benchPerCall(calls), quick ? 20000 : 100000);
    for (const row of rows) figures.push({ ...row, chromium: version, cross_origin_isolated: isolated });
    await context.close();
    return figures;
  } finally {
    await browser.close();
    server.close();
  }
}
