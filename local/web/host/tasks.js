// Tasks as Flex presents them to plugins (ITask): `sid` is the worker's
// reservation SID and `taskSid` the TaskRouter task, attributes are an object,
// `status` is the reservation's status and `taskStatus` the task's.
import { HOST } from './store';

const RESERVATION_STATUS = { pending: 'pending', reserved: 'pending', assigned: 'accepted', wrapping: 'wrapping', completed: 'completed', canceled: 'canceled' };

/** The reservation SID the demo worker has (or would have) for a task. */
export function reservationSidOf(taskSid) {
  return `WR${taskSid.slice(2)}`;
}

function parseAttributes(raw) {
  if (raw && typeof raw === 'object') return raw;
  try {
    const value = JSON.parse(raw || '{}');
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}

export function toITask(rest, workerSid) {
  const attributes = parseAttributes(rest.attributes);
  return {
    sid: reservationSidOf(rest.sid),
    taskSid: rest.sid,
    workerSid,
    status: RESERVATION_STATUS[rest.assignment_status] || rest.assignment_status,
    taskStatus: rest.assignment_status,
    attributes,
    taskChannelSid: rest.task_channel_sid,
    taskChannelUniqueName: rest.task_channel_unique_name,
    channelType: rest.task_channel_unique_name,
    queueName: rest.task_queue_friendly_name,
    queueSid: rest.task_queue_sid,
    workflowSid: rest.workflow_sid,
    workflowName: rest.workflow_friendly_name,
    priority: rest.priority,
    timeout: rest.timeout,
    age: rest.age,
    reason: rest.reason,
    dateCreated: new Date(rest.date_created),
    dateUpdated: new Date(rest.date_updated),
    virtualStartTime: rest.virtual_start_time ? new Date(rest.virtual_start_time) : undefined,
    defaultFrom: attributes.from,
    source: rest,
  };
}

/**
 * Keeps the store's tasks in step with the emulator: the worker's tasks
 * (reserved, assigned, wrapping) in state.flex.worker.tasks, tasks waiting in
 * the queue in state.host.incoming. When the selected reservation goes away,
 * selects "no task" the way Flex does (SelectTask with task null), which is
 * when a plugin may pick another task instead.
 */
export function createTaskSync({ store, emulator, flex, agent, intervalMs = 700 }) {
  let timer = null;
  let running = null;
  let lastError = null;

  // Flex offers a task only through a reservation: a task waiting in a queue
  // whose target expression matches no worker (1==0, e.g. callbacks held
  // until due) is never offered, so the host does not list it either.
  let unmatched = null;
  async function syncOnce() {
    const rest = await emulator.liveTasks();
    if (!unmatched || rest.some((t) => t.task_queue_sid && !unmatched.known.has(t.task_queue_sid))) {
      const queues = await emulator.taskQueues();
      unmatched = { known: new Set(queues.map((q) => q.sid)), none: new Set(queues.filter((q) => q.target_workers === '1==0').map((q) => q.sid)) };
    }
    const mine = new Map();
    const waiting = new Map();
    for (const task of rest) {
      const itask = toITask(task, agent.workerSid);
      if (task.assignment_status === 'pending' && unmatched.none.has(task.task_queue_sid)) continue;
      if (task.assignment_status === 'pending') waiting.set(itask.sid, itask);
      else if (task.worker_sid === agent.workerSid) mine.set(itask.sid, itask);
    }
    const before = store.getState().flex;
    const changed = (a, b) => a.size !== b.size || [...a].some(([sid, t]) => !b.has(sid) || JSON.stringify(b.get(sid).source) !== JSON.stringify(t.source));
    if (changed(mine, before.worker.tasks)) store.dispatch({ type: HOST.TASKS_SYNCED, tasks: mine });
    if (changed(waiting, store.getState().host.incoming)) store.dispatch({ type: HOST.INCOMING, tasks: waiting });
    const selected = before.view.selectedTaskSid;
    if (selected && !mine.has(selected) && !waiting.has(selected)) {
      await flex.Actions.invokeAction('SelectTask', { task: null, sid: undefined }).catch(() => undefined);
    }
  }

  function sync() {
    if (!running) {
      running = syncOnce()
        .then(() => { lastError = null; })
        .catch((err) => {
          if (String(err) !== String(lastError)) console.error('Task sync failed:', err);
          lastError = err;
        })
        .finally(() => { running = null; });
    }
    return running;
  }

  return {
    /** Syncs now (after an action) and resolves when the store is up to date. */
    async now() {
      await sync();
      await sync();
    },
    start() {
      if (!timer) timer = setInterval(sync, intervalMs);
      return sync();
    },
    stop() {
      clearInterval(timer);
      timer = null;
    },
  };
}
