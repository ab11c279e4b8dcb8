'use strict';
// Retries Twilio API calls as the core's retry policy decides (412 at once;
// 429, 503 and connection resets or timeouts after a backoff; up to a limit).

const crypto = require('crypto');
const { retryPolicy } = require(Runtime.getFunctions()['common/config'].path);
const { fits } = require(Runtime.getFunctions()['common/deadline'].path);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// What the core needs to know about a failure: its HTTP status or its transport error code.
function describeFailure(err) {
  const failure = {};
  const status = err && (typeof err.status === 'number' ? err.status : err.response && err.response.status);
  if (Number.isInteger(status) && status >= 100 && status <= 599) failure.status = status;
  const code = err && (typeof err.code === 'string' ? err.code : err.cause && err.cause.code);
  if (typeof code === 'string' && code) failure.errorCode = code;
  // fetch's AbortSignal.timeout rejects with a DOMException that has no code.
  else if (err && err.name === 'TimeoutError') failure.errorCode = 'ETIMEDOUT';
  return failure;
}

/**
 * Runs operation and retries the failures the core calls retryable. A call that
 * is not idempotent (a create) passes idempotent:false and a `verify` that looks
 * for the result of an attempt whose answer was lost: when the core says to
 * verify first and verify finds it, that result is returned instead of acting twice.
 * The last failure is thrown when the core says to stop, or when the wait it
 * asks for and one more call no longer fit the request's budget (the error then
 * carries `budgetExhausted`, so the answer can say the time ran out).
 */
async function withRetry(core, context, operation, { idempotent = true, verify } = {}) {
  const policy = retryPolicy(context);
  for (let retriesDone = 0; ; retriesDone += 1) {
    try {
      return await operation();
    } catch (err) {
      const decision = core.retryDecision({
        retriesDone,
        ...describeFailure(err),
        idempotent,
        policy,
        seed: crypto.randomInt(0, 2 ** 31),
      });
      if (!decision.retry) throw err;
      if (!fits(context, decision.delayMs)) {
        if (err && typeof err === 'object') err.budgetExhausted = true;
        throw err;
      }
      if (decision.delayMs > 0) await sleep(decision.delayMs);
      if (decision.verifyFirst && verify) {
        const found = await withRetry(core, context, verify);
        if (found) return found;
      }
    }
  }
}

module.exports = { withRetry, describeFailure };
