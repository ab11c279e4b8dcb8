'use strict';
// Each function request has a time budget (FUNCTION_BUDGET_MS, default 8 s):
// Twilio kills a Function at 10 s, and a killed Function answers nothing, not
// even "we do not know". Twilio API timeouts and retry delays are cut to what
// is left of it, so the handler always keeps time to say what it knows.
// This is transport plumbing (how long to wait for I/O); whether to retry at
// all stays the core's retry policy.

const DEFAULT_BUDGET_MS = 8000;
// Kept back from every Twilio call to write the answer after it gives up.
const ANSWER_RESERVE_MS = 250;
// A Twilio call given less than this would only time out: it is not sent.
const MIN_ATTEMPT_MS = 100;

class DeadlineExceeded extends Error {
  constructor(message = 'The request ran out of time before Twilio answered.') {
    super(message);
    this.name = 'DeadlineExceeded';
    // Known not sent: the call was refused before reaching Twilio.
    this.code = 'EDEADLINE';
  }
}

// Keyed by the request's context object, which the runtime builds per request:
// every helper that receives the context finds the same deadline without it
// being threaded through each call.
const deadlines = new WeakMap();

function budgetMs(context) {
  const raw = context && context.FUNCTION_BUDGET_MS;
  if (raw === undefined || raw === null || String(raw).trim() === '') return DEFAULT_BUDGET_MS;
  const text = String(raw).trim();
  if (!/^\d{1,7}$/.test(text) || Number(text) < 500) {
    const { ConfigError } = require(Runtime.getFunctions()['common/config'].path);
    throw new ConfigError(`FUNCTION_BUDGET_MS must be a whole number of milliseconds of at least 500 (got "${text}").`);
  }
  return Number(text);
}

/** Starts the request's clock (idempotent: the first call wins). Handlers call it first. */
function startDeadline(context) {
  let deadline = deadlines.get(context);
  if (!deadline) {
    const startedAt = Date.now();
    deadline = { startedAt, endsAt: startedAt + budgetMs(context) };
    deadlines.set(context, deadline);
  }
  return deadline;
}

/** Milliseconds a Twilio call may still take, keeping the reserve to answer. */
function remainingForCall(context) {
  return startDeadline(context).endsAt - ANSWER_RESERVE_MS - Date.now();
}

/** Whether a wait of delayMs followed by one more call still fits the budget. */
function fits(context, delayMs) {
  return remainingForCall(context) - delayMs >= MIN_ATTEMPT_MS;
}

/** The timeout for the next Twilio call; throws DeadlineExceeded when none is left. */
function callTimeoutMs(context) {
  const remaining = remainingForCall(context);
  if (remaining < MIN_ATTEMPT_MS) throw new DeadlineExceeded();
  return Math.floor(remaining);
}

module.exports = { DeadlineExceeded, startDeadline, remainingForCall, fits, callTimeoutMs, budgetMs, DEFAULT_BUDGET_MS };
