'use strict';

// A pending task's way through its workflow over time, on the emulator clock.
//
// - A workflow is evaluated from the top: the first filter whose expression
//   matches the task's attributes is taken, and the task enters its first
//   target (a queue, an optional worker expression, an optional timeout).
//   No filter matching: the default_filter's queue.
//   https://www.twilio.com/docs/taskrouter/lifecycle-task-workflows-and-assignment
//   https://www.twilio.com/docs/taskrouter/workflow-configuration
// - A target's timeout moves the task to the filter's next target ("a Task
//   waits in a routing step until it's matched to a Worker or until a timeout
//   moves it to the next routing step": https://www.twilio.com/docs/taskrouter/worker-presence).
// - Target timeouts count on the task's age, not from when it entered the
//   target: target n times out when the age reaches the sum of the timeouts of
//   targets 0..n ("Unlike the Reservation Timeout (which always starts at zero),
//   the queue timeout will be based on the current age of the Task":
//   https://www.twilio.com/docs/taskrouter/task-evaluation).
// - After the last target's timeout the task has timed out of the workflow
//   (`workflow.timeout`, https://www.twilio.com/docs/taskrouter/api/event/reference)
//   and goes to the default_filter's queue, where it waits with no further
//   timeout; with no default_filter it stays in the last queue. (Tasks leaving
//   a named filter "still qualify for the default_filter":
//   https://www.twilio.com/docs/taskrouter/worker-presence.)
// - Updating a pending task's attributes evaluates the workflow again from the
//   top; the age-based timeouts then apply at once to the filter it lands in.
//   https://www.twilio.com/docs/taskrouter/lifecycle-task-workflows-and-assignment
// - The emulator offers tasks to no one by itself: a target's worker
//   `expression` (`1==0` matches no worker) is recorded with the task and in
//   its events; tests assign tasks with the `assignTask` control.

const { matches } = require('./expression');
const events = require('./taskrouter-events');

const MAX_TIMER_MS = 2 ** 31 - 1;
const DEFAULT_FILTER = -1;

function attributesOf(task) {
  return events.parseAttributes(task.attributes);
}

// The document a workflow routes by: its configuration, or (a workflow the
// emulator seeded without one) a default filter on its queue.
function documentOf(workflow) {
  if (workflow.configuration) return workflow.configuration;
  return { task_routing: { filters: [], default_filter: workflow.taskQueueSid ? { queue: workflow.taskQueueSid } : undefined } };
}

function targetsOf(doc, filterIndex) {
  const routing = doc.task_routing;
  if (filterIndex === DEFAULT_FILTER) return routing.default_filter ? [routing.default_filter] : [];
  const f = (routing.filters || [])[filterIndex];
  return f ? f.targets : [];
}

function filterName(doc, filterIndex) {
  if (filterIndex === DEFAULT_FILTER) return 'Default Filter';
  const f = doc.task_routing.filters[filterIndex];
  return f.filter_friendly_name || `Filter ${filterIndex + 1}`;
}

// The first filter (index) whose expression matches, else the default filter.
function matchFilter(doc, attributes) {
  const filters = doc.task_routing.filters || [];
  for (let i = 0; i < filters.length; i++) if (matches(filters[i].expression, attributes)) return i;
  return DEFAULT_FILTER;
}

// When the task's current target times out, in emulator ms; null: never.
function deadlineOf(task, doc) {
  const r = task.routing;
  if (!r || r.filterIndex === DEFAULT_FILTER || r.exhausted) return null;
  const targets = targetsOf(doc, r.filterIndex);
  let total = 0;
  for (let i = 0; i <= r.targetIndex; i++) {
    const t = targets[i];
    if (!t || t.timeout === undefined || t.timeout === null) return null;
    total += Number(t.timeout);
  }
  return task.dateCreated + total * 1000;
}

function ttlDeadline(task) {
  return task.dateCreated + task.timeout * 1000;
}

// Puts the task in a target; emits target-matched (named filters) and, when the
// queue changes, task-queue.moved (from another queue) and task-queue.entered.
function placeInTarget(store, task, doc, filterIndex, targetIndex, atMs) {
  const target = targetsOf(doc, filterIndex)[targetIndex];
  const from = task.taskQueueSid;
  const queueSid = target && store.taskQueues.has(target.queue) ? target.queue : null;
  task.routing = { filterIndex, targetIndex, exhausted: false, sinceMs: atMs, expression: target && target.expression !== undefined ? String(target.expression) : null };
  if (filterIndex !== DEFAULT_FILTER) {
    const f = doc.task_routing.filters[filterIndex];
    events.emit(store, 'workflow.target-matched', task, {
      atMs,
      description: `Task ${task.sid} matched target ${targetIndex + 1} of filter '${filterName(doc, filterIndex)}'`,
      extra: {
        WorkflowFilterName: filterName(doc, filterIndex),
        WorkflowFilterExpression: f.expression,
        WorkflowFilterTargetName: `Target ${targetIndex + 1}`,
        WorkflowFilterTargetExpression: task.routing.expression || '1==1',
        ...(queueSid ? { TaskQueueSid: queueSid, TaskQueueName: store.taskQueues.get(queueSid).friendlyName } : {}),
      },
    });
  }
  if (queueSid && queueSid !== from) {
    task.taskQueueSid = queueSid;
    task.taskQueueEnteredDate = atMs;
    if (from) {
      const e = events.emit(store, 'task-queue.moved', task, { atMs, description: `Task ${task.sid} moved from TaskQueue ${from} to ${queueSid}` });
      e.fromQueueSid = from;
    }
    events.emit(store, 'task-queue.entered', task, { atMs, description: `Task ${task.sid} entered TaskQueue ${queueSid}` });
  }
}

