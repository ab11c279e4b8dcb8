#!/usr/bin/env node
'use strict';
// Serves the functions locally as `twilio-run start` does (same runtime handler,
// same .env parsing, live reload and a forked process per request by default),
// with one difference: the express app is wrapped by body-errors.js, so a body
// the runtime cannot parse is answered 4xx JSON with CORS instead of
// twilio-run's HTML error page. `npm start` (local/src/stack.js) and the bench
// run this; the tests wrap the same app in-process (test/helpers.js).
//
//   node dev/serve.js [--port 3000] [--env .env] [--dir <folder>] [--no-live] [--no-fork-process]
//
// --dir serves another folder's functions/ and assets/ (npm start serves the
// files of the build the deploy made, written out under serverless/.deployed/).
//
// Unlike twilio-run, files added while it runs are not picked up: restart it.

const http = require('http');
const path = require('path');
const { LocalDevelopmentServer } = require('@twilio/runtime-handler/dev');
const { getFunctionsAndAssets } = require('twilio-run/dist/runtime/internal/runtime-paths');
const { getEnvironment } = require('twilio-run/dist/config/start');
const { guardedApp } = require('./body-errors');

const SERVERLESS_DIR = path.join(__dirname, '..');

function parseArgs(argv) {
  const options = { port: Number(process.env.PORT) || 3000, env: '.env', dir: SERVERLESS_DIR, live: true, forkProcess: true };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value.`);
      i += 1;
      return argv[i];
    };
    if (arg === '--port') options.port = Number(value());
    else if (arg === '--env') options.env = value();
    else if (arg === '--dir') options.dir = path.resolve(value());
    else if (arg === '--no-live') options.live = false;
    else if (arg === '--no-fork-process') options.forkProcess = false;
    else throw new Error(`Unknown option ${arg}: use --port N, --env FILE, --dir FOLDER, --no-live, --no-fork-process.`);
  }
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
    throw new Error(`--port must be a TCP port number (got ${options.port}).`);
  }
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  // twilio-run's own reader, so an .env means here what it means to twilio-run start.
  const env = await getEnvironment({ env: options.env }, options.dir);
  // As twilio-run start does: the functions see the .env file, not this shell's variables.
  process.env = env;
  const url = `http://localhost:${options.port}`;
  const devServer = new LocalDevelopmentServer(options.port, {
    baseDir: options.dir,
    env,
    port: options.port,
    url,
    detailedLogs: false,
    live: options.live,
    logs: true,
    legacyMode: false,
    appName: 'twilio-run',
    forkProcess: options.forkProcess,
    routes: await getFunctionsAndAssets(options.dir),
    enableDebugLogs: false,
  });
  devServer.on('request-log', (message) => process.stdout.write(`${message}\n`));
  const server = http.createServer(guardedApp(devServer.getApp()));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, resolve);
  });
  process.stdout.write(`Functions served at ${url} (malformed bodies answered as JSON)\n`);
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections(); // keep-alive sockets would hold close() open
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
