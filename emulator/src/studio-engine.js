'use strict';

// Runs Studio flows for incoming calls: a call to a number whose VoiceUrl is a
// flow's webhook URL starts an Execution of the flow's latest published
// revision, which walks the widgets from the trigger. The simulated caller
// drives it through the control surface: it reads what the call hears and what
// the flow waits for (digits, a recording), answers, and, once Send to Flex has
// put the call in the queue, follows the wait URL as it does for any queued call.
//
// Widgets run: trigger, say-play, gather-input-on-call, split-based-on,
// set-variables, run-function, record-voicemail, send-to-flex. Any other widget
// ends the execution with a note saying so.
// https://www.twilio.com/docs/studio/widget-library

const { newSid, isoDate } = require('./store');
const { TwilioError, notFound, badRequest } = require('./http');
const voice = require('./voice');
const { render } = require('./liquid');
const { findIncomingNumber } = require('./numbers');
const { flowsOf, executionsOf, publishedDefinition, parseWebhookUrl } = require('./studio');
const { resolveServiceUrl } = require('./service-hosts');

const MAX_STEPS_PER_TURN = 200;
// Run Function gives up after 10 s: https://www.twilio.com/docs/studio/widget-library/run-function
const FUNCTION_TIMEOUT_MS = 10000;
const DTMF = /^[0-9*#]+$/;

// ---------- the execution ----------

function voiceParams(store, call, extra = {}) {
  return {
    AccountSid: store.accountSid,
    CallSid: call.sid,
    From: call.from,
    Caller: call.from,
    To: call.to,
    Called: call.to,
    Direction: 'inbound',
    CallStatus: call.status,
    ApiVersion: '2010-04-01',
    ...extra,
  };
}

function hear(exec, kind, text) {
  if (text === undefined || text === null || String(text).trim() === '') return;
  exec.heard.push({ kind, text: String(text), widget: exec.current, at: isoDate(Date.now()) });
}

function widgetOf(exec, name) {
  const widget = exec.definition.states.find((s) => s.name === name);
  if (!widget) throw new Error(`the flow has no widget ${name}`);
  return widget;
}

function nextFor(widget, event) {
  const t = (widget.transitions || []).find((x) => x.event === event);
  return t && t.next ? t.next : null;
}

const props = (widget) => widget.properties || {};
const rendered = (exec, value) => render(value, exec.context);

// ---------- widgets ----------

function sayPlay(exec, widget) {
  const p = props(widget);
  const loop = p.loop === undefined ? 1 : Number(p.loop);
  const times = loop > 1 ? ` (×${loop})` : '';
  if (p.say) hear(exec, 'say', rendered(exec, p.say) + times);
  if (p.play) hear(exec, 'play', `♪ ${rendered(exec, p.play)}${times}`);
  if (p.digits) hear(exec, 'system', `(plays the tones ${rendered(exec, p.digits)})`);
  return { event: 'audioComplete' };
}

function gather(exec, widget) {
  const p = props(widget);
  if (p.say) hear(exec, 'say', rendered(exec, p.say));
  if (p.play) hear(exec, 'play', `♪ ${rendered(exec, p.play)}`);
  return {
    wait: {
      type: 'gather',
      numDigits: p.number_of_digits === undefined ? null : Number(p.number_of_digits),
      finishOnKey: p.finish_on_key === undefined ? '#' : String(p.finish_on_key),
      timeout: p.timeout === undefined ? 5 : Number(p.timeout),
    },
  };
}

function recordVoicemail(exec, widget) {
  const p = props(widget);
  if (String(p.play_beep) !== 'false') hear(exec, 'system', '(beep)');
  return {
    wait: {
      type: 'record',
      finishOnKey: p.finish_on_key === undefined ? '#' : String(p.finish_on_key),
      maxLength: p.max_length === undefined ? 3600 : Number(p.max_length),
      timeout: p.timeout === undefined ? 5 : Number(p.timeout),
      transcribe: p.transcribe === true || p.transcribe === 'true',
    },
  };
}

function setVariables(exec, widget) {
  for (const v of props(widget).variables || []) {
    if (v && v.key) exec.context.flow.variables[v.key] = rendered(exec, v.value === undefined ? '' : String(v.value));
  }
  return { event: 'next' };
}

// Split Based On: each `match` transition's conditions are tested in order
// against their argument (the widget's input when none); the first transition
// whose conditions all hold is taken, else noMatch.
// https://www.twilio.com/docs/studio/widget-library/split-based-on
const PREDICATES = {
  equal_to: (s, v) => s === v,
  not_equal_to: (s, v) => s !== v,
  matches_any_of: (s, v) => listOf(v).includes(s),
  does_not_match_any_of: (s, v) => !listOf(v).includes(s),
  is_blank: (s) => s.trim() === '',
  is_not_blank: (s) => s.trim() !== '',
  contains: (s, v) => s.includes(v),
  does_not_contain: (s, v) => !s.includes(v),
  starts_with: (s, v) => s.startsWith(v),
  does_not_start_with: (s, v) => !s.startsWith(v),
  regex: (s, v) => new RegExp(v).test(s),
  greater_than: (s, v) => Number(s) > Number(v),
  less_than: (s, v) => Number(s) < Number(v),
};

function listOf(value) {
  return String(value).split(',').map((x) => x.trim());
}

function splitBasedOn(exec, widget) {
  const input = rendered(exec, props(widget).input || '');
  for (const t of widget.transitions || []) {
    if (t.event !== 'match' || !Array.isArray(t.conditions) || t.conditions.length === 0) continue;
    const holds = t.conditions.every((c) => {
      const predicate = PREDICATES[c.type];
      if (!predicate) throw new Error(`split-based-on condition ${c.type} is not run by the emulator`);
      const subject = Array.isArray(c.arguments) && c.arguments.length ? rendered(exec, String(c.arguments[0])) : input;
      return predicate(String(subject), rendered(exec, c.value === undefined || c.value === null ? '' : String(c.value)));
    });
    if (holds) return { next: t.next || null };
  }
  return { event: 'noMatch' };
}

// Run Function: a POST of the rendered parameters, form-encoded; a 2xx answer
// is `success`, anything else (or no answer) `fail`. The answer is kept as
// widgets.<name>.status_code, .body, .content_type and, for JSON, .parsed.
async function runFunction(controller, exec, widget) {
  const p = props(widget);
  const url = resolveServiceUrl(controller.store, rendered(exec, p.url || ''));
  const form = new URLSearchParams();
  for (const param of p.parameters || []) {
    if (param && param.key) form.append(param.key, rendered(exec, param.value === undefined ? '' : String(param.value)));
  }
  const result = { status_code: null, body: '', content_type: null };
  exec.context.widgets[widget.name] = result;
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      signal: AbortSignal.timeout(FUNCTION_TIMEOUT_MS),
    });
  } catch (err) {
    result.body = `The function could not be reached: ${err.message}`;
    hear(exec, 'system', `(run-function ${widget.name}: ${result.body})`);
    return { event: 'fail' };
  }
  result.status_code = response.status;
  result.content_type = response.headers.get('content-type');
  result.body = await response.text();
  if (String(result.content_type || '').includes('json')) {
    try { result.parsed = JSON.parse(result.body); } catch { /* not JSON after all */ }
  }
  return { event: response.ok ? 'success' : 'fail' };
}

