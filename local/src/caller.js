'use strict';
// A simulated caller, driven the way Twilio's voice side drives the wait
// experience: the call enters the queue in the emulator, the queue's wait URL
// is requested with the call's parameters, <Redirect>s are followed, <Say>s are
// kept as text, a <Gather> waits for keypad digits, and a <Record> waits for a
// recording, which is uploaded to the emulator before the record action and the
// transcription callback are called. When the functions move the live call to
// another URL through the REST API, the caller follows it, as Twilio would.
// A call placed to a number wired to a Studio flow (callNumber) is first run by
// the emulator's flow engine: the caller hears its widgets, answers its menus
// and recordings through the control surface, and once Send to Flex has put
// the call in the queue, follows the flow's wait URL as above.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { parsePhoneNumberFromString } = require('libphonenumber-js');
const { parseTwiml } = require('./twiml');

const WAIT_PATH = '/features/callback-and-voicemail/studio/wait-experience';
const SAMPLE = path.join(__dirname, '..', 'assets', 'voicemail-sample.json');
const MAX_FETCHES_PER_STEP = 12;

function loadSample() {
  const manifest = JSON.parse(fs.readFileSync(SAMPLE, 'utf8'));
  return { ...manifest, audioPath: path.join(path.dirname(SAMPLE), manifest.file) };
}

function modeOf(url) {
  try {
    return new URL(url).searchParams.get('mode') || 'initialize';
  } catch {
    return null;
  }
}

