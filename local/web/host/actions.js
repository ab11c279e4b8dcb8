// The Flex actions the host implements, registered on the real Flex Actions
// framework so that plugins' before/after listeners and replacements run as in
// Flex: SelectTask, AcceptTask, WrapupTask, CompleteTask, HangupCall,
// StartOutboundCall and SetActivity. Like Flex's, task actions take
// `{ sid }` (a reservation SID) or `{ task }`, and their payload gains `task`.
import { HOST } from './store';
import { reservationSidOf } from './tasks';

function randomHex(n) {
  const bytes = new Uint8Array(n / 2);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// Flex's canceledReasonCode of an outbound call the customer's phone did not take.
const FAILED_CALL_CODES = { 'no-answer': 45305, busy: 45303, failed: 13223 };

export function registerHostActions({ flex, store, manager, emulator, sync, config, getOutboundEnabled, record }) {
  const { Actions } = flex;

  function findTask(sid) {
    const state = store.getState();
    return state.flex.worker.tasks.get(sid) || state.host.incoming.get(sid);
  }

  // Flex fills `task` from `sid`; an unknown SID stays unknown and the action fails.
  function withTask(payload = {}) {
    if (payload.task !== undefined && payload.task !== null) return payload;
    if (!payload.sid) return payload;
    return { ...payload, task: findTask(payload.sid) };
  }

  function requireTask(name, payload) {
    if (!payload.task) throw new Error(`${name}: no task with reservation SID ${payload.sid}`);
    return payload.task;
  }

  Actions.registerAction('NavigateToView', async (payload) => {
    store.dispatch({ type: HOST.NAVIGATE, viewName: payload.viewName });
    record('NavigateToView', { viewName: payload.viewName });
  });

  Actions.registerAction('SelectTask', async (payload) => {
    if (payload.sid && !payload.task) throw new Error(`SelectTask: no task with reservation SID ${payload.sid}`);
    const sid = payload.task ? payload.task.sid : null;
    store.dispatch({ type: HOST.SELECT, sid });
    record('SelectTask', { sid });
  }, withTask);

  Actions.registerAction('AcceptTask', async (payload) => {
    const task = requireTask('AcceptTask', payload);
    await emulator.assign(task.taskSid, config.agent.workerSid, 'assigned');
    await sync.now();
    record('AcceptTask', { taskSid: task.taskSid });
    await Actions.invokeAction('SelectTask', { sid: task.sid });
  }, withTask);

  Actions.registerAction('WrapupTask', async (payload) => {
    const task = requireTask('WrapupTask', payload);
    await emulator.updateTask(task.taskSid, { AssignmentStatus: 'wrapping', Reason: 'Wrapped up in Flex' });
    record('WrapupTask', { taskSid: task.taskSid });
    await sync.now();
  }, withTask);

  Actions.registerAction('CompleteTask', async (payload) => {
    const task = requireTask('CompleteTask', payload);
    if (task.taskStatus === 'assigned') await emulator.updateTask(task.taskSid, { AssignmentStatus: 'wrapping', Reason: 'Completed in Flex' });
    await emulator.updateTask(task.taskSid, { AssignmentStatus: 'completed', Reason: 'Completed in Flex' });
    record('CompleteTask', { taskSid: task.taskSid });
    await sync.now();
  }, withTask);

  // The call of a voice task ends: the task goes to wrap-up, or completes at
  // once when it asks to (`autoClose`, as outbound callbacks do).
  Actions.registerAction('HangupCall', async (payload) => {
    const task = requireTask('HangupCall', payload);
    const callSid = task.attributes.call_sid;
    if (callSid) await emulator.hangup(callSid);
    record('HangupCall', { taskSid: task.taskSid, callSid });
    if (task.attributes.autoClose) await Actions.invokeAction('CompleteTask', { sid: task.sid });
    else await Actions.invokeAction('WrapupTask', { sid: task.sid });
  }, withTask);

  // Places a call through the emulator: the outbound call and its task,
  // assigned to this worker, which Flex then selects.
  Actions.registerAction('StartOutboundCall', async (payload) => {
    if (!getOutboundEnabled()) throw new Error('Outbound calls are not enabled for this account (outbound_call_flows.default.enabled is false).');
    if (!payload.destination) throw new Error('StartOutboundCall needs a destination.');
    const flow = manager.serviceConfiguration.outbound_call_flows.default;
    const from = payload.callerId || flow.caller_id;
    const callSid = `CA${randomHex(32)}`;
    const taskSid = `WT${randomHex(32)}`;
    const attributes = {
      ...(payload.taskAttributes || {}),
      direction: 'outbound',
      from,
      to: payload.destination,
      outbound_to: payload.destination,
      call_sid: callSid,
      name: payload.destination,
    };
    const { answer } = await emulator.phone(payload.destination).catch(() => ({ answer: 'answer' }));
    if (FAILED_CALL_CODES[answer]) {
      await failOutboundCall({ callSid, taskSid, from, attributes, flow, destination: payload.destination, answer });
      record('StartOutboundCall', { destination: payload.destination, callerId: payload.callerId, queueSid: payload.queueSid, callSid, taskSid, failed: answer });
      return;
    }
    await emulator.seed({
      calls: [{ sid: callSid, from, to: payload.destination, direction: 'outbound-api', status: 'in-progress' }],
      tasks: [{ sid: taskSid, workflowSid: flow.workflow_sid, taskChannel: 'voice', attributes, assignmentStatus: 'assigned', workerSid: config.agent.workerSid }],
    });
    record('StartOutboundCall', { destination: payload.destination, callerId: payload.callerId, queueSid: payload.queueSid, callSid, taskSid });
    await sync.now();
    await Actions.invokeAction('SelectTask', { sid: reservationSidOf(taskSid) });
  });

  // The customer does not pick up (the emulator's phones control): as Flex
  // does, the outbound task's reservation is canceled with a reason code
  // (https://support.twilio.com/hc/en-us/articles/48779348972827-Customizing-Outbound-Call-Failure-Notifications-in-Twilio-Flex: 45305 no answer, 45303
  // busy, 13223 invalid number) and the task with it; the worker's
  // reservationCreated and the reservation's canceled events carry it, as
  // twilio-taskrouter's Reservation.canceledReasonCode.
  async function failOutboundCall({ callSid, taskSid, from, attributes, flow, destination, answer }) {
    await emulator.seed({
      calls: [{ sid: callSid, from, to: destination, direction: 'outbound-api', status: answer }],
      tasks: [{ sid: taskSid, workflowSid: flow.workflow_sid, taskChannel: 'voice', attributes, assignmentStatus: 'reserved', workerSid: config.agent.workerSid }],
    });
    const listeners = [];
    const reservation = {
      sid: reservationSidOf(taskSid),
      status: 'pending',
      task: { sid: taskSid, attributes },
      on(name, fn) { if (name === 'canceled') listeners.push(fn); },
    };
    if (typeof manager.workerClient.emit === 'function') manager.workerClient.emit('reservationCreated', reservation);
    await emulator.updateTask(taskSid, { AssignmentStatus: 'canceled', Reason: `Outbound call ${answer}` });
    reservation.status = 'canceled';
    reservation.canceledReasonCode = FAILED_CALL_CODES[answer];
    listeners.forEach((fn) => fn(reservation));
    await sync.now();
  }

  Actions.registerAction('SetActivity', async (payload) => {
    const activities = Object.values(config.agent.activities);
    const activity = activities.find((a) => a.sid === payload.activitySid || a.name === payload.activityName);
    if (!activity) throw new Error(`SetActivity: no activity ${payload.activitySid || payload.activityName}`);
    manager.workerClient.activity = activity;
    store.dispatch({ type: HOST.ACTIVITY, activity });
    record('SetActivity', { activity: activity.name });
  });
}
