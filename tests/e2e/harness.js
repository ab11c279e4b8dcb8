'use strict';
// End-to-end harness: the local stack (emulator, functions, Flex host with the
// built plugin) on free ports, a headless Chromium driven by playwright-core,
// and small helpers to act as the caller and the agent. Artefacts (screenshots,
// the stack's logs) go to test-artifacts/e2e/.

const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');
const { startStack, PATHS } = require('../../local/src/stack');

const ROOT = path.resolve(__dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
];
/** The agent's browser zone: not the contact centre's, so the "System time" hint shows. */
const AGENT_TIME_ZONE = 'Europe/Paris';
const STEP_TIMEOUT_MS = 20000;

const localRequire = createRequire(path.join(ROOT, 'local', 'package.json'));
const { chromium } = localRequire('playwright-core');

/** Polls `probe` until it returns a truthy value (returned) or the time is up (throws). */
async function eventually(probe, { timeoutMs = STEP_TIMEOUT_MS, intervalMs = 100, what = 'the condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError = null;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

async function getJson(url, init) {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/**
 * Starts a stack and a browser for one test file. `suite` names its artefact
 * folders; `stackOptions` go to startStack (e.g. `warmFunctions`, or
 * `functionsExtraEnv: { CALLING_WINDOW: '…' }` for the suite's own functions
 * environment, which the deploy passes on as the service's variables). Close it in `after`.
 */
async function startE2E(suite, stackOptions = {}) {
  if (!fs.existsSync(PATHS.pluginBundle)) {
    throw new Error(`${path.relative(ROOT, PATHS.pluginBundle)} is missing: build the plugin first (npm run build -w plugin).`);
  }
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  const logDir = path.join(ARTIFACTS, 'logs', suite);
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  const stack = await startStack({ logDir, killOnSignals: true, ...stackOptions });
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS, // Playwright gives every launch a fresh, temporary user-data-dir
    });
  } catch (err) {
    await stack.stop();
    throw err;
  }
  const pages = [];
  const agentPages = [];
  const consoleLog = fs.createWriteStream(path.join(logDir, 'browser-console.log'));

  async function newPage(pathname) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, timezoneId: AGENT_TIME_ZONE, locale: 'en-US' });
    // Only the local stack exists: requests elsewhere (Flex's CDN assets) fail at once.
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on('console', (m) => consoleLog.write(`[${pathname}] ${m.type()}: ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[${pathname}] pageerror: ${e.stack || e.message}\n`));
    // The real Flex UI is a large page: on a busy 2-core machine its load alone can pass a step's timeout.
    await page.goto(`${stack.urls.flex}${pathname}`, { timeout: 60000 });
    pages.push(page);
    return page;
  }

  const e2e = {
    stack,
    browser,

    /** The agent desktop, once the host has loaded Flex and the plugin. */
    async agent(query = '') {
      const page = await newPage(`/${query}`);
      await page.locator('body[data-host-ready="true"]').waitFor({ timeout: 60000 });
      const status = await page.getByTestId('plugin-status').textContent();
      if (!/loaded/.test(status)) {
        const detail = await page.getByTestId('plugin-status').getAttribute('title');
        throw new Error(`The plugin did not load in the host: ${detail}`);
      }
      agentPages.push(page);
      return page;
    },

    /** The simulated caller panel. */
    caller() {
      return newPage('/caller');
    },

    /** Tasks in the emulator, attributes parsed. */
    async tasks() {
      const { body } = await getJson(`${stack.urls.emulator}/__control/tasks`);
      return body.tasks.map((t) => ({ ...t, attributes: JSON.parse(t.attributes) }));
    },

    async calls() {
      return (await getJson(`${stack.urls.emulator}/__control/calls`)).body.calls;
    },

    control(pathname, body, method = 'POST') {
      return getJson(`${stack.urls.emulator}/__control/${pathname}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },

    /**
     * Back to the emulator's start state between tests, keeping what the deploy
     * set up (workflow, functions, plugin release, Flex settings). The reset
     * forgets the Flex tokens it issued, so the open agent pages' tokens are
     * issued again.
     */
    async reset() {
      await e2e.control('reset', { keep: 'provisioned' });
      for (const page of agentPages.filter((p) => !p.isClosed())) {
        const { token, agent, roles } = await page.evaluate(() => window.__cbvmHost.config);
        await e2e.control('tokens', { token, identity: agent.identity, workerSid: agent.workerSid, roles: roles || ['agent'], expiresInSec: 3600 });
      }
    },

    /** Saves a screenshot of a page (or locator) as a test artefact. */
    async screenshot(target, name) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const file = path.join(ARTIFACTS, `${name}.png`);
      await target.screenshot({ path: file });
      return file;
    },

    async close() {
      for (const page of pages) await page.context().close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      consoleLog.end();
      await stack.stop();
    },
  };
  return e2e;
}

// ---- the caller ----

/** Puts a call into the queue from the caller panel; returns its call card. */
async function enterQueue(callerPage, from) {
  await callerPage.getByTestId('caller-from').fill(from);
  const before = await callerPage.getByTestId('call').count();
  await callerPage.getByTestId('enter-queue').click();
  await eventually(async () => (await callerPage.getByTestId('call').count()) > before, { what: 'the call card' });
  const call = callerPage.getByTestId('call').first();
  // The shipped Studio flow answers first with its menu; staying on the line
  // (its gather timing out) sends the call to Flex and into the queue. One
  // "keep waiting" per menu: on a slow machine more clicks would queue up and
  // play the wait loop again and again once the call is in the queue.
  await eventually(async () => {
    const state = (await call.getByTestId('call-state').textContent()).trim();
    if (state === 'in queue') return true;
    const stay = call.getByTestId('keep-waiting');
    if (state === 'connected' && (await stay.count()) > 0) {
      // Once, and until the call has moved on: on a busy machine a step takes seconds.
      const answered = callerPage.waitForResponse((r) => /\/caller\/api\/calls\/CA[0-9a-f]+\/wait$/.test(r.url()), { timeout: 30000 });
      await stay.click().catch(() => undefined);
      await answered.catch(() => undefined);
    }
    return false;
  }, { what: 'the call in the queue' });
  await call.getByTestId('keypad').waitFor();
  return call;
}

/** Presses keys on a call's keypad, then waits for the wait experience to answer. */
async function press(call, keys, { expect } = {}) {
  for (const key of keys) await call.getByTestId(`key-${key}`).click();
  if (expect) await call.getByTestId('call-log').getByText(expect, { exact: false }).last().waitFor();
}

// ---- the agent ----

function taskItem(agentPage, taskSid) {
  return agentPage.locator(`[data-testid="task-item"][data-task-sid="${taskSid}"]`);
}

/** Selects a task in the list and accepts it; returns the canvas. */
async function acceptTask(agentPage, taskSid) {
  await taskItem(agentPage, taskSid).click();
  const canvas = agentPage.locator(`[data-testid="task-canvas"][data-selected="${taskSid}"]`);
  await canvas.getByRole('button', { name: 'Accept', exact: true }).click();
  await canvas.locator('[data-testid="canvas-status"]', { hasText: 'assigned' }).waitFor();
  return canvas;
}

module.exports = {
  ARTIFACTS,
  AGENT_TIME_ZONE,
  startE2E,
  eventually,
  enterQueue,
  press,
  taskItem,
  acceptTask,
};
