'use strict';
// TaskRouter event handler: when a task ends (completed, canceled, deleted),
// the open-callback index forgets it (common/callback-index). Only an item that
// still names the ended task is removed, at the revision read (If-Match), so a
// newer callback for the number keeps its item. TaskRouter does not retry this
// callback: an item missed here is found stale by the next request for the
// number, which takes it over.

const { loadCore } = require(Runtime.getFunctions()['common/core'].path);
const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { callbackIndexOptions } = require(Runtime.getFunctions()['common/config'].path);
const { readEntry, itemsOf } = require(Runtime.getFunctions()['common/callback-index'].path);
const { withRetry } = require(Runtime.getFunctions()['common/retry'].path);

module.exports = {
  eventTypes: ['task.completed', 'task.canceled', 'task.deleted'],
  async handle(context, event) {
    const options = callbackIndexOptions(context);
    if (!options) return;
    const core = await loadCore();
    const task = { sid: event.TaskSid, workflowSid: event.WorkflowSid, attributes: event.TaskAttributes };
    const { key } = core.callbackIndexEnded({ task });
    if (!key) return;
    const deps = { core, context, client: await getTwilioClient(context) };
    const entry = await readEntry(deps, options, key);
    if (!entry) return;
    const { clear, revision } = core.callbackIndexEnded({ task, entry });
    if (!clear) return;
    try {
      await withRetry(core, context, () => itemsOf(deps, options)(key).remove({ ifMatch: revision }));
    } catch (err) {
      // Gone already, or taken over by a newer callback since it was read.
      if (err && (err.status === 404 || err.status === 412)) return;
      throw err;
    }
  },
};
