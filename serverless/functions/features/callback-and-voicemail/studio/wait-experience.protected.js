'use strict';
// The queue's wait URL: the in-queue callback and voicemail experience. The core
// decides every step (core.waitStep); this handler fetches what a step needs,
// performs its side effects in order, and renders its TwiML.

const { loadCore, literals } = require(Runtime.getFunctions()['common/core'].path);
const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { waitOptions, serviceBaseUrl, deployment } = require(Runtime.getFunctions()['common/config'].path);
const { findTask, cancelTask, fetchTaskWithEtag, updateAttributesIfMatch } = require(
  Runtime.getFunctions()['common/tasks'].path,
);
const { createOrMerge } = require(Runtime.getFunctions()['common/callback-index'].path);
const { queueName, pendingTaskPage, queueStatistics } = require(Runtime.getFunctions()['common/lookups'].path);
const { withRetry } = require(Runtime.getFunctions()['common/retry'].path);
const { renderTwiml } = require(Runtime.getFunctions()['common/twiml'].path);
const { failure, requestParams } = require(Runtime.getFunctions()['common/response'].path);
const { confirmBooking } = require(Runtime.getFunctions()['common/sms'].path);

// A failed effect may have happened (only its answer lost), so the core reads
// the call task again and may plan effects of its own (withdraw the callback,
// move the call, a callback instead of the voicemail); those can fail in turn.
// Each failure goes back to the core, this many times at most.
const MAX_RECOVERIES = 3;

// A step asks for the queue, up to 40 task pages (the core's bound) and one task:
// fewer than this.
const MAX_LOOKUPS = 64;

function log(lines) {
  for (const line of lines || []) console.log(`wait-experience: ${line}`);
}

// Fetches what a plan needs and returns the lookups to add.
async function lookup(deps, need, arrivedAt) {
  switch (need.type) {
    case 'queue': {
      const friendlyName = await queueName(deps, need.queueSid);
      return { queue: friendlyName === null ? {} : { friendlyName } };
    }
    case 'pendingTasks':
      // The page asked for; one already read by this instance costs no REST call.
      return { pendingTasks: await pendingTaskPage(deps, need, arrivedAt) };
    case 'task':
      return { task: await findTask(deps, need.taskSid) };
    case 'queueStatistics':
      return { statistics: await queueStatistics(deps, need.queueSid) };
    case 'reread':
      // After a failure: a task that cannot be read either is reported as
      // unknown, and the core chooses the recovery that strands no one.
      try {
        return { reread: { taskSid: need.taskSid, task: await findTask(deps, need.taskSid) } };
      } catch (err) {
        console.log(`wait-experience: reading ${need.taskSid} again failed: ${(err && err.message) || err}`);
        return { reread: { taskSid: need.taskSid, unknown: true } };
      }
    default:
      throw new Error(`The wait experience asked for an unknown lookup "${need.type}".`);
  }
}

// Asks the core for the plan, fetching what it needs until it needs nothing more.
async function resolvePlan(deps, input, startLookups, arrivedAt) {
  let lookups = { ...startLookups };
  let plan = deps.core.waitStep({ ...input, lookups });
  for (let count = 0; plan.needs; count += 1) {
    if (count === MAX_LOOKUPS) throw new Error('The wait experience kept asking for more data; giving up on this step.');
    lookups = { ...lookups, ...(await lookup(deps, plan.needs, arrivedAt)) };
    plan = deps.core.waitStep({ ...input, lookups });
  }
  log(plan.log);
  return { plan, lookups };
}