/** A new task enters its workflow (task.created, workflow.entered, then its first target). */
function onCreated(store, task, workflow) {
  const at = task.dateCreated;
  const doc = documentOf(workflow);
  // The queue createTask chose is entered here, with its events.
  task.taskQueueSid = null;
  task.taskQueueEnteredDate = null;
  events.emit(store, 'task.created', task, { atMs: at, description: `Task ${task.sid} created` });
  events.emit(store, 'workflow.entered', task, {
    atMs: at,
    description: `Task ${task.sid} entered Workflow ${workflow.sid}`,
    resource: { type: 'task', sid: task.sid },
  });
  placeInTarget(store, task, doc, matchFilter(doc, attributesOf(task)), 0, at);
}

/** A pending task whose attributes changed is evaluated by its workflow again, from the top. */
function reevaluate(store, task) {
  const workflow = store.workflows.get(task.workflowSid);
  if (!workflow || task.assignmentStatus !== 'pending') return;
  const doc = documentOf(workflow);
  placeInTarget(store, task, doc, matchFilter(doc, attributesOf(task)), 0, store.nowMs());
}

// One due timeout: to the next target, or out of the workflow to the default filter.
function timeOut(store, task, doc, dueMs) {
  const r = task.routing;
  const at = Math.max(dueMs, r.sinceMs);
  const e = events.emit(store, 'task-queue.timeout', task, { atMs: at, description: `Task ${task.sid} timed out of TaskQueue ${task.taskQueueSid}` });
  e.fromQueueSid = task.taskQueueSid;
  const targets = targetsOf(doc, r.filterIndex);
  if (r.targetIndex + 1 < targets.length) {
    placeInTarget(store, task, doc, r.filterIndex, r.targetIndex + 1, at);
    return;
  }
  events.emit(store, 'workflow.timeout', task, { atMs: at, description: `Task ${task.sid} timed out of Workflow ${task.workflowSid}` });
  if (doc.task_routing.default_filter) {
    placeInTarget(store, task, doc, DEFAULT_FILTER, 0, at);
  } else {
    r.exhausted = true;
    r.sinceMs = at;
  }
}

/**
 * Applies every target timeout due by now, earliest first (a task past
 * several deadlines walks through each). Tasks whose TTL comes first are left
 * to the TTL sweep.
 */
function advance(store) {
  const now = store.nowMs();
  for (let guard = 0; guard < 100000; guard++) {
    let next = null;
    for (const task of store.tasks.values()) {
      if (task.assignmentStatus !== 'pending' || !task.routing) continue;
      const wf = store.workflows.get(task.workflowSid);
      if (!wf) continue;
      const doc = documentOf(wf);
      const due = deadlineOf(task, doc);
      if (due === null || due > now || due >= ttlDeadline(task)) continue;
      if (!next || due < next.due) next = { task, doc, due };
    }
    if (!next) return;
    timeOut(store, next.task, next.doc, next.due);
  }
}

// The next instant something is due: a target timeout or a task's TTL.
function nextDue(store) {
  let next = null;
  for (const task of store.tasks.values()) {
    if (!['pending', 'reserved'].includes(task.assignmentStatus)) continue;
    const candidates = [ttlDeadline(task)];
    if (task.assignmentStatus === 'pending' && task.routing) {
      const wf = store.workflows.get(task.workflowSid);
      const due = wf ? deadlineOf(task, documentOf(wf)) : null;
      if (due !== null) candidates.push(due);
    }
    for (const c of candidates) if (next === null || c < next) next = c;
  }
  return next;
}

/**
 * Keeps one real-time timer for the next due instant while the clock runs;
 * a frozen clock moves only with advanceClock, so no timer then. `tick`
 * applies what is due (the TTL sweep, which advances routing first).
 */
function schedule(store, tick) {
  if (store.routingTimer) clearTimeout(store.routingTimer);
  store.routingTimer = null;
  if (store.frozenAtMs !== null) return;
  const due = nextDue(store);
  if (due === null) return;
  const delay = Math.min(MAX_TIMER_MS, Math.max(0, due - store.nowMs()) + 5);
  store.routingTimer = setTimeout(() => {
    store.routingTimer = null;
    tick();
  }, delay);
  store.routingTimer.unref();
}

/** The target a pending task waits in (its queue, expression, known worker), or null. */
function currentTarget(store, task) {
  const workflow = task.routing ? store.workflows.get(task.workflowSid) : null;
  if (!workflow) return null;
  const targets = targetsOf(documentOf(workflow), task.routing.filterIndex);
  return targets[Math.min(task.routing.targetIndex, targets.length - 1)] || null;
}

module.exports = { onCreated, reevaluate, advance, schedule, deadlineOf, documentOf, currentTarget, DEFAULT_FILTER };
