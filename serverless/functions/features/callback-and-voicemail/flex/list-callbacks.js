'use strict';
// The supervisors' callbacks view: one page of the open callbacks and
// voicemails, read from TaskRouter by workflow and assignment status (a plain
// task list, not an EvaluateTaskAttributes filter, which is limited to three
// requests a second per account). The core refuses a viewer who is not a
// supervisor or admin (403) before anything is read, and decides each row
// (core.callbackRows). TaskRouter's page token is handed to the client, which
// sends it back for the next page.
//
// Parameters: Token (Flex token), pageSize (1-200, default 50), pageToken and
// page (from a previous answer's next), workflowSid (default: the callback
// workflow, TWILIO_FLEX_CALLBACK_WORKFLOW_SID), held=true (instead: the
// callbacks held until due, in CALLBACK_HOLD_WORKFLOW_SID; timers are left out).
// Answer: { rows: CallbackRow[], next: { pageToken, page } | null }.

const { loadCore } = require(Runtime.getFunctions()['common/core'].path);
const { getTwilioClient } = require(Runtime.getFunctions()['common/twilio-client'].path);
const { callbackConfig, deployment, schedulingOptions, holdWorkflowSid } = require(Runtime.getFunctions()['common/config'].path);
const tasks = require(Runtime.getFunctions()['common/tasks'].path);
const { validateFlexToken, viewerOf } = require(Runtime.getFunctions()['common/flex-token'].path);
const { json, failure, requestParams, MalformedRequest } = require(Runtime.getFunctions()['common/response'].path);

const OPEN_STATUSES = ['pending', 'reserved', 'assigned', 'wrapping'];
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;

function pagingOf(params) {
  const size = params.pageSize === undefined || params.pageSize === '' ? DEFAULT_PAGE_SIZE : Number(params.pageSize);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new MalformedRequest(400, `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
  }
  const pageToken = typeof params.pageToken === 'string' && params.pageToken.trim() ? params.pageToken.trim() : undefined;
  if (pageToken && !/^[A-Za-z0-9_\-=.]{1,512}$/.test(pageToken)) {
    throw new MalformedRequest(400, 'pageToken must be the next.pageToken of a previous answer.');
  }
  const page = params.page === undefined || params.page === '' ? 0 : Number(params.page);
  if (!Number.isInteger(page) || page < 0) throw new MalformedRequest(400, 'page must be the next.page of a previous answer.');
  const workflowSid = typeof params.workflowSid === 'string' && params.workflowSid.trim() ? params.workflowSid.trim() : undefined;
  if (workflowSid && !/^WW[0-9a-f]{32}$/.test(workflowSid)) {
    throw new MalformedRequest(400, 'workflowSid must be a TaskRouter workflow SID (WW followed by 32 hex digits).');
  }
  return { pageSize: size, pageToken, page, workflowSid };
}

exports.handler = async function listCallbacks(context, event, callback) {
  try {
    await deployment(context);
    const viewer = viewerOf(await validateFlexToken(context, event));
    const core = await loadCore();
    const now = () => new Date().toISOString();
    // Refuses an agent before TaskRouter is asked anything.
    core.callbackRows({ viewer, now: now(), tasks: [] });
    const paging = pagingOf(requestParams(event));
    // held=true: the callbacks held until due (the hold workflow), else the callback workflow.
    const held = String(requestParams(event).held || '') === 'true';
    const workflowSid = held ? holdWorkflowSid(context) : paging.workflowSid || callbackConfig(context).defaultWorkflowSid;
    if (!workflowSid) return callback(null, json(200, { rows: [], next: null }));
    const deps = { core, context, client: await getTwilioClient(context) };
    const { tasks: page, next } = await tasks.readTaskPageAt(
      deps,
      { assignmentStatus: OPEN_STATUSES, workflowSid, ordering: 'DateCreated:asc', pageSize: paging.pageSize },
      paging,
    );
    const window = schedulingOptions(context)?.window;
    const { rows } = core.callbackRows({ viewer, now: now(), tasks: page, ...(window ? { window } : {}) });
    return callback(null, json(200, { rows, next }));
  } catch (err) {
    return callback(null, failure(err));
  }
};
