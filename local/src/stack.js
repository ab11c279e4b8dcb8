'use strict';
// Runs the product on one machine: the Twilio REST emulator, the Twilio
// Functions (twilio-run's server, aimed at the emulator) and the Flex host, each as its
// own process group so that stopping the stack leaves nothing behind. Used by
// `npm start` (bin/local-stack.js) and by the end-to-end tests.

const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { provision, addNumber, deployedDir } = require('./rehearsal');

const ROOT = path.resolve(__dirname, '..', '..');
const PATHS = {
  root: ROOT,
  emulatorBin: path.join(ROOT, 'emulator', 'bin', 'twilio-emulator.js'),
  serverless: path.join(ROOT, 'serverless'),
  // twilio-run's server wrapped so that unparsable bodies get JSON, as in the tests.
  functionsServer: path.join(ROOT, 'serverless', 'dev', 'serve.js'),
  vendorCore: path.join(ROOT, 'serverless', 'scripts', 'vendor-core.js'),
  hostBin: path.join(ROOT, 'local', 'bin', 'flex-host.js'),
  pluginBundle: path.join(ROOT, 'plugin', 'dist', 'plugin-callback-and-voicemail.js'),
};

const ACCOUNT_SID = 'AC' + '0'.repeat(32);
const AUTH_TOKEN = '0'.repeat(32);
const WORKSPACE_SID = 'WS' + '0'.repeat(32);
const WORKFLOW_SID = 'WW' + '0'.repeat(32);

/** The Flex configuration the host gives the plugin, and the functions' matching limits. */
const FEATURE_CONFIG = Object.freeze({ enabled: true, allow_requeue: true, max_attempts: 3, auto_select_task: true });
const MAIN_TIME_ZONE = 'America/New_York';
const { CONTACT_CENTRE_NUMBER } = require('./host-server');

/** Returns a TCP port that was free a moment ago on 127.0.0.1. */
// Ports handed out by this process, so two servers of one run never share one.
const handedOut = new Set();

function bindable(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

// The first port of the kernel's range for outgoing connections (32768 on Linux).
function ephemeralStart() {
  try {
    const [low] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && low > 11000) return low;
  } catch {
    // not Linux: the usual start
  }
  return 32768;
}

/**
 * A free port below the range the kernel gives outgoing connections: a port
 * from that range (what listen(0) answers) can be taken by any connection the
 * deploy or a test opens before the server that was meant to have it starts.
 */
async function freePort() {
  const high = ephemeralStart() - 1;
  const low = high - 10000;
  for (let i = 0; i < 50; i += 1) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (handedOut.has(port) || !(await bindable(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`No free TCP port between ${low} and ${high} after 50 tries.`);
}

function portFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name} must be a TCP port number (got "${raw}").`);
  return port;
}

/** The ports `npm start` uses: EMULATOR_PORT, FUNCTIONS_PORT, FLEX_PORT, or 3001, 3000, 8080. */
function portsFromEnv() {
  return {
    emulator: portFromEnv('EMULATOR_PORT', 3001),
    functions: portFromEnv('FUNCTIONS_PORT', 3000),
    flex: portFromEnv('FLEX_PORT', 8080),
  };
}

function assertPortFree(port, name) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () => reject(new Error(`Port ${port} (${name}) is in use: stop what uses it or choose another port with ${name}=<port>.`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Polls a URL until it answers at all (any HTTP status), the child exits, or time runs out.
async function waitForHttp(url, child, { timeoutMs = 30000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${child.label} exited (${child.exitCode ?? child.signalCode}) before answering at ${url}; see ${child.logFile}`);
    }
    try {
      // A slow answer is still an answer: on a loaded machine a forked function
      // can take seconds, and a probe that hangs up early makes the dev
      // runtime's reply fail with EPIPE, which ends the functions' process.
      const response = await fetch(url, { signal: AbortSignal.timeout(Math.max(2000, Math.min(15000, deadline - Date.now()))) });
      await response.arrayBuffer();
      return;
    } catch {
      await sleep(150);
    }
  }
  throw new Error(`${child.label} did not answer at ${url} within ${timeoutMs} ms; see ${child.logFile}`);
}

