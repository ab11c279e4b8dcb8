'use strict';
// One open callback per customer: the index of open callbacks, one Sync map
// item per number and workflow (https://www.twilio.com/docs/sync/api/map-item-resource),
// and the create that merges a second request for a number into its open
// callback. The core decides every step (core.mergeCallback: claim, read,
// wait, take over a stale item, merge, create); this file performs them.
// Sync refuses a second create of a key (409, error 54208), so of two requests
// at once exactly one claims the number and makes the task; every later write
// of an item is conditional on its revision (If-Match; 412, error 54205), and
// a merge is written on the task at its ETag. Items are cleared by
// common/events-index when their task ends; TaskRouter does not retry that
// callback, so an item whose task ended is found stale here and taken over.

const { callbackIndexOptions } = require(Runtime.getFunctions()['common/config'].path);
const { newRequestKey, fetchTaskWithEtag, updateAttributesIfMatch } = require(
  Runtime.getFunctions()['common/tasks'].path,
);
const { withRetry } = require(Runtime.getFunctions()['common/retry'].path);
const { fits } = require(Runtime.getFunctions()['common/deadline'].path);

// Each round is one read or write; a request that keeps meeting others' writes stops here.
const MAX_ROUNDS = 24;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class IndexBusy extends Error {
  constructor(message) {
    super(`${message}; send the request again in a moment.`);
    this.name = 'IndexBusy';
    this.status = 503;
  }
}

function itemsOf({ client }, options) {
  return client.sync.v1.services(options.serviceSid).syncMaps(options.mapName).syncMapItems;
}

/** The index item of a key as the core reads it ({ data, revision }), or undefined when there is none. */
async function readEntry(deps, options, key) {
  try {
    const item = await withRetry(deps.core, deps.context, () => itemsOf(deps, options)(key).fetch());
    return { data: item.data || {}, revision: String(item.revision) };
  } catch (err) {
    if (err && err.status === 404) return undefined;
    throw err;
  }
}

// A write whose answer may have been lost is not repeated: the item is read
// again and the core decides on what it holds.
const lostAnswer = (err) => Boolean(err) && !Number.isInteger(err.status) && err.code !== 'EDEADLINE';

// The callback is created, or held until due (common/holds; required here, as it requires this module).
function createOrHold(deps, spec, options) {
  const { createCallbackOrHold } = require(Runtime.getFunctions()['common/holds'].path);
  return createCallbackOrHold(deps, spec, options);
}

async function createAndRecord(deps, options, spec, { key, requestKey, scheduledFor }, step, revision) {
  const created = await createOrHold(deps, spec, key ? { key, scheduledFor } : { freshKey: requestKey, scheduledFor });
  try {
    await withRetry(deps.core, deps.context, () =>
      itemsOf(deps, options)(step.key).update({ data: { ...step.claim, taskSid: created.sid }, ifMatch: revision }),
    );
  } catch (err) {
    // The task stands; an item left claimed is taken over once its claim expires.
    console.warn(`callback index: could not record ${created.sid} under ${step.key}: ${(err && err.message) || err}`);
  }
  return created;
}

/**
 * Creates the callback the core specified (CallbackTaskSpec), or, when
 * CALLBACK_ONE_PER_CUSTOMER is on and the number has an open callback in the
 * workflow, merges the request into it. Answers the task record, with
 * `existing` (as createTask does) or `merged: true`, `message`, and when the
 * open callback is scheduled, `scheduledFor` and `scheduledLocal`.
 */
