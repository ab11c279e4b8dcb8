'use strict';
// Demo data for `npm start`: one callback and one voicemail (a playable
// recording in the emulator, with its transcript), both created through the
// create-callback function exactly as a Studio flow or Twilio's record and
// transcription callbacks would create them.

const crypto = require('node:crypto');
const fs = require('node:fs');
const { loadSample } = require('./caller');

const CREATE_CALLBACK = '/features/callback-and-voicemail/studio/create-callback';

async function postForm(url, params) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${new URL(url).pathname} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** Creates a callback task through create-callback; returns its task SID. */
async function createCallback(stack, { numberToCall, numberToCallFrom }) {
  const body = await postForm(`${stack.urls.functions}${CREATE_CALLBACK}`, { numberToCall, numberToCallFrom });
  return body.taskSid;
}

/** Uploads the sample recording and files it as a voicemail through create-callback. */
async function createVoicemail(stack, { numberToCall, numberToCallFrom, transcript }) {
  const sample = loadSample();
  const response = await fetch(`${stack.urls.emulator}/__control/recordings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ duration: sample.durationSec, audioBase64: fs.readFileSync(sample.audioPath).toString('base64') }),
  });
  if (!response.ok) throw new Error(`The emulator refused the recording (${response.status}).`);
  const recording = await response.json();
  const body = await postForm(`${stack.urls.functions}${CREATE_CALLBACK}`, {
    numberToCall,
    numberToCallFrom,
    RecordingSid: recording.sid,
    RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${stack.accountSid}/Recordings/${recording.sid}`,
    TranscriptionSid: `TR${crypto.randomBytes(16).toString('hex')}`,
    TranscriptionText: transcript || sample.transcript,
  });
  return { taskSid: body.taskSid, recordingSid: recording.sid };
}

async function seedDemo(stack) {
  const callback = await createCallback(stack, { numberToCall: '+14155550123', numberToCallFrom: '+18005550100' });
  const voicemail = await createVoicemail(stack, { numberToCall: '+442071838750', numberToCallFrom: '+18005550100' });
  return { callbackTaskSid: callback, voicemailTaskSid: voicemail.taskSid, recordingSid: voicemail.recordingSid };
}

module.exports = { seedDemo, createCallback, createVoicemail };
