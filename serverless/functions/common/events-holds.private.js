'use strict';
// TaskRouter events for held callbacks (common/holds): a timer task or a held
// task whose time to live ran out (task.canceled, "Task TTL Exceeded") is a
// wake-up; every delivery also runs the sweep (at most once a minute per
// instance), since TaskRouter does not retry an event callback it could not deliver.
// Event fields: https://www.twilio.com/docs/taskrouter/api/event/reference

const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { holdWorkflowSid, holdSweepSeconds } = require(Runtime.getFunctions()['common/config'].path);
const { startDeadline } = require(Runtime.getFunctions()['common/deadline'].path);
const { parseAttributes } = require(Runtime.getFunctions()['common/tasks'].path);
const holds = require(Runtime.getFunctions()['common/holds'].path);

const TTL_EXCEEDED = 'Task TTL Exceeded';
const DEFAULT_SWEEP_SECONDS = 60;
let lastSweepAt = 0;

// Any of these deliveries gives the sweep a chance to run.
const eventTypes = [
  'task.canceled', 'task.created', 'task.completed', 'task.updated', 'task.wrapup',
  'reservation.created', 'reservation.accepted', 'reservation.rejected', 'reservation.timeout',
  'task-queue.entered', 'workflow.timeout', 'task-queue.timeout', 'worker.activity.update',
];

function isTtlExpiry(event) {
  return event.EventType === 'task.canceled' &&
    (event.TaskCanceledReason === TTL_EXCEEDED || String(event.EventDescription || '').includes(TTL_EXCEEDED));
}

// "Now" is the later of this clock and TaskRouter's time of the event: a timer
// ran out by TaskRouter's clock, and the decision follows that clock.
function nowOf(event) {
  const at = Number(event.TimestampMs || (Number(event.Timestamp) * 1000));
  return new Date(Math.max(Date.now(), Number.isFinite(at) ? at : 0)).toISOString();
}

// The held task as the event describes it (it is canceled and may soon be gone).
function heldFromEvent(event) {
  return {
    sid: event.TaskSid,
    attributes: event.TaskAttributes,
    assignmentStatus: event.TaskAssignmentStatus || 'canceled',
    workflowSid: event.WorkflowSid,
    taskChannelUniqueName: event.TaskChannelUniqueName,
    priority: Number(event.TaskPriority) || 0,
  };
}

async function handle(context, event) {
  const workflowSid = holdWorkflowSid(context);
  if (!workflowSid) return;
  startDeadline(context);
  const now = nowOf(event);
  let deps;
  if (isTtlExpiry(event) && event.WorkflowSid === workflowSid) {
    deps = await holds.holdDeps(context, getTwilioClient);
    const attributes = parseAttributes(event.TaskAttributes);
    const timer = attributes[holds.TIMER_ATTRIBUTE];
    if (timer && timer.heldTaskSid) {
      await holds.wakeHeld(deps, timer.heldTaskSid, { now, timerKey: event.TaskSid });
    } else if (attributes[holds.HOLD_ATTRIBUTE] || attributes[holds.RETENTION_ATTRIBUTE]) {
      await holds.heldExpired(deps, heldFromEvent(event), { now });
    }
  }
  const every = holdSweepSeconds(context);
  if (Date.now() - lastSweepAt < (every === undefined ? DEFAULT_SWEEP_SECONDS : every) * 1000) return;
  lastSweepAt = Date.now();
  deps = deps || (await holds.holdDeps(context, getTwilioClient));
  await holds.sweep(deps, { now });
}

module.exports = { eventTypes, handle, nowOf };
