'use strict';
// All conversion between JavaScript values and the core's two doors lives
// here (nothing here decides):
// - the typed door of the agent's hot decisions: each input is projected to the
//   flat struct the bindings declare (wasm/boundary/include/cbvm/agent_door.hpp),
//   and each answer read back into the documented shape (index.d.ts);
// - the JSON door: any value as JSON text, the answer parsed back.

const { TaskKind } = require('./literals.cjs');

/** An error the core returned as a value: `code` is stable, `message` is a sentence. */
class CoreError extends Error {
  constructor(code, message, status) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
    this.status = status;
  }
}

// The kinds in the order of the C++ enum TaskKind (the typed door answers its number).
const KINDS = Object.values(TaskKind);

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
// The types the typed door carries; a value of another type goes through the
// JSON door, whose answer names the member.
const isText = (v) => v === undefined || v === null || typeof v === 'string';
const isFlag = (v) => v === undefined || v === null || typeof v === 'boolean';
const isNumber = (v) => v === undefined || v === null || typeof v === 'number';
const text = (v) => (typeof v === 'string' ? v : '');
// JSON.stringify writes a non-finite number as null: absent, as NaN here.
const number = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);

/** A task's attributes: an object from Flex, or the JSON text TaskRouter's REST API sends. */
function attributesOf(attributes) {
  if (typeof attributes === 'string') {
    try {
      attributes = JSON.parse(attributes);
    } catch {
      return null;
    }
  }
  return isObject(attributes) ? attributes : null;
}

/** The channel and taskType a task is classified by. */
function taskTypeOf(task) {
  const attributes = attributesOf(task && task.attributes);
  return attributes ? text(attributes.taskType) : '';
}

/** The panel's input as the typed door takes it, or undefined when a member has a type it does not carry. */
function panelCall(input) {
  if (!isObject(input) || !isObject(input.task)) return undefined;
  const { task } = input;
  const config = input.config === undefined || input.config === null ? {} : input.config;
  if (!isObject(config)) return undefined;
  if (!isText(task.taskChannelUniqueName) || !isText(task.taskStatus) || !isText(task.dateCreated)) return undefined;
  if (!isText(input.workerActivitySid) || !isText(input.offlineActivitySid) || !isText(input.agentTimeZone)) return undefined;
  if (!isFlag(input.actionPending) || !isFlag(config.enabled) || !isFlag(config.allow_requeue)) return undefined;
  if (!isFlag(config.auto_select_task) || !isNumber(config.max_attempts) || !isText(config.default_region)) return undefined;
  if (!isFlag(input.requeued)) return undefined;
  const placed = input.placedCall === undefined || input.placedCall === null ? {} : input.placedCall;
  if (!isObject(placed) || !isText(placed.status) || !isText(placed.at)) return undefined;
  const flows = input.outboundCallFlows;
  if (flows !== undefined && flows !== null && !isObject(flows)) return undefined;
  // Only how many flows there are and how many are enabled crosses; the core decides.
  const flowList = isObject(flows) ? Object.values(flows) : [];
  const enabledFlows = flowList.filter((f) => isObject(f) && f.enabled === true).length;
  const attributes = attributesOf(task.attributes) || {};
  const data = isObject(attributes.callBackData) ? attributes.callBackData : undefined;
  const d = data || {};
  const deleted = d.isDeleted;
  return {
    taskChannel: text(task.taskChannelUniqueName),
    taskStatus: text(task.taskStatus),
    dateCreated: text(task.dateCreated),
    taskType: text(attributes.taskType),
    name: text(attributes.name),
    from: text(attributes.from),
    hasCallbackData: data !== undefined,
    recordingSid: text(d.recordingSid),
    isDeleted: typeof deleted === 'boolean' || typeof deleted === 'string' ? String(deleted) : '',
    transcriptText: text(d.transcriptText),
    transcriptionText: text(d.transcriptionText),
    twilioTranscriptionText: text(d.TranscriptionText),
    numberToCall: text(d.numberToCall),
    utcDateTimeReceived: text(d.utcDateTimeReceived),
    mainTimeZone: text(d.mainTimeZone),
    scheduledFor: text(d.scheduledFor),
    scheduledTimeZone: text(d.scheduledTimeZone),
    attempts: number(d.attempts),
    attemptsText: text(d.attempts),
    workerActivitySid: text(input.workerActivitySid),
    offlineActivitySid: text(input.offlineActivitySid),
    enabled: config.enabled === true,
    allowRequeue: config.allow_requeue === true,
    autoSelectTask: config.auto_select_task === true,
    maxAttempts: number(config.max_attempts),
    defaultRegion: text(config.default_region),
    actionPending: input.actionPending === true,
    hasAgentTimeZone: typeof input.agentTimeZone === 'string',
    agentTimeZone: text(input.agentTimeZone),
    placedCallStatus: text(placed.status),
    placedCallAt: text(placed.at),
    requeued: input.requeued === true,
    outboundFlows: isObject(flows) ? flowList.length : -1,
    outboundFlowsEnabled: enabledFlows,
  };
}

