'use strict';
// Screenshots of the agent's panel in the real host: each state the panel can
// be in, the dark theme, and each of the plugin's locales. They are test
// artefacts for people to look at (test-artifacts/screenshots/); with
// CBVM_SCREENSHOTS=docs the few the READMEs show are refreshed in
// docs/screenshots/ too. `npm test` skips this file (it loads Flex a dozen
// times); run it with `npm run screenshots`.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const MODE = process.env.CBVM_SCREENSHOTS || '';
const ENABLED = ['1', 'docs'].includes(MODE);
// Skipped, this file costs nothing: the stack and the browser are loaded only when enabled.
const load = (id) => (ENABLED ? require(id) : {});
const { startE2E, eventually, taskItem, acceptTask } = load('./harness');
const { createCallback, createVoicemail } = load('../../local/src/seed');
const { ACCOUNT_SID, AUTH_TOKEN, WORKSPACE_SID } = load('../../local/src/stack');

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'test-artifacts', 'screenshots');
const DOCS = path.join(ROOT, 'docs', 'screenshots');
/** Shots the READMEs show (small crops of the panel). */
const FOR_DOCS = new Set(['callback-pending', 'calling-now', 'last-attempt', 'outbound-off', 'voicemail-dark', 'locale-th', 'locale-zh-Hans',
  'callbacks-view', 'callbacks-view-scheduled', 'callbacks-view-cancel']);
const LOCALES = ['en-US', 'es-MX', 'es-ES', 'pt-BR', 'th', 'zh-Hans'];
const FROM = '+18005550100';
const VIEWPORT = { width: 960, height: 820 };

