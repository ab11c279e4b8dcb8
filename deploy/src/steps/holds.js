'use strict';
// Callbacks held until due (scheduled, or asked for outside the calling window):
// 2b. the hold workflow, whose only target is a queue no worker matches
//     (target expression 1==0), made or found by name;
// 3b. the workspace's EventCallbackUrl, set to the functions' events endpoint,
//     whose task.canceled "Task TTL Exceeded" events release held callbacks.
// A workspace posts its events to one URL only
// (https://www.twilio.com/docs/taskrouter/api/workspace, EventCallbackUrl): a
// different URL already set is never replaced silently. CBVM_EVENT_CALLBACK
// says what to do then: "replace" it, or "keep" it (whoever receives the events
// must then forward them to the events endpoint).

const { sameJson } = require('./taskrouter');
const { ON } = require('./sync');

const EVENTS_PATH = '/features/callback-and-voicemail/taskrouter/events';
const HOLD_TARGET = '1==0';

// The events the enabled features' handlers (taskrouter/events' HANDLERS) act
// on, as the core decides them (workspaceEvents): task.canceled always (held
// callbacks' timers), the others only with the feature that needs them. Only
// these are posted (EventsFilter), so a busy contact centre does not run a
// Function for every task change.
function eventsFilterFor(core, env) {
  const set = (name) => String(env[name] || '').trim() !== '';
  return core.workspaceEvents({
    onePerCustomer: ON.has(String(env.CALLBACK_ONE_PER_CUSTOMER || '').trim().toLowerCase()),
    voicemailRetention: set('VOICEMAIL_RETENTION_HOURS'),
    voicemailNotify: set('VOICEMAIL_NOTIFY_TO'),
  }).eventsFilter;
}

const sameEvents = (a, b) => {
  const events = (filter) => String(filter || '').split(',').map((e) => e.trim()).filter(Boolean).sort().join(',');
  return events(a) === events(b);
};

function holdConfiguration(queueSid) {
  return {
    task_routing: {
      filters: [{ filter_friendly_name: 'Held until due', expression: '1==1', targets: [{ queue: queueSid }] }],
      default_filter: { queue: queueSid },
    },
  };
}

// A workspace event callback set elsewhere is refused before anything is
// made, unless CBVM_EVENT_CALLBACK says what to do with it.
function checkEventCallback(ctx, current) {
  if (!current || current.endsWith(EVENTS_PATH) || ctx.options.eventCallback !== 'refuse') return;
  throw new Error(`CBVM_EVENT_CALLBACK: the workspace ${ctx.state.workspaceSid} already sends its events to ${current}, and held ` +
    `callbacks need them at this service's ${EVENTS_PATH}. Set CBVM_EVENT_CALLBACK=replace to replace it, or ` +
    'CBVM_EVENT_CALLBACK=keep to keep it and forward its events there.');
}

async function deployHoldWorkflow(ctx) {
  const { options, client, state } = ctx;
  const ws = client.taskrouter.v1.workspaces(state.workspaceSid);
  checkEventCallback(ctx, (await ws.fetch()).eventCallbackUrl);
  const { holdQueueName, holdWorkflowName } = options;
  let [queue] = await ws.taskQueues.list({ friendlyName: holdQueueName, limit: 1 });
  if (queue && queue.targetWorkers !== HOLD_TARGET) {
    throw new Error(`CALLBACK_HOLD_QUEUE_NAME: the queue "${holdQueueName}" (${queue.sid}) matches workers (${queue.targetWorkers}); ` +
      'held callbacks need a queue of their own that matches none: name another.');
  }
  if (queue) ctx.unchanged(`TaskRouter: hold queue "${holdQueueName}" (${queue.sid}), matching no worker`);
  else {
    await ctx.change(`TaskRouter: create hold queue "${holdQueueName}" (target workers ${HOLD_TARGET}: no worker)`, async () => {
      queue = await ws.taskQueues.create({ friendlyName: holdQueueName, targetWorkers: HOLD_TARGET });
      return queue.sid;
    });
  }
  const [existing] = await ws.workflows.list({ friendlyName: holdWorkflowName, limit: 1 });
  if (!queue) {
    if (!existing) await ctx.change(`TaskRouter: create hold workflow "${holdWorkflowName}" to queue "${holdQueueName}"`, async () => undefined);
    return;
  }
  const configuration = holdConfiguration(queue.sid);
  if (existing && sameJson(JSON.parse(existing.configuration), configuration)) {
    state.holdWorkflowSid = existing.sid;
    ctx.unchanged(`TaskRouter: hold workflow "${holdWorkflowName}" (${existing.sid})`);
    return;
  }
  if (existing) {
    state.holdWorkflowSid = existing.sid;
    await ctx.change(`TaskRouter: update hold workflow "${holdWorkflowName}" (${existing.sid}) to queue "${holdQueueName}"`, async () => {
      await ws.workflows(existing.sid).update({ configuration: JSON.stringify(configuration) });
      return existing.sid;
    });
    return;
  }
  await ctx.change(`TaskRouter: create hold workflow "${holdWorkflowName}" to queue "${holdQueueName}"`, async () => {
    const wf = await ws.workflows.create({ friendlyName: holdWorkflowName, configuration: JSON.stringify(configuration) });
    state.holdWorkflowSid = wf.sid;
    return wf.sid;
  });
}

async function deployEventCallback(ctx) {
  const { options, client, state, core } = ctx;
  const ws = client.taskrouter.v1.workspaces(state.workspaceSid);
  const workspace = await ws.fetch();
  const current = workspace.eventCallbackUrl || '';
  const eventsFilter = eventsFilterFor(core, options.functionsEnv);
  // The functions' own base URL rule: SERVICE_BASE_URL when set (a tunnel, a rehearsal), else their domain.
  const base = (options.functionsEnv.SERVICE_BASE_URL || '').replace(/\/+$/, '') || (state.domain ? `https://${state.domain}` : null);
  const ours = base ? `${base}${EVENTS_PATH}` : null;
  if (ours && current === ours) {
    if (sameEvents(workspace.eventsFilter, eventsFilter)) {
      ctx.unchanged(`TaskRouter: the workspace's event callback is the events function (${ours}) for ${eventsFilter}`);
      return;
    }
    await ctx.change(`TaskRouter: set the workspace's events filter to ${eventsFilter} (was ${workspace.eventsFilter || 'every event'})`, async () => {
      await ws.update({ eventsFilter });
      return eventsFilter;
    });
    return;
  }
  const target = ours || `the events function (${EVENTS_PATH})`;
  if (current && current !== ours) {
    if (options.eventCallback === 'keep') {
      ctx.unchanged(`TaskRouter: the workspace's event callback stays ${current} (CBVM_EVENT_CALLBACK=keep): forward its ${eventsFilter} events to ${target}`);
      return;
    }
    // Our own endpoint on another domain (a renamed environment) is replaced.
    if (!current.endsWith(EVENTS_PATH)) checkEventCallback(ctx, current);
  }
  await ctx.change(`TaskRouter: set the workspace's event callback to ${target} for ${eventsFilter}${current ? ` (replacing ${current})` : ''}`, async () => {
    await ws.update({ eventCallbackUrl: ours, eventsFilter });
    return ours;
  });
}

module.exports = { deployHoldWorkflow, deployEventCallback, EVENTS_PATH, eventsFilterFor };