const button = (visible, enabled, reason, hint) => ({
  visible,
  enabled,
  disabledReason: reason === '' ? null : reason,
  hint: hint === '' ? null : hint,
});
const optional = (has, value) => (has ? value : null);

/** The typed door's panel answer in the documented shape; a refusal becomes a CoreError. */
function panelState(a) {
  if (a.error !== '') throw new CoreError('INVALID_INPUT', a.error, 500);
  return {
    kind: a.kind,
    headingKey: a.headingKey,
    descriptionKey: a.descriptionKey,
    hasCallbackData: a.hasCallbackData,
    showRecording: a.showRecording,
    recordingDeleted: a.recordingDeleted,
    recordingSid: optional(a.hasRecordingSid, a.recordingSid),
    transcript: optional(a.hasTranscript, a.transcript),
    contactPhone: optional(a.hasContactPhone, a.contactPhone),
    numberToCall: optional(a.hasNumberToCall, a.numberToCall),
    receivedAt: optional(a.hasReceivedAt, a.receivedAt),
    agentTimeZone: a.agentTimeZone,
    mainTimeZone: optional(a.hasMainTimeZone, a.mainTimeZone),
    showSystemTime: a.showSystemTime,
    attempt: a.attemptNumber > 0 ? { number: a.attemptNumber, of: a.attemptOf } : null,
    lastAttempt: a.lastAttempt,
    attemptLineKey: a.attemptLineKey === '' ? null : a.attemptLineKey,
    calledAt: optional(a.hasCalledAt, a.calledAt),
    scheduledFor: optional(a.hasScheduledFor, a.scheduledFor),
    customerTimeZone: optional(a.hasCustomerTimeZone, a.customerTimeZone),
    placeCall: button(a.placeCallVisible, a.placeCallEnabled, a.placeCallDisabledReason, a.placeCallHint),
    retryLater: button(a.retryLaterVisible, a.retryLaterEnabled, a.retryLaterDisabledReason, a.retryLaterHint),
  };
}

/** The title input as the typed door takes it, or undefined when a member has a type it does not carry. */
function titleCall(input) {
  if (!isObject(input)) return undefined;
  const { surface, word, queueName, name } = input;
  if (!isText(surface) || !isText(word) || !isText(queueName) || !isText(name)) return undefined;
  return [text(surface), text(word), text(queueName), text(name)];
}

/** A value as JSON text for the JSON door, or an INVALID_INPUT envelope when JSON cannot carry it. */
function jsonText(decision, input) {
  try {
    return { text: JSON.stringify(input === undefined ? {} : input) };
  } catch (err) {
    return { envelope: { ok: false, error: { code: 'INVALID_INPUT', message: `${decision}: the input cannot be written as JSON (${err.message}).`, status: 500 } } };
  }
}

/** The value of an envelope, or its refusal as a CoreError. */
function valueOf(envelope) {
  if (!envelope.ok) throw new CoreError(envelope.error.code, envelope.error.message, envelope.error.status);
  return envelope.value;
}

module.exports = { CoreError, KINDS, attributesOf, taskTypeOf, panelCall, panelState, titleCall, jsonText, valueOf };
