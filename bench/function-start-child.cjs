'use strict';
// One cold start of a Twilio Function in a fresh process: require
// create-callback with the Functions runtime's `Runtime` global, then load the
// core as the function does (common/core loadCore: the vendored assets). Prints
// the milliseconds from this file's first line, measured here. Run by
// function-start.mjs.
const t0 = process.hrtime.bigint();
const fs = require('fs');
const path = require('path');

const SERVERLESS = path.join(__dirname, '..', 'serverless');
const FUNCTIONS = path.join(SERVERLESS, 'functions');
const ASSETS = path.join(SERVERLESS, 'assets');
const ms = (t) => Number(t - t0) / 1e6;

// What the runtime gives each function: its siblings and assets by route,
// without the .private/.protected suffix.
function routes(dir, key, base = '') {
  const out = {};
  for (const entry of fs.readdirSync(path.join(dir, base), { withFileTypes: true })) {
    const rel = path.posix.join(base, entry.name);
    if (entry.isDirectory()) Object.assign(out, routes(dir, key, rel));
    else out[key(rel.replace(/\.(private|protected)(?=\.[^.]+$)/, ''))] = { path: path.join(dir, rel) };
  }
  return out;
}
const functions = routes(FUNCTIONS, (rel) => rel.replace(/\.js$/, ''));
const assets = routes(ASSETS, (rel) => `/${rel}`);
global.Runtime = { getFunctions: () => functions, getAssets: () => assets };

const handler = require(functions['features/callback-and-voicemail/studio/create-callback'].path);
if (typeof handler.handler !== 'function') throw new Error('create-callback exports no handler');
const required = process.hrtime.bigint();
require(functions['common/core'].path).loadCore().then((core) => {
  const ready = process.hrtime.bigint();
  if (typeof core.buildCallbackTask !== 'function') throw new Error('the core has no buildCallbackTask');
  process.stdout.write(`${JSON.stringify({ requireMs: ms(required), coreMs: Number(ready - required) / 1e6, totalMs: ms(ready) })}\n`);
});
