'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, control, rejection } = require('./helpers');

// https://www.twilio.com/docs/voice/api/recording-transcription
test('transcriptions: fetched, listed under their recording, and deleted (204, then 404)', async (t) => {
  const { emu, client } = await setup();
  t.after(() => emu.close());
  const rec = (await control(emu, 'POST', '/recordings', { duration: 3 })).body;
  const added = await control(emu, 'POST', '/transcriptions', { recordingSid: rec.sid, text: 'Please call me back' });
  assert.equal(added.status, 201);
  const trSid = added.body.sid;
  assert.match(trSid, /^TR[0-9a-f]{32}$/);

  const fetched = await client.transcriptions(trSid).fetch();
  assert.equal(fetched.transcriptionText, 'Please call me back');
  assert.equal(fetched.recordingSid, rec.sid);
  const listed = await client.recordings(rec.sid).transcriptions.list();
  assert.deepEqual(listed.map((x) => x.sid), [trSid]);

  assert.equal(await client.transcriptions(trSid).remove(), true);
  assert.equal((await rejection(client.transcriptions(trSid).fetch())).status, 404);
  assert.equal((await rejection(client.transcriptions(trSid).remove())).status, 404);
  // The recording itself is left to its own DELETE.
  assert.equal((await client.recordings(rec.sid).fetch()).sid, rec.sid);
});

test('transcriptions: one under another recording is not found there', async (t) => {
  const { emu, client } = await setup();
  t.after(() => emu.close());
  const a = (await control(emu, 'POST', '/recordings', {})).body;
  const b = (await control(emu, 'POST', '/recordings', {})).body;
  const tr = (await control(emu, 'POST', '/transcriptions', { recordingSid: a.sid })).body;
  assert.equal((await rejection(client.recordings(b.sid).transcriptions(tr.sid).remove())).status, 404);
  assert.equal(await client.recordings(a.sid).transcriptions(tr.sid).remove(), true);
});