async function readJson(response, what) {
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${text.slice(0, 300)}`);
  return body;
}

// The country Twilio names for a number (ISO 3166 alpha-2), as its voice
// requests carry it in ToCountry/FromCountry; undefined for a SIP address or an
// unknown number.
function countryOf(number) {
  return parsePhoneNumberFromString(String(number || ''))?.country;
}

/**
 * The parameters Twilio's voice side posts to a TwiML URL for an inbound call,
 * with the queue's while the call waits in one; `extra` adds or overrides.
 */
function voiceRequestParams({ accountSid, callSid, from, to, queueSid = null, enqueuedAt = Date.now(), extra = {} }) {
  const params = {
    AccountSid: accountSid,
    CallSid: callSid,
    From: from,
    Caller: from,
    To: to,
    Called: to,
    Direction: 'inbound',
    CallStatus: 'in-progress',
    ApiVersion: '2010-04-01',
  };
  // Twilio adds the numbers' countries to voice requests when it knows them:
  // https://www.twilio.com/docs/usage/webhooks/voice-webhooks (ToCountry, FromCountry, …)
  const toCountry = countryOf(to);
  if (toCountry) Object.assign(params, { ToCountry: toCountry, CalledCountry: toCountry });
  const fromCountry = countryOf(from);
  if (fromCountry) Object.assign(params, { FromCountry: fromCountry, CallerCountry: fromCountry });
  if (queueSid) {
    Object.assign(params, {
      QueueSid: queueSid,
      QueuePosition: '1',
      CurrentQueueSize: '1',
      QueueTime: String(Math.max(0, Math.round((Date.now() - enqueuedAt) / 1000))),
      AvgQueueTime: '0',
    });
  }
  return { ...params, ...extra };
}

class SimulatedCaller {
  constructor({ emulatorUrl, functionsUrl, accountSid, inbound, from, to }) {
    this.emulatorUrl = emulatorUrl;
    this.functionsUrl = functionsUrl;
    this.accountSid = accountSid;
    this.callSid = inbound.callSid;
    this.queueSid = inbound.queueSid;
    this.taskSid = inbound.taskSid;
    this.from = from;
    this.to = to;
    this.inQueue = true;
    this.currentUrl = null;
    this.enqueuedAt = Date.now();
    this.log = [];
    this.pending = null;
    this.ended = false;
    this.busy = Promise.resolve();
  }

  /** Puts a new call into the queue of the workflow and starts its wait experience. */
  static async dial({ emulatorUrl, functionsUrl, accountSid, from, to, workflowSid }) {
    const response = await fetch(`${emulatorUrl}/__control/calls`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ from, to, workflowSid }),
    });
    const inbound = await readJson(response, 'The emulator');
    const caller = new SimulatedCaller({ emulatorUrl, functionsUrl, accountSid, inbound, from, to });
    caller.note('system', `Calling ${to} from ${from}: the call enters the queue (task ${inbound.taskSid}).`);
    await caller.serialize(() => caller.fetchAndRun(`${functionsUrl}${WAIT_PATH}?mode=initialize`, new Set()));
    return caller;
  }

  /**
   * Calls one of the account's numbers. When its VoiceUrl is a Studio flow's
   * webhook URL, the emulator runs the flow's published revision and the caller
   * follows it until it needs the caller (a menu, a recording) or the call waits
   * in the queue, where the flow's wait URL takes over.
   */
  static async callNumber({ emulatorUrl, functionsUrl, accountSid, from, to }) {
    const response = await fetch(`${emulatorUrl}/__control/inbound-calls`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ from, to }),
    });
    const placed = await readJson(response, 'The emulator');
    if (!placed.studio) throw new Error(`${to} is not wired to a Studio flow (its VoiceUrl is ${placed.voiceUrl || 'empty'}).`);
    const inbound = { callSid: placed.callSid, queueSid: null, taskSid: null };
    const caller = new SimulatedCaller({ emulatorUrl, functionsUrl, accountSid, inbound, from, to });
    caller.inQueue = false;
    caller.studioHeard = 0;
    caller.note('system', `Calling ${to} from ${from}: Studio flow ${placed.flowSid} (revision ${placed.revision}) answers.`);
    await caller.serialize(() => caller.followStudio(placed));
    return caller;
  }

  // Takes the flow engine's view of the call: what was heard since the last
  // step, and what the flow now waits for.
  async followStudio(step) {
    for (const h of step.heard.slice(this.studioHeard)) this.note(h.kind, h.text);
    this.studioHeard = step.heard.length;
    const awaiting = step.awaiting;
    if (step.status !== 'active' || !awaiting) {
      this.pending = null;
      if (['completed', 'canceled', 'failed'].includes(step.callStatus)) {
        this.ended = true;
        this.note('system', 'The flow ended and the call with it.');
      }
      return;
    }
    if (awaiting.type === 'gather') {
      this.pending = { type: 'gather', studio: true, attrs: { numDigits: awaiting.numDigits, finishOnKey: awaiting.finishOnKey }, rest: [] };
    } else if (awaiting.type === 'record') {
      this.pending = { type: 'record', studio: true, attrs: { finishOnKey: awaiting.finishOnKey }, rest: [] };
    } else if (awaiting.type === 'enqueued') {
      Object.assign(this, { queueSid: awaiting.queueSid, taskSid: awaiting.taskSid, inQueue: true, enqueuedAt: Date.now() });
      this.note('system', `Send to Flex: the call enters the queue (task ${awaiting.taskSid}).`);
      if (awaiting.waitUrl) await this.fetchAndRun(new URL(awaiting.waitUrl, this.functionsUrl).toString(), new Set(), {}, awaiting.waitUrlMethod);
      else this.pending = { type: 'hold', rest: [] };
    }
  }

  async studioTurn(action, body = {}) {
    const response = await fetch(`${this.emulatorUrl}/__control/calls/${this.callSid}/studio/${action}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    await this.followStudio(await readJson(response, 'The emulator'));
  }

  note(kind, text) {
    if (!text || !String(text).trim()) return;
    this.log.push({ kind, text, at: new Date().toISOString() });
  }

  // One step at a time per call, as a phone line is.
  serialize(step) {
    const run = this.busy.then(step, step);
    this.busy = run.catch(() => undefined);
    return run;
  }

  callParams(extra = {}) {
    return voiceRequestParams({
      accountSid: this.accountSid,
      callSid: this.callSid,
      from: this.from,
      to: this.to,
      queueSid: this.inQueue ? this.queueSid : null,
      enqueuedAt: this.enqueuedAt,
      extra,
    });
  }

  async requestTwiml(url, extra = {}, method = 'POST') {
    const params = new URLSearchParams(this.callParams(extra));
    const target = new URL(url);
    let response;
    if (String(method).toUpperCase() === 'GET') {
      for (const [k, v] of params) target.searchParams.append(k, v);
      response = await fetch(target);
    } else {
      response = await fetch(target, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: params.toString(),
      });
    }
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${target.pathname}?mode=${modeOf(url)} answered ${response.status}: ${text.slice(0, 300)}`);
    return parseTwiml(text);
  }

  async fetchAndRun(url, visited, extra = {}, method = 'POST') {
    if (visited.size >= MAX_FETCHES_PER_STEP) {
      this.note('system', 'Too many redirects in one step; the caller stops here.');
      return;
    }
    visited.add(modeOf(url));
    const verbs = await this.requestTwiml(url, extra, method);
    await this.run(verbs, visited);
  }

  // Plays verbs until the call needs the caller (digits, a recording, more
  // waiting) or ends. A redirect back to a mode already played in this step is
  // where a real caller would simply keep listening: it waits there.
  async run(verbs, visited) {
    this.pending = null;
    for (let i = 0; i < verbs.length; i += 1) {
      const verb = verbs[i];
      switch (verb.name) {
        case 'Say':
          this.note('say', verb.text);
          break;
        case 'Play':
          this.note('play', `♪ ${verb.text}`);
          break;
        case 'Pause':
          this.note('pause', `(pause ${verb.attrs.length || 1} s)`);
          break;
        case 'Gather':
          for (const child of verb.children) {
            if (child.name === 'Say') this.note('say', child.text);
            else if (child.name === 'Play') this.note('play', `♪ ${child.text}`);
          }
          this.pending = { type: 'gather', attrs: verb.attrs, rest: verbs.slice(i + 1) };
          return;
        case 'Record':
          this.note('record', '(beep) Recording: speak after the tone.');
          this.pending = { type: 'record', attrs: verb.attrs, rest: verbs.slice(i + 1) };
          return;
        case 'Redirect': {
          const target = new URL(verb.text, this.functionsUrl).toString();
          if (visited.has(modeOf(target))) {
            this.pending = { type: 'hold', rest: verbs.slice(i) };
            return;
          }
          await this.fetchAndRun(target, visited, {}, verb.attrs.method);
          return;
        }
        case 'Hangup':
          await this.end('The wait experience hung up.');
          return;
        default:
          this.note('system', `(<${verb.name}> is not simulated)`);
      }
    }
    if (await this.followMovedCall(visited)) return;
    if (this.inQueue) this.pending = { type: 'hold', rest: [] };
    else await this.end('The TwiML ended, so the call ended.');
  }

  // The functions may move the live call with the REST API (calls.update Url=…):
  // Twilio then leaves the queue and requests the new URL.
  async followMovedCall(visited) {
    const response = await fetch(`${this.emulatorUrl}/__control/calls/${this.callSid}`);
    const call = await readJson(response, 'The emulator');
    if (['completed', 'canceled', 'failed'].includes(call.status)) {
      this.ended = true;
      this.pending = null;
      this.note('system', `The call was ended (${call.status}).`);
      return true;
    }
    if (call.current_url && call.current_url !== this.currentUrl) {
      this.currentUrl = call.current_url;
      this.inQueue = false;
      this.note('system', `The call left the queue for ${modeOf(call.current_url)}.`);
      await this.fetchAndRun(call.current_url, new Set([...visited].filter((m) => m !== modeOf(call.current_url))), {}, call.updates.at(-1)?.method);
      return true;
    }
    return false;
  }

  async end(reason) {
    this.pending = null;
    if (this.ended) return;
    this.ended = true;
    this.note('system', reason);
    await fetch(`${this.emulatorUrl}/__control/calls/${this.callSid}/hangup`, { method: 'POST' }).catch(() => undefined);
  }

  /** Answers the waiting <Gather> with keypad digits (without its finish key). */
  press(digits) {
    return this.serialize(async () => {
      if (!this.pending || this.pending.type !== 'gather') throw new Error('Nothing is listening for keypad digits right now.');
      const text = String(digits);
      if (!/^[0-9*#]+$/.test(text)) throw new Error('Digits are 0-9, * and #.');
      const { attrs } = this.pending;
      this.note('caller', `Pressed ${text}`);
      if (this.pending.studio) {
        await this.studioTurn('digits', { digits: text });
        return;
      }
      const action = new URL(attrs.action || '', this.functionsUrl).toString();
      await this.fetchAndRun(action, new Set(), { Digits: text }, attrs.method);
      await this.afterStep();
    });
  }

  /** Lets the <Gather> time out (or keeps holding): the TwiML after it plays. */
  keepWaiting() {
    return this.serialize(async () => {
      if (!this.pending || !['gather', 'hold'].includes(this.pending.type)) throw new Error('The call is not waiting.');
      this.note('caller', '(keeps waiting)');
      if (this.pending.studio) {
        await this.studioTurn('timeout');
        return;
      }
      const { rest } = this.pending;
      if (rest.length === 0 && this.inQueue) await this.fetchAndRun(`${this.functionsUrl}${WAIT_PATH}?mode=main-wait-loop&skipGreeting=true`, new Set());
      else await this.run(rest, new Set());
      await this.afterStep();
    });
  }

  /**
   * Answers the waiting <Record>: uploads the sample recording to the emulator,
   * then calls the record action and the transcription callback as Twilio would.
   */
  leaveRecording({ transcript } = {}) {
    return this.serialize(async () => {
      if (!this.pending || this.pending.type !== 'record') throw new Error('Nothing is recording right now.');
      const { attrs } = this.pending;
      const sample = loadSample();
      const text = transcript === undefined || transcript === null || transcript === '' ? sample.transcript : String(transcript);
      if (this.pending.studio) {
        this.note('caller', `Left a ${sample.durationSec} s voicemail.`);
        await this.studioTurn('recording', {
          duration: sample.durationSec, audioBase64: fs.readFileSync(sample.audioPath).toString('base64'), transcript: text,
        });
        return;
      }
      const uploaded = await readJson(await fetch(`${this.emulatorUrl}/__control/recordings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ callSid: this.callSid, duration: sample.durationSec, audioBase64: fs.readFileSync(sample.audioPath).toString('base64') }),
      }), 'The emulator');
      const recordingSid = uploaded.sid;
      const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${this.accountSid}/Recordings/${recordingSid}`;
      this.note('caller', `Left a ${sample.durationSec} s voicemail (recording ${recordingSid}).`);
      const finishKey = attrs.finishOnKey ? attrs.finishOnKey[0] : 'hangup';
      const recorded = {
        RecordingSid: recordingSid,
        RecordingUrl: recordingUrl,
        RecordingDuration: String(sample.durationSec),
        Digits: finishKey,
      };
      if (attrs.action) {
        await this.fetchAndRun(new URL(attrs.action, this.functionsUrl).toString(), new Set(), recorded, attrs.method);
      } else {
        await this.run(this.pending.rest, new Set());
      }
      if (attrs.transcribeCallback) {
        const transcriptionSid = `TR${crypto.randomBytes(16).toString('hex')}`;
        const response = await fetch(new URL(attrs.transcribeCallback, this.functionsUrl), {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            ...this.callParams({ CallStatus: 'completed' }),
            RecordingSid: recordingSid,
            RecordingUrl: recordingUrl,
            TranscriptionSid: transcriptionSid,
            TranscriptionText: text,
            TranscriptionStatus: 'completed',
            TranscriptionUrl: `https://api.twilio.com/2010-04-01/Accounts/${this.accountSid}/Transcriptions/${transcriptionSid}`,
            TranscriptionType: 'fast',
          }).toString(),
        });
        const body = await response.text();
        if (response.status !== 200) throw new Error(`The transcription callback answered ${response.status}: ${body.slice(0, 300)}`);
        this.note('system', `Transcription delivered: "${text}"`);
      }
    });
  }

  /** The caller hangs up. */
  hangUp() {
    return this.serialize(() => this.end('The caller hung up.'));
  }

  async afterStep() {
    if (!this.ended && !this.pending) await this.followMovedCall(new Set());
  }

  view() {
    const pending = this.pending
      ? {
        type: this.pending.type,
        finishOnKey: this.pending.type === 'gather' ? (this.pending.attrs.finishOnKey ?? '#') : undefined,
        numDigits: this.pending.attrs && this.pending.attrs.numDigits ? Number(this.pending.attrs.numDigits) : undefined,
      }
      : null;
    return {
      callSid: this.callSid,
      taskSid: this.taskSid,
      from: this.from,
      to: this.to,
      inQueue: this.inQueue,
      ended: this.ended,
      awaiting: this.ended ? null : pending,
      log: this.log,
    };
  }
}

/** The calls of the caller panel, by call SID. */
class CallerDesk {
  constructor(options) {
    this.options = options;
    this.calls = new Map();
  }

  // With `viaStudio` (the stack was deployed, its number wired to the shipped
  // Studio flow), a call runs the flow first, as a real call would.
  async dial({ from, to }) {
    if (this.options.viaStudio) return this.callNumber({ from, to });
    const caller = await SimulatedCaller.dial({ ...this.options, from, to });
    this.calls.set(caller.callSid, caller);
    return caller;
  }

  get(callSid) {
    const caller = this.calls.get(callSid);
    if (!caller) {
      const err = new Error(`No simulated call ${callSid}.`);
      err.status = 404;
      throw err;
    }
    return caller;
  }

  /** Calls a number wired to a Studio flow (see SimulatedCaller.callNumber). */
  async callNumber({ from, to }) {
    const caller = await SimulatedCaller.callNumber({ ...this.options, from, to });
    this.calls.set(caller.callSid, caller);
    return caller;
  }

  list() {
    return [...this.calls.values()].reverse().map((c) => c.view());
  }
}

module.exports = { SimulatedCaller, CallerDesk, loadSample, voiceRequestParams, WAIT_PATH };
