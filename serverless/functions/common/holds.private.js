'use strict';
// Callbacks held until they are due, on TaskRouter alone. The core decides
// (core.holdPlan); this module acts.
//
// - A callback due later (scheduledFor, or requested while the calling window
//   is closed) is created as a *held task* in the hold workflow, whose only
//   target is a queue no worker matches. It carries the callback's attributes
//   and `callbackHold` (due time, request time, natural key, release spec).
// - A *timer task* in the same workflow wakes the product: its Timeout (time to
//   live, at most two weeks) runs out and TaskRouter cancels it and posts
//   task.canceled "Task TTL Exceeded" to the workspace's EventCallbackUrl
//   (https://www.twilio.com/docs/taskrouter/api/task#create-a-task-resource,
//   https://www.twilio.com/docs/taskrouter/api/event/reference).
//   Workflow target timeouts are not used: they count the task's age, so a
//   held task could not be held again.
// - On a wake-up the core says release, wait (a new timer) or renew (a new held
//   task). A release claims the held task with If-Match (ETag), creates the
//   callback task under the natural key `release:<key>` (a repeat finds it,
//   however late), then cancels the held task: released exactly once.
// - TaskRouter does not retry event callbacks: every event delivery sweeps the
//   hold workflow (at most once a minute per instance), releasing what is due
//   and arming a timer for a held task that has none; a held task that outlives
//   its timers expires itself and is renewed or released from its own event.
// - A voicemail's retention record (`voicemailRetention`, common/retention) is
//   held the same way; the core's retentionPlan decides its wake-ups, and its
//   release deletes the recording instead of creating a callback.

const { loadCore } = require(Runtime.getFunctions()['common/core'].path);
const { schedulingOptions, holdWorkflowSid } = require(Runtime.getFunctions()['common/config'].path);
const tasks = require(Runtime.getFunctions()['common/tasks'].path);
const { handOver } = require(Runtime.getFunctions()['common/callback-index'].path);

const TIMER_ATTRIBUTE = 'callbackHoldTimer';
const HOLD_ATTRIBUTE = 'callbackHold';
const RETENTION_ATTRIBUTE = 'voicemailRetention';
const TIMER_CHANNEL = 'default';

function schedulingInput(context) {
  const scheduling = schedulingOptions(context);
  if (!scheduling) return {};
  const input = { window: scheduling.window };
  if (scheduling.horizonDays !== undefined) input.horizonDays = scheduling.horizonDays;
  return input;
}

function scheduledForOf(spec) {
  const data = spec && spec.attributes && spec.attributes.callBackData;
  return data ? data.scheduledFor : undefined;
}

/** Creates the timer that wakes the product about a held task; keyed, so a repeated wake-up makes one. */
function armTimer(deps, heldTaskSid, timer, key) {
  const spec = {
    workflowSid: holdWorkflowSid(deps.context),
    taskChannel: TIMER_CHANNEL,
    timeout: timer.timeout,
    priority: 0,
    attributes: { [TIMER_ATTRIBUTE]: { heldTaskSid, wakeAt: timer.wakeAt } },
  };
  return tasks.createTask(deps, spec, { key });
}

/**
 * Creates the callback (CallbackTaskSpec) now, or holds it until due: when its
 * attributes carry callBackData.scheduledFor, or CALLING_WINDOW is set and
 * closed; `scheduledFor` (the request's) overrides the attribute. Without
 * either, exactly createTask. Answers the created task's
 * record; a held one has `held: true` and `due` (ISO). A scheduledFor in the
 * past, outside the window or beyond the horizon is the core's 400 refusal.
 */
