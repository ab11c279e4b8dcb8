'use strict';

// TaskQueue and Workflow statistics, computed from the emulator's tasks (real
// time) and from its log of TaskRouter events (cumulative).
//
// TaskQueue statistics (RealTimeStatistics, CumulativeStatistics, Statistics,
// and the TaskQueues/Statistics list): https://www.twilio.com/docs/taskrouter/taskqueue-statistics
// Workflow statistics: the fields of the twilio library and twilio_taskrouter_v1.json (twilio/twilio-oai).
// Cumulative statistics cover a window: StartDate..EndDate, or the last
// `Minutes` (default 15) before EndDate (default now). Wait durations are in
// seconds: until accepted from the task's creation (avg_task_acceptance_time
// is their average), in queue from when it entered the queue.
// SplitByWaitTime=t1,t2,… counts tasks canceled and reservations accepted
// below and above each threshold (seconds of wait).

const crypto = require('node:crypto');
const { isoDate } = require('./store');
const { badRequest, notFound, single } = require('./http');
const { metaPage } = require('./paging');
const { compile } = require('./expression');
const { withWorkspace, wsPath, parseDate } = require('./taskrouter');

const WAITING = ['pending', 'reserved'];
const IN_QUEUE = ['pending', 'reserved', 'assigned', 'wrapping'];

// ---------- parameters ----------

function channelFilter(store, query) {
  const name = single(query.TaskChannel);
  if (name === undefined || name === '') return () => true;
  const ch = store.findTaskChannel(String(name));
  if (!ch) throw badRequest(`TaskChannel ${name} does not exist in workspace ${store.workspaceSid}`, 20001);
  return (channelSid) => channelSid === ch.sid;
}

function timeWindow(store, query) {
  const endRaw = single(query.EndDate);
  const startRaw = single(query.StartDate);
  const minutesRaw = single(query.Minutes);
  const end = endRaw === undefined ? store.nowMs() : parseDate(endRaw, 'EndDate');
  let minutes = 15;
  if (minutesRaw !== undefined) {
    minutes = Number(minutesRaw);
    if (!Number.isInteger(minutes) || minutes < 1) throw badRequest('Minutes must be a positive whole number', 20001);
  }
  const start = startRaw === undefined ? end - minutes * 60000 : parseDate(startRaw, 'StartDate');
  if (start > end) throw badRequest('StartDate must be before EndDate', 20001);
  return { start, end };
}

function thresholds(query) {
  const raw = single(query.SplitByWaitTime);
  if (raw === undefined || raw === '') return null;
  return String(raw).split(',').map((s) => {
    const n = Number(s.trim());
    if (!Number.isInteger(n) || n < 0) throw badRequest(`SplitByWaitTime must be whole seconds: ${raw}`, 20001);
    return n;
  });
}

// ---------- computations ----------

function durations(msList) {
  if (!msList.length) return { avg: 0, min: 0, max: 0, total: 0 };
  const secs = msList.map((ms) => Math.max(0, Math.round(ms / 1000)));
  const total = secs.reduce((a, b) => a + b, 0);
  return { avg: Math.round(total / secs.length), min: Math.min(...secs), max: Math.max(...secs), total };
}

function split(limits, canceled, accepted) {
  if (!limits) return null;
  const out = {};
  for (const t of limits) {
    const side = (ms, below) => (below ? ms < t * 1000 : ms >= t * 1000);
    const counts = (below) => ({
      tasks_canceled: canceled.filter((e) => side(e.ageMs, below)).length,
      reservations_accepted: accepted.filter((e) => side(e.ageMs, below)).length,
    });
    out[String(t)] = { above: counts(false), below: counts(true) };
  }
  return out;
}

// Cumulative figures over the events `belongs` selects in the window.
function cumulative(store, query, belongs) {
  const { start, end } = timeWindow(store, query);
  const onChannel = channelFilter(store, query);
  const limits = thresholds(query);
  const inWindow = store.taskrouterEvents.filter((e) => e.atMs >= start && e.atMs <= end && onChannel(e.params.TaskChannelSid));
  const of = (type) => inWindow.filter((e) => e.eventType === type && belongs(e));
  const accepted = of('reservation.accepted');
  const canceled = of('task.canceled');
  const untilAccepted = durations(accepted.map((e) => e.ageMs));
  return {
    window: { start, end },
    stats: {
      avg_task_acceptance_time: untilAccepted.avg,
      start_time: isoDate(start),
      end_time: isoDate(end),
      reservations_created: of('reservation.created').length,
      reservations_accepted: accepted.length,
      reservations_rejected: 0,
      reservations_timed_out: 0,
      reservations_canceled: 0,
      reservations_rescinded: 0,
      split_by_wait_time: split(limits, canceled, accepted),
      wait_duration_until_accepted: untilAccepted,
      wait_duration_until_canceled: durations(canceled.map((e) => e.ageMs)),
      tasks_canceled: canceled.length,
      tasks_completed: of('task.completed').length,
      tasks_deleted: of('task.deleted').length,
    },
    of,
    inWindow,
  };
}