// Send to Flex for a call: the call's task is created in the workflow with the
// widget's attributes (added to the call's own), and the call waits in the
// workflow's queue, hearing the wait URL (or hold music).
// https://www.twilio.com/docs/studio/widget-library/send-flex
function sendToFlex(controller, exec, widget) {
  const p = props(widget);
  const call = controller.store.calls.get(exec.callSid);
  let attributes = {};
  const text = rendered(exec, p.attributes || '');
  if (text.trim() !== '') {
    try {
      attributes = JSON.parse(text);
    } catch (err) {
      hear(exec, 'system', `(send-to-flex ${widget.name}: the attributes are not JSON: ${err.message})`);
      return { event: 'failedToEnqueue' };
    }
  }
  const workflowSid = rendered(exec, p.workflow || '');
  if (!workflowSid) {
    hear(exec, 'system', `(send-to-flex ${widget.name}: no workflow)`);
    return { event: 'failedToEnqueue' };
  }
  const numberOrUndefined = (v) => (v === undefined || v === '' ? undefined : rendered(exec, String(v)));
  let enqueued;
  try {
    enqueued = controller.simulateInboundCall({
      callSid: call.sid,
      existingCall: true,
      workflowSid,
      taskChannel: rendered(exec, p.channel || '') || 'voice',
      attributes,
      priority: numberOrUndefined(p.priority),
      timeout: numberOrUndefined(p.timeout),
    });
  } catch (err) {
    hear(exec, 'system', `(send-to-flex ${widget.name}: ${err.message})`);
    return { event: 'failedToEnqueue' };
  }
  // Twilio requests the wait URL itself: at the local server running the service, when there is one.
  const waitUrl = resolveServiceUrl(controller.store, rendered(exec, p.waitUrl || p.wait_url || '')) || null;
  const waitUrlMethod = String(p.waitUrlMethod || p.wait_url_method || 'POST').toUpperCase();
  exec.enqueued = { taskSid: enqueued.taskSid, queueSid: enqueued.queueSid, workflowSid: enqueued.workflowSid };
  if (!waitUrl) hear(exec, 'play', '♪ (Twilio\'s default hold music)');
  return { wait: { type: 'enqueued', waitUrl, waitUrlMethod, ...exec.enqueued } };
}

