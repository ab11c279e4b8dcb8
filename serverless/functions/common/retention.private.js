'use strict';
// Voicemail retention (VOICEMAIL_RETENTION_HOURS): a set time after a
// voicemail's task ends, its recording and transcription are deleted at Twilio.
// The core decides (core.retentionPlan); this module acts.
//
// - The due list is on TaskRouter alone: when a voicemail's task ends, a
//   *retention record* is held in the hold workflow (common/holds), created
//   under the natural key `retention:<task SID>` (a repeated event, or the net
//   below, finds it) and woken by the holds' timer tasks and sweep. Its release
//   claims it with If-Match and deletes the recording: exactly once.
// - The record carries what the deletion needs (task, recording and
//   transcription SIDs): TaskRouter deletes a completed or canceled task five
//   minutes after it ends (https://www.twilio.com/docs/taskrouter/lifecycle-task-state),
//   long before the record is due. If TaskRouter still has the task, it is also
//   marked callBackData.isDeleted, as the agent's delete does (common/voicemail-deletion).
// - TaskRouter does not retry event callbacks: a lost task.completed would leave
//   a recording with no record. Event deliveries therefore also sweep the ended
//   tasks TaskRouter still lists (those five minutes) and give each voicemail
//   without a record its record.

const tasks = require(Runtime.getFunctions()['common/tasks'].path);
const holds = require(Runtime.getFunctions()['common/holds'].path);
const { holdWorkflowSid, callbackConfig } = require(Runtime.getFunctions()['common/config'].path);
const { deleteVoicemail, removeIfPresent } = require(Runtime.getFunctions()['common/voicemail-deletion'].path);

const ENDED_STATUSES = ['completed', 'canceled'];
const SWEEP_PAGE_SIZE = 200;
const SWEEP_MAX_PAGES = 2;
// Records made per sweep, to stay well inside a Function's 10 s.
const SWEEP_MAX_RECORDS = 5;

function iso(value) {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * Deletes what a due record names (the core's delete plan): through the agent's
 * delete path while TaskRouter still has the task (deleted and marked), else
 * the transcription and the recording by their SIDs. A 404 means done already.
 */
async function deleteRetained(deps, plan) {
  if (await tasks.findTask(deps, plan.taskSid)) {
    try {
      await deleteVoicemail(deps, { params: { taskSid: plan.taskSid }, by: 'retention' });
      return;
    } catch (err) {
      if (!(err && err.status === 404)) throw err;
    }
  }
  if (plan.transcriptSid) await removeIfPresent(deps, () => deps.client.transcriptions(plan.transcriptSid).remove());
  await removeIfPresent(deps, () => deps.client.recordings(plan.recordingSid).remove());
}

/**
 * Starts the clock for an ended task ({ sid, attributes, assignmentStatus,
 * reason, workflowSid }) that ended at `endedAt` (ISO): holds its retention
 * record, unless the core says it needs none. Answers the core's action.
 */
async function retain(deps, task, { now, endedAt, hours }) {
  const plan = deps.core.retentionPlan({
    phase: 'ended',
    now,
    endedAt,
    retentionHours: hours,
    holdWorkflowSid: holdWorkflowSid(deps.context),
    task,
  });
  if (plan.action === 'delete') await deleteRetained(deps, plan);
  if (plan.action !== 'hold') return plan.action;
  // The key's task can be no older than the task's end.
  const record = await tasks.createTask(deps, plan.heldTask, { key: plan.heldTask.requestKey, since: Date.parse(endedAt) });
  if (!record.existing) {
    try {
      await holds.armTimer(deps, record.sid, plan.timer, `timer:${record.sid}:first`);
    } catch (err) {
      // The holds' sweep arms a timer for a record that has none.
      console.warn(`retention: no timer for ${record.sid} yet (${err.message}); the sweep will arm one`);
    }
  }
  return record.existing ? 'existing' : 'hold';
}

/**
 * The net for lost task.completed / task.canceled events: the ended tasks of
 * the callback workflow (TaskRouter lists them for five minutes) that need a
 * record and have none get one. Answers the tasks given a record.
 */
async function sweepEnded(deps, { now, hours }) {
  const holdSid = holdWorkflowSid(deps.context);
  const workflowSid = callbackConfig(deps.context).defaultWorkflowSid;
  if (!holdSid || !workflowSid) return [];
  const candidates = [];
  let previous = null;
  for (let pages = 0; pages < SWEEP_MAX_PAGES; pages += 1) {
    const read = await tasks.readTaskPage(
      deps,
      { assignmentStatus: ENDED_STATUSES, workflowSid, ordering: 'DateCreated:desc', pageSize: SWEEP_PAGE_SIZE },
      previous,
    );
    const instances = read.page ? read.page.instances : [];
    read.tasks.forEach((task, i) => {
      const endedAt = iso(instances[i] && instances[i].dateUpdated) || now;
      const plan = deps.core.retentionPlan({ phase: 'ended', now, endedAt, retentionHours: hours, holdWorkflowSid: holdSid, task });
      if (plan.action !== 'none') candidates.push({ task, endedAt });
    });
    if (!read.hasMore) break;
    previous = read.page;
  }
  if (candidates.length === 0) return [];
  // The records already held (the holds' sweep of this delivery shares the read).
  const { retained: recorded } = await holds.readHoldWorkflow(deps);
  const given = [];
  for (const { task, endedAt } of candidates) {
    if (given.length >= SWEEP_MAX_RECORDS) break;
    if (recorded.has(task.sid)) continue;
    if ((await retain(deps, task, { now, endedAt, hours })) === 'hold') given.push(task.sid);
  }
  return given;
}

module.exports = { retain, deleteRetained, sweepEnded };