function queueCumulative(store, queue, query) {
  const inQueue = (e) => e.params.TaskQueueSid === queue.sid;
  const c = cumulative(store, query, inQueue);
  return {
    ...c.stats,
    wait_duration_in_queue_until_accepted: durations(c.of('reservation.accepted').map((e) => e.inQueueMs || 0)),
    tasks_entered: c.of('task-queue.entered').length,
    tasks_moved: c.inWindow.filter((e) => e.eventType === 'task-queue.moved' && e.fromQueueSid === queue.sid).length,
  };
}

function workflowCumulative(store, workflow, query) {
  const c = cumulative(store, query, (e) => e.params.WorkflowSid === workflow.sid);
  return {
    ...c.stats,
    tasks_entered: c.of('workflow.entered').length,
    tasks_moved: c.of('task-queue.moved').length,
    tasks_timed_out_in_workflow: c.of('workflow.timeout').length,
  };
}

// The tasks in a queue right now, in the order TaskRouter offers them: higher
// priority first, then earlier virtual_start_time (which defaults to creation).
// https://www.twilio.com/docs/taskrouter/api/task (VirtualStartTime, Priority)
function queuedTasks(store, queueSid) {
  return [...store.tasks.values()]
    .filter((t) => t.taskQueueSid === queueSid && IN_QUEUE.includes(t.assignmentStatus))
    .sort((a, b) => (b.priority - a.priority) || (a.virtualStartTime - b.virtualStartTime) || (a.seq - b.seq));
}

function taskCounts(store, tasks, now) {
  const byStatus = { pending: 0, reserved: 0, assigned: 0, wrapping: 0 };
  const byPriority = {};
  let longest = null;
  for (const t of tasks) {
    byStatus[t.assignmentStatus] += 1;
    byPriority[String(t.priority)] = (byPriority[String(t.priority)] || 0) + 1;
    if (WAITING.includes(t.assignmentStatus) && (!longest || t.dateCreated < longest.dateCreated)) longest = t;
  }
  return {
    tasks_by_status: byStatus,
    tasks_by_priority: byPriority,
    total_tasks: tasks.length,
    longest_task_waiting_age: longest ? Math.floor((now - longest.dateCreated) / 1000) : 0,
    longest_task_waiting_sid: longest ? longest.sid : null,
  };
}

const activitySid = (name) => `WA${crypto.createHash('md5').update(`activity:${name}`).digest('hex')}`;

// Workers the queue's TargetWorkers admit (the emulator's workers carry the
// attributes they were seeded with); a worker holding a reserved or assigned
// task counts as busy, the others as Available.
function workerCounts(store, queue) {
  let admits;
  try {
    admits = compile(String(queue.targetWorkers || '1==1'));
  } catch {
    admits = () => false;
  }
  const busy = new Set([...store.tasks.values()]
    .filter((t) => ['reserved', 'assigned', 'wrapping'].includes(t.assignmentStatus) && t.workerSid)
    .map((t) => t.workerSid));
  const eligible = [...store.workers.values()].filter((w) => admits(w.attributes || {}));
  const available = eligible.filter((w) => !busy.has(w.sid)).length;
  return {
    total_eligible_workers: eligible.length,
    total_available_workers: available,
    activity_statistics: [
      { sid: activitySid('Available'), friendly_name: 'Available', workers: available },
      { sid: activitySid('Unavailable'), friendly_name: 'Unavailable', workers: eligible.length - available },
      { sid: activitySid('Offline'), friendly_name: 'Offline', workers: 0 },
    ],
  };
}

function queueRealTime(store, queue, query) {
  const onChannel = channelFilter(store, query);
  const now = store.nowMs();
  const tasks = queuedTasks(store, queue.sid).filter((t) => onChannel(t.taskChannelSid));
  let relative = null;
  for (const t of tasks) {
    if (WAITING.includes(t.assignmentStatus) && t.taskQueueEnteredDate !== null
      && (!relative || t.taskQueueEnteredDate < relative.taskQueueEnteredDate)) relative = t;
  }
  return {
    ...taskCounts(store, tasks, now),
    longest_relative_task_age_in_queue: relative ? Math.floor((now - relative.taskQueueEnteredDate) / 1000) : 0,
    longest_relative_task_sid_in_queue: relative ? relative.sid : null,
    ...workerCounts(store, queue),
  };
}

// ---------- HTTP ----------

function getQueue(store, sid) {
  const q = store.taskQueues.get(sid);
  if (!q) throw notFound(`${wsPath(store)}/TaskQueues/${sid}`);
  return q;
}