async function runWidget(controller, exec, widget) {
  switch (widget.type) {
    case 'trigger': return { event: 'incomingCall' };
    case 'say-play': return sayPlay(exec, widget);
    case 'gather-input-on-call': return gather(exec, widget);
    case 'record-voicemail': return recordVoicemail(exec, widget);
    case 'set-variables': return setVariables(exec, widget);
    case 'split-based-on': return splitBasedOn(exec, widget);
    case 'run-function': return runFunction(controller, exec, widget);
    case 'send-to-flex': return sendToFlex(controller, exec, widget);
    default: throw new Error(`the widget type ${widget.type} is not run by the emulator`);
  }
}

// Studio ends a voice call when its flow ends, unless the call waits in a queue.
function finish(controller, exec, reason) {
  exec.status = 'ended';
  exec.pending = null;
  exec.dateUpdated = controller.store.nowMs();
  if (reason) hear(exec, 'system', reason);
  const call = controller.store.calls.get(exec.callSid);
  if (call && !call.queueSid && !['completed', 'canceled', 'failed', 'busy', 'no-answer'].includes(call.status)) {
    voice.endCall(controller.store, call, 'completed');
    hear(exec, 'system', 'The flow ended, so the call was hung up.');
  }
}

// Walks from `name` until a widget waits for the caller or the flow ends.
async function walk(controller, exec, name) {
  let steps = 0;
  let current = name;
  while (current) {
    steps += 1;
    if (steps > MAX_STEPS_PER_TURN) {
      finish(controller, exec, `(the flow ran ${MAX_STEPS_PER_TURN} widgets without waiting for the caller: stopped)`);
      return;
    }
    exec.current = current;
    const widget = widgetOf(exec, current);
    let outcome;
    try {
      outcome = await runWidget(controller, exec, widget);
    } catch (err) {
      finish(controller, exec, `(${widget.name}: ${err.message})`);
      return;
    }
    if (outcome.wait) {
      exec.pending = { ...outcome.wait, widget: widget.name };
      exec.dateUpdated = controller.store.nowMs();
      return;
    }
    current = outcome.event ? nextFor(widget, outcome.event) : outcome.next;
  }
  finish(controller, exec, null);
}

// The call may have moved on without the flow: hung up, or redirected out of
// Studio's TwiML through the REST API (as the wait experience does for a voicemail).
function sync(controller, exec) {
  if (exec.status !== 'active') return;
  const call = controller.store.calls.get(exec.callSid);
  if (!call || ['completed', 'canceled', 'failed', 'busy', 'no-answer'].includes(call.status)) {
    exec.status = 'ended';
    exec.pending = null;
    hear(exec, 'system', 'The call ended, and with it the execution.');
  } else if (call.url) {
    exec.status = 'ended';
    exec.pending = null;
    hear(exec, 'system', `The call left the flow for ${call.url}.`);
  }
}

function view(controller, exec) {
  sync(controller, exec);
  const call = controller.store.calls.get(exec.callSid);
  return {
    callSid: exec.callSid,
    executionSid: exec.sid,
    flowSid: exec.flowSid,
    revision: exec.revision,
    status: exec.status,
    callStatus: call ? call.status : null,
    widget: exec.current,
    awaiting: exec.status === 'active' ? exec.pending : null,
    heard: exec.heard.map((h) => ({ ...h })),
    enqueued: exec.enqueued || null,
  };
}

