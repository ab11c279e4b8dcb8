'use strict';
// What the agent sees when things go wrong: outbound dialing switched off for
// the account, and a recording whose media cannot be fetched (until it can).

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startE2E, eventually, taskItem, acceptTask } = require('./harness');
const { createCallback, createVoicemail } = require('../../local/src/seed');

let e2e;

before(async () => {
  e2e = await startE2E('errors');
});
after(() => e2e && e2e.close());
beforeEach(() => e2e.reset());

test('with outbound dialing disabled, Place Call Now is disabled and says why, and no call is placed', async () => {
  const agent = await e2e.agent('?outbound=off');
  try {
    await agent.getByTestId('outbound-disabled').waitFor();
    const taskSid = await createCallback(e2e.stack, { numberToCall: '+14155550166', numberToCallFrom: '+18005550100' });
    await taskItem(agent, taskSid).waitFor();
    const canvas = await acceptTask(agent, taskSid);
    const place = canvas.getByRole('button', { name: 'Place Call Now To +14155550166' });
    await place.waitFor();
    assert.equal(await place.isDisabled(), true, 'the core disables the call when no outbound flow is enabled');
    await canvas.getByText('Outbound dialing is not enabled for this account. Ask an administrator to enable it.').waitFor();
    assert.equal((await e2e.calls()).length, 0, 'no call was placed');
    assert.equal((await e2e.tasks()).length, 1, 'no outbound task exists');
    await e2e.screenshot(agent, 'outbound-disabled');
  } finally {
    await agent.context().close();
  }
});

test('a recording that cannot be fetched shows an error, and "Try again" recovers', async () => {
  const agent = await e2e.agent();
  try {
    const { taskSid, recordingSid } = await createVoicemail(e2e.stack, { numberToCall: '+14155550155', numberToCallFrom: '+18005550100' });
    await e2e.control('faults', { target: 'voice.recordings.media', statuses: [500] });
    await taskItem(agent, taskSid).waitFor();
    const canvas = await acceptTask(agent, taskSid);
    const panel = canvas.getByTestId('cbvm-panel');
    await panel.getByText('Error loading voicemail.').waitFor();
    assert.equal(await panel.locator('audio').count(), 0);
    await e2e.screenshot(agent, 'voicemail-error');

    await e2e.control('faults', undefined, 'DELETE');
    await panel.getByRole('button', { name: 'Try again' }).click();
    const audio = panel.locator('audio');
    await audio.waitFor();
    assert.match(await audio.getAttribute('src'), /^blob:/);
    const duration = await audio.evaluate((el) => (el.readyState >= 1 ? el.duration
      : new Promise((resolve) => el.addEventListener('loadedmetadata', () => resolve(el.duration), { once: true }))));
    assert.ok(duration > 8, `the recording loaded (${duration} s)`);
    const served = (await e2e.control('requests?kind=voice.recordings.media', undefined, 'GET')).body.requests
      .filter((r) => r.path.endsWith(`/Recordings/${recordingSid}.mp3`));
    assert.ok(served.some((r) => r.status === 500) && served.some((r) => r.status === 200), 'failed once, then served');
  } finally {
    await agent.context().close();
  }
});