function getWorkflow(store, sid) {
  const w = store.workflows.get(sid);
  if (!w) throw notFound(`${wsPath(store)}/Workflows/${sid}`);
  return w;
}

const common = (store) => ({ account_sid: store.accountSid, workspace_sid: store.workspaceSid });

function queueStatistics(store, q, query, baseUrl) {
  return {
    ...common(store),
    cumulative: queueCumulative(store, q, query),
    realtime: queueRealTime(store, q, query),
    task_queue_sid: q.sid,
    url: `${baseUrl}${wsPath(store)}/TaskQueues/${q.sid}/Statistics`,
  };
}

const handlers = {
  queueRealTime: ({ store, params, query, baseUrl }) => {
    const q = getQueue(store, params.taskQueueSid);
    return {
      status: 200,
      body: { ...common(store), ...queueRealTime(store, q, query), task_queue_sid: q.sid, url: `${baseUrl}${wsPath(store)}/TaskQueues/${q.sid}/RealTimeStatistics` },
    };
  },
  queueCumulative: ({ store, params, query, baseUrl }) => {
    const q = getQueue(store, params.taskQueueSid);
    return {
      status: 200,
      body: { ...common(store), ...queueCumulative(store, q, query), task_queue_sid: q.sid, url: `${baseUrl}${wsPath(store)}/TaskQueues/${q.sid}/CumulativeStatistics` },
    };
  },
  queueStatistics: ({ store, params, query, baseUrl }) => ({
    status: 200,
    body: queueStatistics(store, getQueue(store, params.taskQueueSid), query, baseUrl),
  }),
  listQueueStatistics: ({ store, query, baseUrl }) => {
    const name = single(query.FriendlyName);
    const items = [...store.taskQueues.values()].filter((q) => name === undefined || q.friendlyName === name);
    // Parameters are checked once, even for an empty page.
    timeWindow(store, query);
    channelFilter(store, query);
    thresholds(query);
    return {
      status: 200,
      body: metaPage({
        items,
        query,
        baseUrl,
        path: `${wsPath(store)}/TaskQueues/Statistics`,
        key: 'task_queues_statistics',
        toJson: (q) => {
          const { url, ...rest } = queueStatistics(store, q, query, baseUrl);
          return rest;
        },
      }),
    };
  },
  workflowRealTime: ({ store, params, query, baseUrl }) => {
    const w = getWorkflow(store, params.workflowSid);
    const onChannel = channelFilter(store, query);
    const tasks = [...store.tasks.values()].filter((t) => t.workflowSid === w.sid && IN_QUEUE.includes(t.assignmentStatus) && onChannel(t.taskChannelSid));
    return {
      status: 200,
      body: { ...common(store), ...taskCounts(store, tasks, store.nowMs()), workflow_sid: w.sid, url: `${baseUrl}${wsPath(store)}/Workflows/${w.sid}/RealTimeStatistics` },
    };
  },
  workflowCumulative: ({ store, params, query, baseUrl }) => {
    const w = getWorkflow(store, params.workflowSid);
    return {
      status: 200,
      body: { ...common(store), ...workflowCumulative(store, w, query), workflow_sid: w.sid, url: `${baseUrl}${wsPath(store)}/Workflows/${w.sid}/CumulativeStatistics` },
    };
  },
};

const WS = '^/taskrouter/v1/Workspaces/(?<workspaceSid>[^/]+)';
const Q = `${WS}/TaskQueues/(?<taskQueueSid>WQ[^/]+)`;
const W = `${WS}/Workflows/(?<workflowSid>[^/]+)`;

// Listed before taskrouter.js's routes: TaskQueues/Statistics is not a queue SID.
const routes = [
  { method: 'GET', re: new RegExp(`${WS}/TaskQueues/Statistics$`), kind: 'taskrouter.taskqueues.statistics-list', handler: handlers.listQueueStatistics },
  { method: 'GET', re: new RegExp(`${Q}/RealTimeStatistics$`), kind: 'taskrouter.taskqueues.realtime-statistics', handler: handlers.queueRealTime },
  { method: 'GET', re: new RegExp(`${Q}/CumulativeStatistics$`), kind: 'taskrouter.taskqueues.cumulative-statistics', handler: handlers.queueCumulative },
  { method: 'GET', re: new RegExp(`${Q}/Statistics$`), kind: 'taskrouter.taskqueues.statistics', handler: handlers.queueStatistics },
  { method: 'GET', re: new RegExp(`${W}/RealTimeStatistics$`), kind: 'taskrouter.workflows.realtime-statistics', handler: handlers.workflowRealTime },
  { method: 'GET', re: new RegExp(`${W}/CumulativeStatistics$`), kind: 'taskrouter.workflows.cumulative-statistics', handler: handlers.workflowCumulative },
].map((r) => ({ ...r, handler: withWorkspace(r.handler) }));

module.exports = { routes, queueRealTime, queueCumulative, queuedTasks };
