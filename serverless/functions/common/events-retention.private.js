'use strict';
// TaskRouter events for voicemail retention (common/retention): a task's
// task.completed or task.canceled starts its recording's clock (the event
// describes the task: TaskRouter deletes it five minutes after it ends). Every
// delivery may also sweep the recently ended tasks (at most once a minute per
// instance, as often as the holds' sweep), since TaskRouter does not retry an
// event callback it could not deliver. The record's timers and wake-ups are
// the holds' (common/events-holds).
// Event fields: https://www.twilio.com/docs/taskrouter/api/event/reference

const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { voicemailRetentionHours, holdSweepSeconds } = require(Runtime.getFunctions()['common/config'].path);
const { startDeadline } = require(Runtime.getFunctions()['common/deadline'].path);
const { nowOf } = require(Runtime.getFunctions()['common/events-holds'].path);
const holds = require(Runtime.getFunctions()['common/holds'].path);
const retention = require(Runtime.getFunctions()['common/retention'].path);

const DEFAULT_SWEEP_SECONDS = 60;
let lastSweepAt = 0;

const ENDED = { 'task.completed': 'completed', 'task.canceled': 'canceled' };

// The ended task as the event describes it.
function endedFromEvent(event) {
  return {
    sid: event.TaskSid,
    attributes: event.TaskAttributes,
    assignmentStatus: event.TaskAssignmentStatus || ENDED[event.EventType],
    reason: event.TaskCanceledReason || event.TaskCompletedReason || '',
    workflowSid: event.WorkflowSid,
  };
}

module.exports = {
  // The ends, and the deliveries the deploy's EventsFilter lets through (a chance to sweep).
  eventTypes: ['task.completed', 'task.canceled', 'task.deleted', 'task-queue.entered', 'task.created'],
  async handle(context, event) {
    const hours = voicemailRetentionHours(context);
    if (hours === undefined) return;
    startDeadline(context);
    const now = nowOf(event);
    let deps;
    if (ENDED[event.EventType] && typeof event.TaskSid === 'string') {
      deps = await holds.holdDeps(context, getTwilioClient);
      await retention.retain(deps, endedFromEvent(event), { now, endedAt: now, hours });
    }
    const every = holdSweepSeconds(context);
    if (Date.now() - lastSweepAt < (every === undefined ? DEFAULT_SWEEP_SECONDS : every) * 1000) return;
    lastSweepAt = Date.now();
    deps = deps || (await holds.holdDeps(context, getTwilioClient));
    const given = await retention.sweepEnded(deps, { now, hours });
    if (given.length > 0) console.log(`retention: recovered records for ${given.join(', ')}`);
  },
};