async function createOrMerge(deps, spec, { key, source, scheduledFor }) {
  const options = callbackIndexOptions(deps.context);
  if (!options) return createOrHold(deps, spec, { key, scheduledFor });
  const { core } = deps;
  const requestKey = key || newRequestKey(Date.now());
  const items = itemsOf(deps, options);
  let entry;
  let task;
  let taskRead = false;
  let etag;
  let waitedMs = 0;
  let indexKey; // named by the first step (a claim), waited on later
  const readAgain = async (stepKey) => {
    entry = await readEntry(deps, options, stepKey);
    taskRead = false;
  };
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const step = core.mergeCallback({
      enabled: true,
      request: spec,
      requestKey,
      source,
      now: new Date().toISOString(),
      waitedMs,
      ...(entry ? { entry } : {}),
      ...(taskRead ? { task } : {}),
    });
    switch (step.action) {
      case 'create':
        return createOrHold(deps, spec, { key, scheduledFor });
      case 'claim': {
        indexKey = step.key;
        let item;
        try {
          item = await items.create({ key: step.key, data: step.claim, ttl: step.ttl });
        } catch (err) {
          if ((err && err.status === 409) || lostAnswer(err)) {
            await readAgain(step.key);
            continue;
          }
          throw err;
        }
        return createAndRecord(deps, options, spec, { key, requestKey, scheduledFor }, step, String(item.revision));
      }
      case 'takeOver': {
        console.log(`callback index: taking over ${step.key}: ${step.reason}`);
        let item;
        try {
          item = await items(step.key).update({ data: step.claim, ttl: step.ttl, ifMatch: step.revision });
        } catch (err) {
          if ((err && (err.status === 412 || err.status === 404)) || lostAnswer(err)) {
            await readAgain(step.key);
            continue;
          }
          throw err;
        }
        return createAndRecord(deps, options, spec, { key, requestKey, scheduledFor }, step, String(item.revision));
      }
      case 'readTask':
        try {
          ({ task, etag } = await fetchTaskWithEtag(deps, step.taskSid));
        } catch (err) {
          if (!(err && err.status === 404)) throw err;
          task = null;
          etag = undefined;
        }
        taskRead = true;
        continue;
      case 'wait':
        if (!fits(deps.context, step.waitMs)) throw new IndexBusy(step.reason);
        await sleep(step.waitMs);
        waitedMs += step.waitMs;
        await readAgain(indexKey);
        continue;
      case 'busy':
        throw new IndexBusy(step.reason);
      case 'existing':
        return { ...task, existing: true };
      case 'merge': {
        if (step.record) {
          const { conflict } = await updateAttributesIfMatch(deps, step.taskSid, step.attributes, etag);
          if (conflict) {
            // Changed since it was read (a merge of another request, an agent's reservation): read it again.
            taskRead = false;
            continue;
          }
        }
        console.log(`callback index: ${step.reason}`);
        const merged = { ...task, merged: true, message: step.message };
        if (step.scheduledFor) Object.assign(merged, { scheduledFor: step.scheduledFor, scheduledLocal: step.scheduledLocal });
        return merged;
      }
      default:
        throw new Error(`The callback index asked for an unknown step "${step.action}".`);
    }
  }
  throw new IndexBusy('The number\'s open callback kept changing while this request was merged');
}

/**
 * After a requeue: the successor takes over the original's index item (only
 * while the item still names the original, at its revision), so the number's
 * open callback stays indexed when the original ends. Best effort: a move that
 * fails leaves an item the next request finds stale and repairs.
 */
async function handOver(deps, original, successorSid) {
  const options = callbackIndexOptions(deps.context);
  if (!options) return;
  try {
    const { core } = deps;
    const task = { sid: original.sid, workflowSid: original.workflowSid, attributes: original.attributes };
    const { key } = core.callbackIndexEnded({ task, successorSid });
    if (!key) return;
    const entry = await readEntry(deps, options, key);
    if (!entry) return;
    const { moveTo, revision } = core.callbackIndexEnded({ task, entry, successorSid });
    if (!moveTo) return;
    await itemsOf(deps, options)(key).update({ data: { ...entry.data, taskSid: moveTo }, ifMatch: revision });
  } catch (err) {
    console.warn(`callback index: could not hand ${original.sid}'s item to ${successorSid}: ${(err && err.message) || err}`);
  }
}

module.exports = { createOrMerge, handOver, readEntry, itemsOf, IndexBusy };