async function createCallbackOrHold(deps, spec, { key, freshKey, scheduledFor } = {}) {
  const { core, context } = deps;
  const scheduling = schedulingInput(context);
  const given = scheduledFor === undefined || scheduledFor === null || scheduledFor === '' ? undefined : scheduledFor;
  if (scheduling.window === undefined && given === undefined && scheduledForOf(spec) === undefined) {
    return tasks.createTask(deps, spec, { key, freshKey });
  }
  const requestKey = key || freshKey || tasks.newRequestKey(Date.now());
  const plan = core.holdPlan({
    phase: 'request',
    now: new Date().toISOString(),
    task: spec,
    requestKey,
    holdWorkflowSid: holdWorkflowSid(context),
    ...(given === undefined ? {} : { scheduledFor: given }),
    ...scheduling,
  });
  if (plan.action === 'create') return tasks.createTask(deps, plan.task, { key, freshKey: requestKey });
  const held = await tasks.createTask(deps, plan.heldTask, { key: plan.heldTask.requestKey });
  if (!held.existing) {
    try {
      await armTimer(deps, held.sid, plan.timer, `timer:${held.sid}:first`);
    } catch (err) {
      // The sweep arms a timer for a held task that has none.
      console.warn(`holds: no timer for ${held.sid} yet (${err.message}); the sweep will arm one`);
    }
  }
  return { ...held, held: true, due: plan.due };
}

// A held task's wake-up plan: a retention record's is the core's retentionPlan, a held callback's its holdPlan.
function wakePlan(core, input) {
  const attributes = tasks.parseAttributes(input.held.attributes);
  return attributes[RETENTION_ATTRIBUTE] ? core.retentionPlan({ phase: 'wake', ...input }) : core.holdPlan({ phase: 'wake', ...input });
}

function isNotFound(err) {
  return Boolean(err) && err.status === 404;
}

// Cancels the held task at revision `etag`; a 412 means another wake-up moved
// it: read it again, and cancel only while it is still held (pending).
async function cancelHeld(deps, heldTaskSid, etag, reason) {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      if (!(await tasks.cancelTaskIfMatch(deps, heldTaskSid, reason, etag)).conflict) return;
    } catch (err) {
      if (!err || err.status !== 400) throw err;
    }
    const again = await tasks.fetchTaskWithEtag(deps, heldTaskSid);
    if (again.task.assignmentStatus !== 'pending') return;
    etag = again.etag;
  }
}

/**
 * Acts on the core's wake-up plan for a held task (its record and ETag).
 * `timerKey` names the wake-up, so a repeated event arms one timer.
 * Answers what was done: 'none', 'wait', 'renew' or 'release'.
 */
async function act(deps, plan, held, etag, timerKey) {
  switch (plan.action) {
    case 'wait':
      await armTimer(deps, held.sid, plan.timer, `timer:${held.sid}:${timerKey}`);
      return 'wait';
    case 'renew': {
      const renewed = await tasks.createTask(deps, plan.heldTask, { key: plan.heldTask.requestKey });
      await armTimer(deps, renewed.sid, plan.timer, `timer:${renewed.sid}:first`);
      await handOver(deps, held, renewed.sid); // one open callback per customer: the number's item follows
      if (plan.cancelHeld) await cancelHeld(deps, held.sid, etag, `${plan.reason} (${renewed.sid})`);
      return 'renew';
    }
    case 'release': {
      if (plan.claim) {
        // The claim: only one wake-up passes this update at this revision.
        const { conflict } = await tasks.updateAttributesIfMatch(deps, held.sid, plan.claim, etag);
        if (conflict) return 'none';
      }
      const released = await tasks.createTask(deps, plan.task, { key: plan.task.requestKey, since: Date.parse(plan.since) });
      await handOver(deps, held, released.sid); // one open callback per customer: the number's item follows
      if (plan.cancelHeld) await cancelHeld(deps, held.sid, undefined, `${plan.reason} as ${released.sid}`);
      return 'release';
    }
    case 'delete': {
      if (plan.claim) {
        const { conflict } = await tasks.updateAttributesIfMatch(deps, held.sid, plan.claim, etag);
        if (conflict) return 'none';
      }
      await require(Runtime.getFunctions()['common/retention'].path).deleteRetained(deps, plan);
      if (plan.cancelHeld) await cancelHeld(deps, held.sid, undefined, plan.reason);
      return 'delete';
    }
    default:
      return 'none';
  }
}