function executionOfCall(controller, callSid) {
  const call = controller.store.calls.get(callSid);
  if (!call) throw notFound(`call ${callSid}`);
  const exec = call.studioExecutionSid && executionsOf(controller.store).get(call.studioExecutionSid);
  if (!exec) throw notFound(`Studio execution of call ${callSid}`);
  return exec;
}

// One turn at a time per execution, as a phone line is.
async function turn(controller, callSid, expected, act) {
  const exec = executionOfCall(controller, callSid);
  sync(controller, exec);
  if (exec.status !== 'active') throw new TwilioError(409, 20409, `The execution ${exec.sid} has ended.`);
  if (exec.busy) throw new TwilioError(409, 20409, 'The flow is still running the previous step.');
  if (!exec.pending || !expected.includes(exec.pending.type)) {
    throw new TwilioError(409, 20409, `The flow is not waiting for that (it waits for: ${exec.pending ? exec.pending.type : 'nothing'}).`);
  }
  exec.busy = true;
  try {
    const widget = widgetOf(exec, exec.pending.widget);
    const waiting = exec.pending;
    let after;
    try {
      exec.pending = null;
      after = await act(exec, widget);
    } catch (err) {
      exec.pending = waiting; // a refused answer leaves the flow waiting
      throw err;
    }
    await walk(controller, exec, nextFor(widget, after.event));
    if (after.afterwards) await after.afterwards();
  } finally {
    exec.busy = false;
  }
  return view(controller, exec);
}

// ---------- operations ----------

/**
 * A call from `from` to the account's number `to`. When the number's VoiceUrl
 * is a flow's webhook URL, the flow's latest published revision runs until it
 * waits for the caller; otherwise the answer names the URL to request.
 */
async function placeCall(controller, input = {}) {
  const store = controller.store;
  const to = String(input.to || '');
  const number = findIncomingNumber(store, to);
  if (!number) throw notFound(`incoming phone number ${to} (add it with IncomingPhoneNumbers or the seed)`);
  if (input.callSid !== undefined && store.calls.has(input.callSid)) throw badRequest(`call ${input.callSid} already exists`);
  const hook = parseWebhookUrl(number.voiceUrl);
  if (!hook) {
    const call = voice.addCall(store, { sid: input.callSid, from: input.from, to });
    return { callSid: call.sid, studio: false, voiceUrl: number.voiceUrl || null, voiceMethod: number.voiceMethod };
  }
  const flow = hook.accountSid === store.accountSid ? flowsOf(store).get(hook.flowSid) : null;
  if (!flow) throw badRequest(`the VoiceUrl of ${to} names a flow this account does not have: ${number.voiceUrl}`);
  const definition = publishedDefinition(flow);
  if (!definition) throw badRequest(`flow ${flow.sid} has no published revision: publish it first`);
  const call = voice.addCall(store, { sid: input.callSid, from: input.from, to });
  const now = store.nowMs();
  const exec = {
    sid: newSid('FN'),
    flowSid: flow.sid,
    revision: flow.publishedRevision,
    definition,
    callSid: call.sid,
    contactAddress: call.from,
    status: 'active',
    current: null,
    pending: null,
    heard: [],
    enqueued: null,
    busy: false,
    dateCreated: now,
    dateUpdated: now,
    // What Liquid sees: https://www.twilio.com/docs/studio/user-guide/liquid-template-language
    context: {
      trigger: { call: voiceParams(store, call) },
      widgets: {},
      flow: {
        flow_sid: flow.sid,
        sid: null,
        channel: { address: call.to },
        variables: {},
      },
      contact: { channel: { address: call.from } },
    },
  };
  exec.context.flow.sid = exec.sid;
  executionsOf(store).set(exec.sid, exec);
  call.studioExecutionSid = exec.sid;
  const trigger = widgetOf(exec, definition.initial_state);
  exec.current = trigger.name;
  exec.busy = true;
  try {
    await walk(controller, exec, nextFor(trigger, 'incomingCall'));
  } finally {
    exec.busy = false;
  }
  return { ...view(controller, exec), studio: true };
}

function callStep(controller, callSid) {
  return view(controller, executionOfCall(controller, callSid));
}