async function perform(deps, effect) {
  const { core, context, client } = deps;
  switch (effect.type) {
    case 'createTask': {
      // Keyed by the call or the recording, so a repeat finds the task instead of making another;
      // with CALLBACK_ONE_PER_CUSTOMER a callback for a number with an open one joins it;
      // held until due when scheduled or outside the calling window (common/holds).
      const created = await createOrMerge(deps, effect.task, { key: effect.task.requestKey, source: 'wait-experience' });
      if (created.merged) deps.merged = { taskSid: created.sid, scheduledLocal: created.scheduledLocal || '' };
      if (deps.booked && !created.merged) deps.booked.push(created.sid); // texted after the step (the core says if)
      return created;
    }
    case 'cancelTask':
      await cancelTask(deps, effect);
      return null;
    case 'updateCall': {
      const params = { url: effect.url, method: effect.method };
      // Twilio requests the status callback when the call ends (its `completed` event).
      if (effect.statusCallback) Object.assign(params, { statusCallback: effect.statusCallback, statusCallbackMethod: effect.statusCallbackMethod });
      await withRetry(core, context, () => client.calls(effect.callSid).update(params));
      return null;
    }
    case 'updateTask': {
      // Only at the revision the core decided on: a 412 is reported, the task read again.
      const { conflict } = await updateAttributesIfMatch(deps, effect.taskSid, effect.attributes, effect.etag || undefined);
      if (conflict) throw new Error(`task ${effect.taskSid} changed since it was read`);
      return null;
    }
    default:
      throw new Error(`The wait experience asked for an unknown effect "${effect.type}".`);
  }
}

// Performs effects in order; returns the failure to report to the core, or
// null. A reconciling create whose key named a task made earlier stops here
// and answers `existing` (its SID): the core is asked again with that task.
async function performAll(deps, effects) {
  const completed = [];
  let createdTaskSid;
  for (const effect of effects || []) {
    try {
      const created = await perform(deps, effect);
      if (created && created.existing && effect.reconcile) return { existing: created.sid };
      if (created) createdTaskSid = created.sid;
      completed.push(effect.type);
    } catch (err) {
      console.log(`wait-experience: ${effect.type} failed: ${(err && err.message) || err}`);
      return { effect: effect.type, completed, ...(createdTaskSid ? { createdTaskSid } : {}) };
    }
  }
  return null;
}

// The task a keyed create found, with the revision to update it at.
async function existingTask(deps, taskSid) {
  const { task, etag } = await fetchTaskWithEtag(deps, taskSid);
  return { task, ...(etag === undefined ? {} : { etag }) };
}

exports.handler = async function waitExperience(context, event, callback) {
  const arrivedAt = Date.now();
  try {
    await deployment(context); // refuses a configuration that may not run here, before anything is sent
    const core = await loadCore();
    const deps = { core, context, client: await getTwilioClient(context), booked: [] };
    const base = serviceBaseUrl(context);
    const input = {
      params: requestParams(event),
      options: waitOptions(context, { core }),
      context: { waitUrl: `${base}${literals().paths.waitExperience}`, serviceBaseUrl: base, now: new Date().toISOString() },
    };
    let { plan, lookups } = await resolvePlan(deps, input, {}, arrivedAt);
    let failed = await performAll(deps, plan.effects);
    for (let round = 0; failed && round < MAX_RECOVERIES; round += 1) {
      let next;
      if (failed.existing) {
        // The call's task exists already: the core adds to it what this step carries.
        next = { ...lookups, existing: await existingTask(deps, failed.existing) };
      } else if (failed.effect === 'updateTask' && lookups.existing) {
        // It changed since it was read (412): read it again and decide again.
        next = { ...lookups, failure: failed, existing: await existingTask(deps, lookups.existing.task.sid) };
      } else {
        // The core asks (needs) for the state it recovers from; what it read in an
        // earlier round stays in lookups, so a second failure is decided on it too.
        next = { ...lookups, failure: failed };
      }
      ({ plan, lookups } = await resolvePlan(deps, input, next, arrivedAt));
      failed = await performAll(deps, plan.effects);
    }
    if (failed) console.log('wait-experience: the recovery effects kept failing; answering with the last plan');
    else if (deps.merged) {
      // The callback joined the number's open one: the core words what the caller hears.
      ({ plan } = await resolvePlan(deps, input, { ...lookups, merged: deps.merged }, arrivedAt));
    }
    const language = typeof input.params.language === 'string' ? input.params.language : undefined;
    for (const taskSid of new Set(deps.booked)) await confirmBooking(deps, { taskSid, language });
    return callback(null, renderTwiml(plan.twiml));
  } catch (err) {
    return callback(null, failure(err));
  }
};