/** A wake-up for the held task (a timer ran out, or the sweep): reads it and acts. */
async function wakeHeld(deps, heldTaskSid, { now, timerKey, hasTimer = false, fromSweep = false }) {
  let read;
  try {
    read = await tasks.fetchTaskWithEtag(deps, heldTaskSid);
  } catch (err) {
    if (isNotFound(err)) return 'none';
    throw err;
  }
  const plan = wakePlan(deps.core, { now, held: read.task, hasTimer, fromSweep });
  return act(deps, plan, read.task, read.etag, timerKey);
}

/** The held task expired itself (its TTL): renewed or released from the event's record of it. */
async function heldExpired(deps, held, { now }) {
  const plan = wakePlan(deps.core, { now, held, expired: true });
  return act(deps, plan, held, undefined, 'expired');
}

const SWEEP_PAGE_SIZE = 200;
const SWEEP_MAX_PAGES = 5;
// Wake-ups acted on per sweep, to stay well inside a Function's 10 s.
const SWEEP_MAX_ACTIONS = 10;

// One read of the hold workflow per event delivery, shared by the sweeps that
// run on it (the holds' and retention's): keyed on the request's context.
const holdReads = new WeakMap();

/**
 * The hold workflow's pending tasks, read once per request: `held` (held
 * callbacks and retention records), `timed` (the held tasks a pending timer
 * will wake) and `retained` (the voicemail tasks a retention record names).
 */
function readHoldWorkflow(deps) {
  let read = holdReads.get(deps.context);
  if (!read) {
    read = readHoldWorkflowOnce(deps);
    holdReads.set(deps.context, read);
    read.catch(() => holdReads.delete(deps.context));
  }
  return read;
}

async function readHoldWorkflowOnce(deps) {
  const workflowSid = holdWorkflowSid(deps.context);
  const held = [];
  const timed = new Set();
  const retained = new Set();
  let previous = null;
  for (let pages = 0; workflowSid && pages < SWEEP_MAX_PAGES; pages += 1) {
    const { page, tasks: list, hasMore } = await tasks.readTaskPage(
      deps,
      { assignmentStatus: 'pending', workflowSid, ordering: 'DateCreated:asc', pageSize: SWEEP_PAGE_SIZE },
      previous,
    );
    for (const task of list) {
      const attributes = tasks.parseAttributes(task.attributes);
      if (attributes[TIMER_ATTRIBUTE]) timed.add(attributes[TIMER_ATTRIBUTE].heldTaskSid);
      else if (attributes[HOLD_ATTRIBUTE] || attributes[RETENTION_ATTRIBUTE]) held.push(task);
      if (attributes[RETENTION_ATTRIBUTE] && attributes[RETENTION_ATTRIBUTE].taskSid) retained.add(attributes[RETENTION_ATTRIBUTE].taskSid);
    }
    if (!hasMore) break;
    previous = page;
  }
  return { held, timed, retained };
}

/**
 * The safety net: reads the hold workflow's pending tasks, and gives each held
 * task without a pending timer, or due, a wake-up. Answers the actions taken.
 */
async function sweep(deps, { now }) {
  if (!holdWorkflowSid(deps.context)) return [];
  const { held, timed } = await readHoldWorkflow(deps);
  const done = [];
  for (const task of held) {
    if (done.length >= SWEEP_MAX_ACTIONS) break;
    const plan = wakePlan(deps.core, { now, held: task, hasTimer: timed.has(task.sid), fromSweep: true });
    if (plan.action === 'none') continue;
    done.push(await wakeHeld(deps, task.sid, { now, timerKey: `sweep:${now.slice(0, 16)}`, hasTimer: timed.has(task.sid), fromSweep: true }));
  }
  return done;
}

async function holdDeps(context, getClient) {
  return { core: await loadCore(), context, client: await getClient(context) };
}

module.exports = {
  TIMER_ATTRIBUTE,
  HOLD_ATTRIBUTE,
  RETENTION_ATTRIBUTE,
  armTimer,
  createCallbackOrHold,
  wakeHeld,
  heldExpired,
  sweep,
  readHoldWorkflow,
  holdDeps,
};
