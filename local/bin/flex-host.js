#!/usr/bin/env node
'use strict';
// The local Flex host alone (local/bin/local-stack.js starts it with the rest):
//   flex-host --port 8080 --emulator http://127.0.0.1:3001 --functions http://127.0.0.1:3000
//             [--plugin plugin/dist/plugin-callback-and-voicemail.js] [--feature-config <json>] [--via-studio] [--dev]
// It builds its browser files first (Flex UI only when missing or changed).

const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { createHostServer } = require('../src/host-server');
const stack = require('../src/stack');

function parseArgs(argv) {
  const out = { port: 8080, emulator: 'http://127.0.0.1:3001', functions: 'http://127.0.0.1:3000', plugin: stack.PATHS.pluginBundle, featureConfig: null, viaStudio: false, dev: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--dev') { out.dev = true; continue; }
    if (arg === '--via-studio') { out.viaStudio = true; continue; }
    const key = { '--port': 'port', '--emulator': 'emulator', '--functions': 'functions', '--plugin': 'plugin', '--feature-config': 'featureConfig' }[arg];
    if (!key || argv[i + 1] === undefined) throw new Error(`unknown or incomplete argument ${arg}`);
    out[key] = argv[(i += 1)];
  }
  out.port = Number(out.port);
  out.plugin = path.resolve(out.plugin);
  // The feature's Flex settings (the Flex configuration's, when the stack was deployed).
  out.featureConfig = out.featureConfig ? JSON.parse(out.featureConfig) : stack.FEATURE_CONFIG;
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { buildHost } = await import(pathToFileURL(path.join(__dirname, '..', 'build.mjs')).href);
  const built = await buildHost();
  console.log(`built host files (${built.ms} ms${built.flexBuilt ? ', Flex UI rebuilt' : ''})`);
  const { server } = createHostServer({
    emulatorUrl: args.emulator.replace(/\/+$/, ''),
    functionsUrl: args.functions.replace(/\/+$/, ''),
    pluginBundle: args.plugin,
    accountSid: stack.ACCOUNT_SID,
    authToken: stack.AUTH_TOKEN,
    workspaceSid: stack.WORKSPACE_SID,
    workflowSid: stack.WORKFLOW_SID,
    mainTimeZone: stack.MAIN_TIME_ZONE,
    featureConfig: args.featureConfig,
    viaStudio: args.viaStudio,
    development: args.dev,
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(args.port, '127.0.0.1', resolve);
  });
  console.log(`Flex host on http://127.0.0.1:${server.address().port} (caller panel: /caller)`);
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