/**
 * Starts a child in its own process group, its output appended to a log file
 * (and echoed with a prefix when `echo` is set).
 */
function startChild(label, args, { cwd, env, logDir, echo }) {
  const logFile = path.join(logDir, `${label}.log`);
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.label = label;
  child.logFile = logFile;
  const forward = (chunk) => {
    fs.writeSync(log, chunk);
    if (echo) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) process.stdout.write(`[${label}] ${line}\n`);
    }
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  child.on('exit', () => {
    try { fs.closeSync(log); } catch { /* already closed */ }
  });
  return child;
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

// Stops a child's whole process group: SIGTERM, then SIGKILL if it lingers.
async function stopChild(child, { graceMs = 3000 } = {}) {
  if (!child || !child.pid) return;
  signalGroup(child.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(child.pid) && Date.now() < deadline) await sleep(50);
  if (groupAlive(child.pid)) signalGroup(child.pid, 'SIGKILL');
  while (groupAlive(child.pid) && Date.now() < deadline + 2000) await sleep(50);
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

// Whether serverless/assets/vendor is older than the built core it copies.
function vendoredCoreIsStale() {
  const vendored = ['cbvm-core.private.js', 'cbvm-core.private.wasm'].map((f) => mtime(path.join(PATHS.serverless, 'assets', 'vendor', f)));
  if (vendored.includes(null)) return true;
  const shim = path.join(ROOT, 'js-shim');
  const sources = [path.join(shim, 'src', 'api.cjs'), path.join(shim, 'core', 'cbvm-core.node.cjs'), path.join(shim, 'core', 'cbvm-core.node.wasm')]
    .map(mtime)
    .filter((t) => t !== null);
  return sources.some((t) => t > Math.min(...vendored));
}

/**
 * Writes the core into serverless/assets/vendor, as twilio-run serves it from
 * there; only when stale, so stacks started side by side do not rewrite files
 * another stack's functions are reading.
 */
function vendorCore() {
  if (!vendoredCoreIsStale()) return;
  const result = spawnSync(process.execPath, [PATHS.vendorCore], { cwd: PATHS.serverless, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`Could not vendor the core for the functions:\n${result.stderr || result.stdout}`);
}

function functionsEnv({ emulatorUrl, functionsUrl, flexUrl, extra = {} }) {
  return {
    ACCOUNT_SID,
    AUTH_TOKEN,
    TWILIO_FLEX_WORKSPACE_SID: WORKSPACE_SID,
    TWILIO_FLEX_CALLBACK_WORKFLOW_SID: WORKFLOW_SID,
    CALLBACK_MAIN_TIME_ZONE: MAIN_TIME_ZONE,
    CALLBACK_MAX_ATTEMPTS: String(FEATURE_CONFIG.max_attempts),
    TWILIO_SERVICE_RETRY_LIMIT: '3',
    TWILIO_SERVICE_MIN_BACKOFF: '20',
    TWILIO_SERVICE_MAX_BACKOFF: '200',
    SERVICE_BASE_URL: functionsUrl,
    TWILIO_API_BASE_URL: emulatorUrl,
    FLEX_TOKEN_VALIDATION_BASE_URL: emulatorUrl,
    // Booking confirmations by SMS, from the contact centre's number (the caller page shows them).
    CALLBACK_SMS_FROM: CONTACT_CENTRE_NUMBER,
    // Each new voicemail is mailed to the team through the emulator's SendGrid
    // (GET /__control/mails), with a signed link that opens this stack's desktop.
    VOICEMAIL_NOTIFY_TO: JSON.stringify({ '*': 'team@example.com' }),
    VOICEMAIL_NOTIFY_FROM: 'voicemail@example.com',
    SENDGRID_API_KEY: 'SG.local-emulator',
    SENDGRID_API_BASE_URL: `${emulatorUrl}/sendgrid`,
    VOICEMAIL_LINK_SECRET: crypto.randomBytes(24).toString('base64url'),
    ...(flexUrl ? { VOICEMAIL_LINK_TARGET: `${flexUrl}/?task={taskSid}` } : {}),
    ...extra,
  };
}

// The deploy's env file for a rehearsal: the emulator's account, the functions'
// settings, and the feature's Flex settings as FEATURE_CONFIG has them.
function deployEnv({ functionsEnv: fnEnv, pluginBundle }) {
  return {
    ...fnEnv,
    CBVM_PLUGIN_BUNDLE: pluginBundle,
    FLEX_ALLOW_REQUEUE: String(FEATURE_CONFIG.allow_requeue),
    FLEX_AUTO_SELECT_TASK: String(FEATURE_CONFIG.auto_select_task),
    CALLBACK_RETRY_DELAYS: '2:10,3:60',
    // Calls to the contact centre run the shipped Studio flow.
    CBVM_PHONE_NUMBERS: CONTACT_CENTRE_NUMBER,
  };
}

function writeEnvFile(file, env) {
  const lines = Object.entries(env).map(([k, v]) => `${k}=${String(v).replace(/\n/g, ' ')}`);
  fs.writeFileSync(file, `# Generated by local/src/stack.js for a local run; do not edit.\n${lines.join('\n')}\n`);
}

/**
 * Starts emulator, functions and (unless withHost is false) the host. `ports`
 * values of 0 pick free ports.
 * Returns the URLs, the children and `stop()`; a failure part-way stops what started.
 */
async function startStack({
  ports = { emulator: 0, functions: 0, flex: 0 },
  logDir,
  echo = false,
  // The functions' environment beyond the stack's own (e.g. CALLING_WINDOW for one
  // test suite); when deployed, it goes through the deploy into the service's variables.
  functionsExtraEnv = {},
  pluginBundle = PATHS.pluginBundle,
  killOnSignals = false,
  withHost = true,
  // twilio-run reloads the functions and forks a process for every request by
  // default (handy while editing them); a deployed service answers from warm
  // instances that keep their modules, which `warmFunctions: true` emulates.
  warmFunctions = false,
  // Provision through `npm run deploy` against the emulator and run what it
  // deployed (local/src/rehearsal.js); false serves serverless/ as it is.
  deployed = true,
} = {}) {
  const resolved = {};
  for (const [name, port] of Object.entries({ emulator: ports.emulator, functions: ports.functions, flex: ports.flex })) {
    if (port) await assertPortFree(port, { emulator: 'EMULATOR_PORT', functions: 'FUNCTIONS_PORT', flex: 'FLEX_PORT' }[name]);
    resolved[name] = port || (await freePort());
  }
  const runDir = logDir || fs.mkdtempSync(path.join(os.tmpdir(), 'cbvm-local-'));
  fs.mkdirSync(runDir, { recursive: true });
  const urls = {
    emulator: `http://127.0.0.1:${resolved.emulator}`,
    functions: `http://127.0.0.1:${resolved.functions}`,
    flex: `http://127.0.0.1:${resolved.flex}`,
  };
  const children = [];
  const stack = {
    ports: resolved,
    urls,
    logDir: runDir,
    children,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    workspaceSid: WORKSPACE_SID,
    workflowSid: WORKFLOW_SID,
    // The workflow callbacks are created in: the deploy's (or WORKFLOW_SID when not deployed).
    callbackWorkflowSid: WORKFLOW_SID,
    deployment: null,
    cleanups: [],
    stopped: false,
    async stop() {
      if (stack.stopped) return;
      stack.stopped = true;
      process.removeListener('exit', killAllNow);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      await Promise.all(children.map((c) => stopChild(c)));
      for (const cleanup of stack.cleanups) {
        try { cleanup(); } catch { /* best effort */ }
      }
    },
  };
  // Last resort if this process ends without stop(): no group outlives it.
  function killAllNow() {
    for (const c of children) signalGroup(c.pid, 'SIGKILL');
  }
  process.on('exit', killAllNow);
  // A signal ends Node without 'exit' handlers; a caller with no handling of
  // its own (a test run interrupted by Ctrl-C) asks for this one.
  function onSignal(signal) {
    killAllNow();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  }
  if (killOnSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  try {
    vendorCore();
    const emulator = startChild('emulator', [PATHS.emulatorBin, '--port', String(resolved.emulator)], { cwd: ROOT, env: {}, logDir: runDir, echo });
    children.push(emulator);
    await waitForHttp(`${urls.emulator}/__control/health`, emulator);

    let envForFunctions = functionsEnv({ emulatorUrl: urls.emulator, functionsUrl: urls.functions, flexUrl: urls.flex, extra: functionsExtraEnv });
    let functionsDir = PATHS.serverless;
    let hostBundle = pluginBundle;
    let featureConfig = FEATURE_CONFIG;
    if (deployed) {
      const log = fs.openSync(path.join(runDir, 'deploy.log'), 'a');
      const out = (line) => {
        fs.writeSync(log, `${line}\n`);
        if (echo) process.stdout.write(`[deploy] ${line}\n`);
      };
      try {
        await addNumber(urls.emulator, CONTACT_CENTRE_NUMBER);
        const provisioned = await provision({
          emulatorUrl: urls.emulator,
          functionsUrl: urls.functions,
          env: deployEnv({ functionsEnv: envForFunctions, pluginBundle }),
          runDir,
          functionsDir: deployedDir(resolved.functions),
          log: out,
        });
        ({ functionsDir, pluginBundle: hostBundle, featureConfig } = provisioned);
        envForFunctions = provisioned.functionsEnv;
        stack.deployment = provisioned.state;
        stack.callbackWorkflowSid = provisioned.state.workflowSid;
        stack.cleanups.push(() => fs.rmSync(functionsDir, { recursive: true, force: true }));
      } finally {
        fs.closeSync(log);
      }
    }
    if (!deployed) {
      // The deploy wires the number's texts; without it, the number is added here with its SmsUrl.
      await addNumber(urls.emulator, CONTACT_CENTRE_NUMBER, { smsUrl: `${urls.functions}/features/callback-and-voicemail/sms/inbound` });
    }
    const envFile = path.join(runDir, 'functions.env');
    writeEnvFile(envFile, envForFunctions);
    const functions = startChild(
      'functions',
      [PATHS.functionsServer, '--port', String(resolved.functions), '--env', envFile, '--dir', functionsDir,
        ...(warmFunctions ? ['--no-live', '--no-fork-process'] : [])],
      { cwd: PATHS.serverless, env: {}, logDir: runDir, echo },
    );
    children.push(functions);

    if (!withHost) {
      await waitForHttp(`${urls.functions}/features/callback-and-voicemail/flex/fetch-voicemail`, functions, { timeoutMs: 60000 });
      return stack;
    }
    const host = startChild(
      'flex-host',
      [
        PATHS.hostBin,
        '--port', String(resolved.flex),
        '--emulator', urls.emulator,
        '--functions', urls.functions,
        '--plugin', hostBundle,
        '--feature-config', JSON.stringify(featureConfig),
        ...(deployed ? ['--via-studio'] : []),
      ],
      { cwd: ROOT, env: {}, logDir: runDir, echo },
    );
    children.push(host);

    await Promise.all([
      waitForHttp(`${urls.functions}/features/callback-and-voicemail/flex/fetch-voicemail`, functions, { timeoutMs: 60000 }),
      waitForHttp(`${urls.flex}/health`, host, { timeoutMs: 180000 }),
    ]);
  } catch (err) {
    await stack.stop();
    throw err;
  }
  return stack;
}

module.exports = {
  PATHS,
  ACCOUNT_SID,
  AUTH_TOKEN,
  WORKSPACE_SID,
  WORKFLOW_SID,
  FEATURE_CONFIG,
  MAIN_TIME_ZONE,
  startStack,
  portsFromEnv,
  freePort,
};
