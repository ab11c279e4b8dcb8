'use strict';
// 2. TaskRouter: the callback workflow in the Flex workspace, routing to the
// configured queue, with the retry delays by attempt as data (the core writes
// the configuration). An existing workflow of that name is reused, and updated
// only when its configuration differs.

function sameJson(a, b) {
  const canonical = (v) => JSON.stringify(v, (k, x) => (x && typeof x === 'object' && !Array.isArray(x)
    ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => p.localeCompare(q))) : x));
  return canonical(a) === canonical(b);
}

async function workspaceOf(ctx) {
  const { options, client } = ctx;
  if (options.workspaceSid) return options.workspaceSid;
  // Flex keeps its workspace in its configuration.
  const configuration = await client.flexApi.v1.configuration().fetch();
  if (!configuration.taskrouterWorkspaceSid) {
    throw new Error('TWILIO_FLEX_WORKSPACE_SID is not set and the Flex configuration names no TaskRouter workspace.');
  }
  return configuration.taskrouterWorkspaceSid;
}

async function deployWorkflow(ctx) {
  const { options, client, core, state } = ctx;
  state.workspaceSid = await workspaceOf(ctx);
  const ws = client.taskrouter.v1.workspaces(state.workspaceSid);
  const [queue] = await ws.taskQueues.list({ friendlyName: options.queueName, limit: 1 });
  if (!queue) throw new Error(`CALLBACK_QUEUE_NAME: the workspace ${state.workspaceSid} has no TaskRouter queue named "${options.queueName}".`);
  let outcomeWaits;
  try {
    outcomeWaits = core.outcomePolicy({ policy: options.outcomePolicy }).waits;
  } catch (err) {
    throw new Error(`CALLBACK_OUTCOME_POLICY: ${err.message}`);
  }
  const configuration = core.callbackWorkflow({ queueSid: queue.sid, retryDelays: options.retryDelays, outcomeWaits });
  const [existing] = await ws.workflows.list({ friendlyName: options.workflowName, limit: 1 });
  if (existing && sameJson(JSON.parse(existing.configuration), configuration)) {
    state.workflowSid = existing.sid;
    ctx.unchanged(`TaskRouter: workflow "${options.workflowName}" (${existing.sid}) to queue "${options.queueName}"`);
    return;
  }
  const delays = options.retryDelays
    .map((d, i, all) => `attempt ${d.attempt}${i === all.length - 1 ? ' and later' : ''} waits ${d.waitMinutes} min`)
    .join(', ') || 'no retry delays';
  if (existing) {
    state.workflowSid = existing.sid;
    await ctx.change(`TaskRouter: update workflow "${options.workflowName}" (${existing.sid}): queue "${options.queueName}", ${delays}`, async () => {
      await ws.workflows(existing.sid).update({ configuration: JSON.stringify(configuration) });
      return existing.sid;
    });
    return;
  }
  await ctx.change(`TaskRouter: create workflow "${options.workflowName}": queue "${options.queueName}", ${delays}`, async () => {
    const wf = await ws.workflows.create({ friendlyName: options.workflowName, configuration: JSON.stringify(configuration) });
    state.workflowSid = wf.sid;
    return wf.sid;
  });
}

module.exports = { deployWorkflow, sameJson };