describe('panel screenshots', { skip: !ENABLED && 'set CBVM_SCREENSHOTS=1 (npm run screenshots)' }, () => {
  let e2e;
  let agent;
  const tasks = {};

  before(async () => {
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });
    // Warm functions (no process forked per request): the pictures, not the forking, are the point.
    e2e = await startE2E('screenshots', { warmFunctions: true });
  });
  after(() => e2e && e2e.close());

  async function openAgent(query = '') {
    const page = await e2e.agent(query);
    await page.setViewportSize(VIEWPORT);
    return page;
  }

  /** The whole desktop, and one element of it (the crop the docs use). */
  async function shootElement(page, name, element) {
    await element.waitFor();
    // Let Paste's transitions and the audio element's layout settle.
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(OUT, `${name}.desktop.png`) });
    const file = path.join(OUT, `${name}.png`);
    await element.screenshot({ path: file });
    if (MODE === 'docs' && FOR_DOCS.has(name)) {
      fs.mkdirSync(DOCS, { recursive: true });
      fs.copyFileSync(file, path.join(DOCS, `${name}.png`));
    }
  }

  /** The whole desktop, and the info panel alone. */
  const shoot = (page, name) => shootElement(page, name, page.getByTestId('info-panel'));

  /** Rewrites a task's attributes through the TaskRouter REST API, as another system could. */
  async function editAttributes(taskSid, edit) {
    const task = (await e2e.tasks()).find((t) => t.sid === taskSid);
    const response = await fetch(`${e2e.stack.urls.emulator}/taskrouter/v1/Workspaces/${WORKSPACE_SID}/Tasks/${taskSid}`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ Attributes: JSON.stringify(edit(task.attributes)) }).toString(),
    });
    assert.equal(response.status, 200, await response.text());
  }

  async function accept(page, taskSid) {
    await taskItem(page, taskSid).waitFor();
    const canvas = await acceptTask(page, taskSid);
    return canvas.getByTestId('cbvm-panel');
  }

  async function select(page, taskSid) {
    await taskItem(page, taskSid).click();
    const panel = page.locator(`[data-testid="task-canvas"][data-selected="${taskSid}"]`).getByTestId('cbvm-panel');
    await panel.waitFor();
    return panel;
  }

  test('each state of the panel', async () => {
    agent = await openAgent();

    tasks.callback = await createCallback(e2e.stack, { numberToCall: '+14155550101', numberToCallFrom: FROM });
    let panel = await accept(agent, tasks.callback);
    await panel.getByText('Callback attempt 1 of 3', { exact: true }).waitFor();
    await shoot(agent, 'callback-pending');

    await panel.getByRole('button', { name: /Place Call Now/ }).click();
    const outbound = await eventually(async () => (await e2e.tasks()).find((t) => t.attributes.parentTask === tasks.callback && t.assignment_status === 'assigned'), {
      what: 'the outbound call task',
    });
    await agent.locator(`[data-testid="task-canvas"][data-selected="${outbound.sid}"]`).waitFor();
    panel = await select(agent, tasks.callback);
    await panel.getByText(/— calling now$/).waitFor();
    await shoot(agent, 'calling-now');

    await taskItem(agent, outbound.sid).click();
    await agent.getByRole('button', { name: 'Hang up' }).click();
    panel = await select(agent, tasks.callback);
    await panel.getByText(/— called at /).waitFor();
    await shoot(agent, 'called');

    tasks.last = await createCallback(e2e.stack, { numberToCall: '+14155550102', numberToCallFrom: FROM });
    await editAttributes(tasks.last, (a) => ({ ...a, callBackData: { ...a.callBackData, attempts: 2 } }));
    panel = await accept(agent, tasks.last);
    await panel.getByText('Callback attempt 3 of 3', { exact: true }).waitFor();
    await panel.getByTestId('cbvm-retry-later-hint').waitFor();
    await shoot(agent, 'last-attempt');

    tasks.bare = await createCallback(e2e.stack, { numberToCall: '+14155550103', numberToCallFrom: FROM });
    await editAttributes(tasks.bare, ({ callBackData, ...rest }) => rest);
    panel = await accept(agent, tasks.bare);
    await panel.getByTestId('cbvm-no-callback-data').waitFor();
    await shoot(agent, 'no-callback-details');

    const voicemail = await createVoicemail(e2e.stack, { numberToCall: '+442071838750', numberToCallFrom: FROM });
    tasks.voicemail = voicemail.taskSid;
    panel = await accept(agent, tasks.voicemail);
    await panel.locator('audio').waitFor({ timeout: 60000 });
    await shoot(agent, 'voicemail');

    tasks.off = await createCallback(e2e.stack, { numberToCall: '+14155550104', numberToCallFrom: FROM });
    await agent.context().close();
    agent = await openAgent('?outbound=off');
    panel = await accept(agent, tasks.off);
    await panel.getByTestId('cbvm-place-call-hint').waitFor();
    await shoot(agent, 'outbound-off');
    await agent.context().close();
  });

  test('the dark theme', async () => {
    const page = await openAgent('?theme=dark');
    const panel = await select(page, tasks.voicemail);
    await panel.locator('audio').waitFor({ timeout: 60000 });
    const color = await panel.getByRole('heading', { level: 4 }).evaluate((el) => getComputedStyle(el).color);
    assert.notEqual(color, 'rgb(18, 28, 45)', 'the heading is not drawn in the light theme\'s text colour');
    await shoot(page, 'voicemail-dark');
    await page.context().close();
  });

  test('each locale', async () => {
    const headings = new Map();
    for (const locale of LOCALES) {
      const page = await openAgent(`?locale=${locale}`);
      assert.equal(await page.evaluate(() => document.documentElement.lang), locale);
      assert.equal(await page.getByTestId('locale').inputValue(), locale);
      const panel = await select(page, tasks.voicemail);
      await panel.locator('audio').waitFor({ timeout: 60000 });
      headings.set(locale, await panel.getByRole('heading', { level: 4 }).innerText());
      await shoot(page, `locale-${locale}`);
      await page.context().close();
    }
    for (const locale of LOCALES.slice(1)) {
      assert.notEqual(headings.get(locale), headings.get('en-US'), `the ${locale} panel is translated (${headings.get(locale)})`);
    }
  });

  test('the callbacks view', async () => {
    // One callback held until tomorrow, so the Scheduled list has a row.
    const { body: clock } = await e2e.control('clock', {});
    const due = new Date(Math.ceil((Date.parse(clock.now) + 24 * 3600 * 1000) / (30 * 60 * 1000)) * 30 * 60 * 1000).toISOString();
    const response = await fetch(`${e2e.stack.urls.functions}/features/callback-and-voicemail/studio/create-callback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ numberToCall: '+14155550105', numberToCallFrom: FROM, scheduledFor: due }).toString(),
    });
    assert.equal(response.status, 200, await response.text());
    const waiting = await createCallback(e2e.stack, { numberToCall: '+14155550106', numberToCallFrom: FROM });
    const voicemail = await createVoicemail(e2e.stack, { numberToCall: '+442071838751', numberToCallFrom: FROM });

    const page = await openAgent('?role=supervisor');
    await page.setViewportSize({ width: 1280, height: 820 });
    await page.getByTestId('side-nav').getByRole('button', { name: 'Callbacks' }).click();
    const view = page.getByTestId('cbvm-callbacks-view');
    await view.getByTestId(`cbvm-row-${waiting}`).waitFor();
    await view.getByTestId(`cbvm-row-${voicemail.taskSid}`).waitFor();
    await shootElement(page, 'callbacks-view', view);

    await view.getByRole('button', { name: 'Scheduled' }).click();
    await view.getByText('+14155550105').waitFor();
    await shootElement(page, 'callbacks-view-scheduled', view);

    await view.getByRole('button', { name: 'Waiting' }).click();
    await view.getByTestId(`cbvm-row-${waiting}`).getByRole('button', { name: 'Cancel' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Reason/).fill('Customer reached us by email');
    await shootElement(page, 'callbacks-view-cancel', view);
    await page.context().close();
  });
});
