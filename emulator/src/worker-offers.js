'use strict';

// Pending tasks offered to available workers: the reservation TaskRouter makes
// when a worker matches the target a task waits in.
//
// - Workers are unavailable until a test makes them available (control
//   `workers`), so tasks wait until then, or until a test assigns them
//   (control `assign`), as before.
// - A task waiting in a workflow target is offered to an available worker
//   that holds no open task (reserved, assigned or wrapping: one task at a
//   time) and that
//   - belongs to the target's queue: the queue's TargetWorkers expression over
//     the worker's attributes (https://www.twilio.com/docs/taskrouter/api/task-queue,
//     TargetWorkers; https://www.twilio.com/docs/taskrouter/expression-syntax);
//   - matches the target's `expression`, where `worker.<key>` is the worker's
//     attribute (and `worker.sid`, `worker.friendly_name` its own fields),
//     `task.<key>` the task's attribute, and a bare key the worker's attribute
//     (https://www.twilio.com/docs/taskrouter/workflow-configuration);
//   - for a known-worker target, is the worker named by the task attribute the
//     target's `known_worker_sid` (its SID) or `known_worker_friendly_name`
//     (its friendly name) references, e.g. "task.agent_sid". A task whose
//     attribute is null, missing or names no worker stays in the target until
//     its timeout, a skip or its TTL; a worker outside the target's queue is
//     not offered the task (TaskRouter's error 40152).
//     https://www.twilio.com/docs/taskrouter/workflow-configuration/known-agent-routing
// - Tasks are offered by priority (highest first), then oldest first; among
//   the workers a task matches, the one available longest gets it (the
//   emulator's deterministic choice). The reservation is `reserved` (a
//   reservation.created event); tests accept it with the `assign` control.

const { matches, lookup } = require('./expression');
const routing = require('./workflow-routing');
const events = require('./taskrouter-events');

const OPEN_FOR_WORKER = new Set(['reserved', 'assigned', 'wrapping']);

function attributePath(reference) {
  const text = typeof reference === 'string' ? reference.trim() : '';
  return text.startsWith('task.') ? text.slice(5).split('.') : null;
}

/** Whether the worker may be offered a task in this target (queue, expression, known worker). */
function workerMatches(store, worker, target, taskAttributes) {
  const queue = store.taskQueues.get(target.queue);
  const attributes = worker.attributes || {};
  if (!queue || !matches(queue.targetWorkers || '1==1', attributes)) return false;
  if (target.known_worker_sid !== undefined || target.known_worker_friendly_name !== undefined) {
    const bySid = target.known_worker_sid !== undefined;
    const path = attributePath(bySid ? target.known_worker_sid : target.known_worker_friendly_name);
    const named = path ? lookup(taskAttributes, path) : undefined;
    if (typeof named !== 'string' || named !== (bySid ? worker.sid : worker.friendlyName)) return false;
  }
  if (target.expression === undefined || target.expression === null) return true;
  const context = {
    ...attributes,
    worker: { ...attributes, sid: worker.sid, friendly_name: worker.friendlyName },
    task: taskAttributes,
  };
  return matches(target.expression, context);
}

function busyWorkers(store) {
  const busy = new Set();
  for (const task of store.tasks.values()) if (task.workerSid && OPEN_FOR_WORKER.has(task.assignmentStatus)) busy.add(task.workerSid);
  return busy;
}

/** Offers every pending task it can to an available, free, matching worker. */
function offerTasks(store) {
  const idle = [...store.workers.values()].filter((w) => w.available);
  if (!idle.length) return;
  const busy = busyWorkers(store);
  const free = idle.filter((w) => !busy.has(w.sid)).sort((a, b) => a.availableSeq - b.availableSeq);
  if (!free.length) return;
  const pending = [...store.tasks.values()]
    .filter((t) => t.assignmentStatus === 'pending' && t.routing)
    .sort((a, b) => b.priority - a.priority || a.dateCreated - b.dateCreated || a.seq - b.seq);
  // Required here, not above: taskrouter.js requires workflow-routing, which this module does too.
  const { assignTask } = require('./taskrouter');
  for (const task of pending) {
    const target = routing.currentTarget(store, task);
    if (!target) continue;
    const attributes = events.parseAttributes(task.attributes);
    const worker = free.find((w) => !busy.has(w.sid) && workerMatches(store, w, target, attributes));
    if (!worker) continue;
    assignTask(store, task, { workerSid: worker.sid, status: 'reserved' });
    busy.add(worker.sid);
  }
}

module.exports = { offerTasks, workerMatches };
