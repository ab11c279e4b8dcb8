'use strict';
// Workflows and task queues as a deploy creates them, through the official client.

const test = require('node:test');
const assert = require('node:assert/strict');
const { setup, rejection } = require('./helpers');

test('TaskRouter workflows and queues through the official client', async (t) => {
  const { emu, client, ws } = await setup();
  t.after(() => emu.close());

  const config = (queue) => ({
    task_routing: {
      filters: [
        {
          filter_friendly_name: 'Retries wait',
          expression: 'callBackData.attempts >= 1',
          targets: [{ queue, expression: '1==0', timeout: 600 }, { queue }],
        },
      ],
      default_filter: { queue: emu.defaultTaskQueueSid },
    },
  });

  await t.test('a queue and a workflow are created, found by name, and route by their filters', async () => {
    const queue = await ws.taskQueues.create({ friendlyName: 'Callbacks', targetWorkers: '1==1' });
    assert.match(queue.sid, /^WQ[0-9a-f]{32}$/);
    const [found] = await ws.taskQueues.list({ friendlyName: 'Callbacks' });
    assert.equal(found.sid, queue.sid);

    const wf = await ws.workflows.create({ friendlyName: 'Callback', configuration: JSON.stringify(config(queue.sid)) });
    assert.match(wf.sid, /^WW[0-9a-f]{32}$/);
    assert.deepEqual(JSON.parse(wf.configuration), config(queue.sid));
    assert.equal(wf.taskReservationTimeout, 120);
    const [byName] = await ws.workflows.list({ friendlyName: 'Callback' });
    assert.equal(byName.sid, wf.sid);

    const retry = await ws.tasks.create({ workflowSid: wf.sid, attributes: JSON.stringify({ callBackData: { attempts: 1 } }) });
    assert.equal(retry.taskQueueSid, queue.sid);
    const first = await ws.tasks.create({ workflowSid: wf.sid, attributes: JSON.stringify({ callBackData: { attempts: 0 } }) });
    assert.equal(first.taskQueueSid, emu.defaultTaskQueueSid);

    const updated = await ws.workflows(wf.sid).update({ configuration: JSON.stringify({ task_routing: { default_filter: { queue: queue.sid } } }) });
    assert.deepEqual(JSON.parse(updated.configuration).task_routing.default_filter, { queue: queue.sid });
    const later = await ws.tasks.create({ workflowSid: wf.sid, attributes: '{}' });
    assert.equal(later.taskQueueSid, queue.sid);
  });

  await t.test('a configuration TaskRouter would refuse is refused with 400', async () => {
    const bad = [
      'not json',
      JSON.stringify({ routing: {} }),
      JSON.stringify({ task_routing: { filters: [{ expression: 'a ==', targets: [{ queue: emu.defaultTaskQueueSid }] }] } }),
      JSON.stringify({ task_routing: { filters: [{ expression: '1==1', targets: [] }] } }),
      JSON.stringify({ task_routing: { default_filter: { queue: 'WQ11111111111111111111111111111111' } } }),
      JSON.stringify({ task_routing: { filters: [{ expression: '1==1', targets: [{ queue: emu.defaultTaskQueueSid, timeout: -1 }] }] } }),
    ];
    for (const configuration of bad) {
      const err = await rejection(ws.workflows.create({ friendlyName: 'Bad', configuration }));
      assert.equal(err.status, 400, configuration);
      assert.match(err.message, /Invalid Workflow configuration/);
    }
    // The library itself refuses a create without Configuration; the emulator answers a raw one.
    const raw = await client.request({
      method: 'post',
      uri: `https://taskrouter.twilio.com/v1/Workspaces/${emu.workspaceSid}/Workflows`,
      data: { FriendlyName: 'No config' },
    });
    assert.equal(raw.statusCode, 400);
  });
});
