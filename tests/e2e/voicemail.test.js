'use strict';
// A caller leaves a voicemail from the queue; the agent sees the Voicemail
// task, plays the recording (fetched through fetch-voicemail) and reads the
// transcript, then deletes the recording. The team was mailed once, with a
// link to the voicemail rather than the audio.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startE2E, eventually, enterQueue, press, taskItem, acceptTask } = require('./harness');

const CALLER = '+14155550177';
const TRANSCRIPT = 'Hi, this is Sam. My order 4417 arrived damaged; please call me back this afternoon.';
let e2e;
let agent;
let caller;

before(async () => {
  e2e = await startE2E('voicemail');
  agent = await e2e.agent();
  caller = await e2e.caller();
});
after(() => e2e && e2e.close());

test('a voicemail left in the queue plays in the agent\'s panel with its transcript', async () => {
  const call = await enterQueue(caller, CALLER);
  await press(call, ['*'], { expect: 'To leave a voicemail, press 2' });
  await press(call, ['2']);
  await call.getByTestId('recorder').waitFor();
  assert.equal(await call.getByTestId('call-state').innerText(), 'connected', 'the call left the queue to record');
  await call.getByTestId('transcript-input').fill(TRANSCRIPT);
  await call.getByTestId('leave-recording').click();
  await call.getByTestId('call-log').getByText('Your message has been recorded').waitFor();
  await call.getByTestId('call-log').getByText('Transcription delivered').waitFor();

  const voicemail = await eventually(async () => (await e2e.tasks()).find((t) => t.attributes.taskType === 'voicemail'), { what: 'the voicemail task' });
  const recordingSid = voicemail.attributes.callBackData.recordingSid;
  assert.match(recordingSid, /^RE[0-9a-f]{32}$/);
  assert.equal(voicemail.attributes.callBackData.transcriptText, TRANSCRIPT);

  const item = taskItem(agent, voicemail.sid);
  await item.waitFor();
  assert.equal(await item.getAttribute('data-channel'), 'voicemail');
  assert.equal(await item.getByTestId('task-title').innerText(), `${CALLER} · Voicemail · Everyone`);

  const fetched = agent.waitForResponse((r) => r.url().includes('/flex/fetch-voicemail') && r.request().method() === 'POST');
  const canvas = await acceptTask(agent, voicemail.sid);
  const response = await fetched;
  assert.equal(response.status(), 200);
  const panel = canvas.getByTestId('cbvm-panel');
  await panel.getByText('Contact Voicemail').waitFor();

  const audio = panel.locator('audio');
  await audio.waitFor();
  const src = await audio.getAttribute('src');
  assert.match(src, /^blob:/, 'the recording is played from the fetched bytes');
  const playback = await audio.evaluate(async (element) => {
    if (element.readyState < 1) await new Promise((resolve, reject) => {
      element.addEventListener('loadedmetadata', resolve, { once: true });
      element.addEventListener('error', () => reject(new Error(`media error ${element.error && element.error.code}`)), { once: true });
    });
    element.muted = true;
    await element.play();
    await new Promise((resolve) => element.addEventListener('timeupdate', resolve, { once: true }));
    const state = { duration: element.duration, playing: !element.paused, currentTime: element.currentTime };
    element.pause();
    element.currentTime = 0;
    element.muted = false;
    return state;
  });
  assert.ok(playback.duration > 8 && playback.duration < 12, `a ten-second recording (got ${playback.duration} s)`);
  assert.ok(playback.playing, 'it plays');

  const text = await panel.innerText();
  assert.match(text, /Voicemail transcript\s+Hi, this is Sam\. My order 4417 arrived damaged/);
  assert.match(text, new RegExp(`Contact phone\\s+\\${CALLER}`));
  const mediaRequests = (await e2e.control('requests?kind=voice.recordings.media', undefined, 'GET')).body.requests;
  assert.ok(mediaRequests.some((r) => r.path.endsWith(`/Recordings/${recordingSid}.mp3`) && r.status === 200), 'the function fetched the media from Twilio');
  await e2e.screenshot(agent, 'voicemail-panel');

  // One mail to the team (the local stack's VOICEMAIL_NOTIFY_TO), carrying a link, not the recording.
  const mails = await eventually(async () => {
    const all = (await e2e.control('mails', undefined, 'GET')).body.mails;
    return all.length > 0 && all;
  }, { what: 'the notification mail' });
  assert.equal(mails.length, 1, 'one mail for one voicemail');
  const mail = JSON.stringify(mails[0].message);
  assert.match(mail, /team@example\.com/);
  assert.match(mail, new RegExp(CALLER.replace('+', '\\+')));
  assert.doesNotMatch(mail, new RegExp(recordingSid), 'a link, not the recording');
  const link = /https?:\/\/[^\s"<>\\]+voicemail-link[^\s"<>\\]*/.exec(mail);
  assert.ok(link, `the mail carries the voicemail's link: ${mail}`);
  const opened = await fetch(link[0].replace(/&amp;/g, '&'), { redirect: 'manual' });
  assert.ok([302, 303].includes(opened.status), `the link opens the voicemail (${opened.status})`);
  assert.match(opened.headers.get('location') || '', new RegExp(`^${e2e.stack.urls.flex}/`), 'on this stack\'s desktop');

  // The agent deletes the recording: confirmed, gone from Twilio, and the panel says so.
  const recordingsBefore = (await e2e.control('state', undefined, 'GET')).body.counts.recordings;
  await panel.getByRole('button', { name: 'Delete recording' }).click();
  const deleted = agent.waitForResponse((r) => r.url().includes('/flex/delete-voicemail') && r.request().method() === 'POST');
  await panel.getByRole('button', { name: 'Delete', exact: true }).click();
  assert.equal((await deleted).status(), 200);
  await panel.getByText('The recording of this voicemail has been deleted.').waitFor();
  assert.equal(await panel.locator('audio').count(), 0);
  assert.equal((await e2e.control('state', undefined, 'GET')).body.counts.recordings, recordingsBefore - 1, 'the recording is gone from Twilio');
  const deletes = (await e2e.control('requests?kind=voice.recordings.delete', undefined, 'GET')).body.requests;
  assert.ok(deletes.some((r) => r.path.endsWith(`/Recordings/${recordingSid}.json`) && r.status === 204), 'the function deleted that recording');
  const marked = await eventually(async () => {
    const task = (await e2e.tasks()).find((t) => t.sid === voicemail.sid);
    return task && task.attributes.callBackData.isDeleted === true && task;
  }, { what: 'the task marked isDeleted' });
  assert.equal(marked.attributes.callBackData.recordingSid, recordingSid);
});
