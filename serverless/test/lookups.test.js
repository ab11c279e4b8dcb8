'use strict';
// The shared page lookups of the wait experience on their own, against a
// stand-in TaskRouter: pages are read once per list, and a call that arrives
// while a list is read receives the pages already read with the page it asked
// for, which the core searches in one step.

const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const { loadCore } = require('@cbvm/core');

const COMMON = path.join(__dirname, '..', 'functions', 'common');
global.Runtime = {
  getFunctions: () => Object.fromEntries(
    ['config', 'deadline', 'retry', 'tasks'].map((name) => [`common/${name}`, { path: path.join(COMMON, `${name}.private.js`) }]),
  ),
};
const { pendingTaskPage } = require(path.join(COMMON, 'lookups.private.js'));

const WORKFLOW = `WW${'b'.repeat(32)}`;
const CALL = `CA${'9'.repeat(32)}`;
const sid = (prefix, i) => `${prefix}${String(i).padStart(32, '0')}`;

let core;
before(async () => {
  core = await loadCore();
});

// A workflow's waiting tasks, newest first, 50 a page, as the twilio library pages them.
function fakeClient(tasks) {
  const listed = [];
  const pageAt = (n) => ({
    instances: tasks.slice(n * 50, n * 50 + 50),
    nextPageUrl: tasks.length > (n + 1) * 50 ? `page-${n + 1}` : null,
    nextPage: async () => {
      listed.push(n + 1);
      return pageAt(n + 1);
    },
  });
  const client = {
    taskrouter: { v1: { workspaces: () => ({ tasks: { page: async () => (listed.push(0), pageAt(0)) } }) } },
  };
  return { client, listed };
}

function task(i, callSid, extra = {}) {
  return {
    sid: sid('WT', i),
    assignmentStatus: 'pending',
    dateCreated: new Date(Date.UTC(2024, 4, 1, 14, 0, 0) - i * 1000),
    attributes: JSON.stringify({ call_sid: callSid, name: 'x'.repeat(200), conversations: { a: 1 } }),
    workflowSid: WORKFLOW,
    ...extra,
  };
}

const need = (page) => ({
  type: 'pendingTasks',
  workflowSid: WORKFLOW,
  assignmentStatus: ['pending', 'reserved'],
  ordering: 'DateCreated:desc',
  pageSize: 50,
  page,
});

test('a late call reads the pages already read without a REST call, one page a step', async () => {
  const tasks = Array.from({ length: 120 }, (_, i) => task(i, sid('CA', i)));
  tasks[110] = task(110, CALL);
  const { client, listed } = fakeClient(tasks);
  const deps = { core, client, context: { ACCOUNT_SID: 'ACtest-late', TWILIO_FLEX_WORKSPACE_SID: `WS${'0'.repeat(32)}` } };
  const arrivedAt = Date.now() - 1000;

  // A first call reads the list page by page.
  for (const page of [0, 1, 2]) {
    const read = await pendingTaskPage(deps, need(page), arrivedAt);
    assert.equal(read.page, page);
  }
  assert.deepEqual(listed, [0, 1, 2]);

  // A second call that arrived as early steps through the same pages: none is read again.
  const params = { mode: 'initialize', CallSid: CALL, QueueSid: `QU${'0'.repeat(32)}`, From: '+14155550100', To: '+18005550199' };
  const context = { waitUrl: 'https://svc.test/wait', serviceBaseUrl: 'https://svc.test', now: new Date().toISOString() };
  let plan = core.waitStep({ params, context, lookups: { queue: { friendlyName: WORKFLOW } } });
  const seen = [];
  while (plan.needs) {
    assert.equal(plan.needs.type, 'pendingTasks');
    const read = await pendingTaskPage(deps, need(plan.needs.page), arrivedAt);
    seen.push([read.page, read.tasks.length, read.hasMore]);
    plan = core.waitStep({ params, context, lookups: { queue: { friendlyName: WORKFLOW }, pendingTasks: JSON.parse(JSON.stringify(read)) } });
  }
  assert.deepEqual(seen, [[0, 50, true], [1, 50, true], [2, 20, false]]);
  assert.deepEqual(listed, [0, 1, 2]);
  assert.equal(plan.twiml[0].url, `https://svc.test/wait?mode=main-wait-loop&enqueuedTaskSid=${sid('WT', 110)}`);
  // Each task crosses cut to what the core reads.
  const last = await pendingTaskPage(deps, need(2), arrivedAt);
  assert.deepEqual(last.tasks[10], {
    sid: sid('WT', 110),
    assignmentStatus: 'pending',
    dateCreated: tasks[110].dateCreated.toISOString(),
    attributes: { call_sid: CALL },
  });
});

test('attributes that are not an object cross as none', async () => {
  const tasks = [task(0, CALL, { attributes: 'not json' }), task(1, CALL, { attributes: '[1]' }), task(2, CALL, { attributes: { call_sid: 7 } })];
  const { client } = fakeClient(tasks);
  const deps = { core, client, context: { ACCOUNT_SID: 'ACtest-odd', TWILIO_FLEX_WORKSPACE_SID: `WS${'0'.repeat(32)}` } };
  const page = await pendingTaskPage(deps, need(0), Date.now() - 1000);
  assert.deepEqual(page.tasks.map((t) => t.attributes), [{}, {}, {}]);
  assert.equal(page.hasMore, false);
});