/** Keypad digits (or speech) for the waiting Gather Input On Call widget. */
function sendDigits(controller, callSid, { digits, speech } = {}) {
  if (speech === undefined && (typeof digits !== 'string' || !DTMF.test(digits))) {
    return Promise.reject(badRequest('digits are 0-9, * and #'));
  }
  return turn(controller, callSid, ['gather'], (exec, widget) => {
    if (speech !== undefined) {
      exec.context.widgets[widget.name] = { SpeechResult: String(speech), Confidence: '0.9' };
      return { event: 'speech' };
    }
    exec.context.widgets[widget.name] = { Digits: digits };
    return { event: 'keypress' };
  });
}

/** The caller says nothing and presses nothing: the Gather times out. */
function gatherTimeout(controller, callSid) {
  return turn(controller, callSid, ['gather'], () => ({ event: 'timeout' }));
}

/**
 * The caller leaves a recording for the waiting Record Voicemail widget:
 * input { duration, audioBase64, transcript, hangup }. Duration 0 is noAudio;
 * `hangup` the caller hanging up after speaking. With transcription on, the
 * widget's transcription callback URL is called once the flow has moved on,
 * as Twilio calls it later, apart from the flow.
 */
function leaveRecording(controller, callSid, input = {}) {
  const store = controller.store;
  return turn(controller, callSid, ['record'], (exec, widget) => {
    const duration = input.duration === undefined ? 5 : Number(input.duration);
    if (!Number.isFinite(duration) || duration < 0) throw badRequest('duration must be a non-negative number of seconds');
    if (duration === 0) return { event: 'noAudio' };
    const rec = voice.addRecording(store, { callSid, duration, audioBase64: input.audioBase64 });
    const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${store.accountSid}/Recordings/${rec.sid}`;
    exec.context.widgets[widget.name] = {
      RecordingSid: rec.sid, RecordingUrl: recordingUrl, RecordingDuration: String(duration), CallSid: callSid,
    };
    hear(exec, 'system', `(recorded ${duration} s: ${rec.sid})`);
    const p = props(widget);
    const callbackUrl = rendered(exec, p.transcription_callback_url || '');
    const transcribe = p.transcribe === true || p.transcribe === 'true';
    return {
      event: input.hangup ? 'hangup' : 'recordingComplete',
      afterwards: transcribe && callbackUrl ? () => deliverTranscription(controller, exec, callbackUrl, rec, recordingUrl, input.transcript) : null,
    };
  });
}

async function deliverTranscription(controller, exec, target, rec, recordingUrl, transcript) {
  const store = controller.store;
  const url = resolveServiceUrl(store, target);
  const call = store.calls.get(exec.callSid);
  const transcriptionSid = newSid('TR');
  const params = voiceParams(store, call, {
    RecordingSid: rec.sid,
    RecordingUrl: recordingUrl,
    TranscriptionSid: transcriptionSid,
    TranscriptionText: transcript === undefined ? '' : String(transcript),
    TranscriptionStatus: 'completed',
    TranscriptionUrl: `https://api.twilio.com/2010-04-01/Accounts/${store.accountSid}/Transcriptions/${transcriptionSid}`,
    TranscriptionType: 'fast',
  });
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(FUNCTION_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    hear(exec, 'system', `(transcription callback answered ${response.status})`);
  } catch (err) {
    hear(exec, 'system', `(transcription callback failed: ${err.message})`);
  }
}

// ---------- control routes ----------

const C = '^/__control';
const ok = (body, status = 200) => ({ status, body });

const controlRoutes = [
  ['POST', `${C}/inbound-calls$`, async (c, { body }) => ok(await placeCall(c, body), 201)],
  ['GET', `${C}/calls/(?<sid>[^/]+)/studio$`, (c, { params }) => ok(callStep(c, params.sid))],
  ['POST', `${C}/calls/(?<sid>[^/]+)/studio/digits$`, async (c, { params, body }) => ok(await sendDigits(c, params.sid, body))],
  ['POST', `${C}/calls/(?<sid>[^/]+)/studio/timeout$`, async (c, { params }) => ok(await gatherTimeout(c, params.sid))],
  ['POST', `${C}/calls/(?<sid>[^/]+)/studio/recording$`, async (c, { params, body }) => ok(await leaveRecording(c, params.sid, body))],
].map(([method, re, handler]) => ({ method, re: new RegExp(re), handler }));

module.exports = { placeCall, callStep, sendDigits, gatherTimeout, leaveRecording, controlRoutes, PREDICATES };
