// Retry by outcome in the agent's desktop: the disposition buttons, the list
// of earlier outcomes, and the outcome Flex signals by cancelling the outbound
// reservation with a reason code.
import './support/dom';

import assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'node:test';
import React from 'react';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { CustomizationProvider } from '@twilio-paste/core/customization';
import type { Core } from '@cbvm/core';

import { CallOutcomes, type CallOutcomesTask } from '../src/feature/callback-and-voicemail/custom-components/CallbackPanel/CallOutcomes';
import { createRecordOutcome, registerOutcomeDetection } from '../src/feature/callback-and-voicemail/flex-hooks/actions/recordOutcome';
import { registerState } from '../src/feature/callback-and-voicemail/flex-hooks/states/CallbackAndVoicemail';
import type { CallbackOutcomeSignal } from '../src/feature/callback-and-voicemail/services/CallbackService';
import { callBackData, createTestStore, makeTask, testCore } from './support/harness';
import { renderPanel } from './support/render';

const drawn = (ui: React.ReactElement) => render(<CustomizationProvider baseTheme="default">{ui}</CustomizationProvider>);

describe('retry by outcome', () => {
  let core: Core;
  before(async () => {
    core = await testCore();
  });
  afterEach(() => cleanup());

  it('offers Reached / No answer / Busy / Wrong number while the agent holds an undecided attempt', async () => {
    const sent: Array<[string, CallbackOutcomeSignal]> = [];
    const task = makeTask() as CallOutcomesTask;
    drawn(<CallOutcomes task={task} recordOutcome={async (t, s) => void sent.push([t.taskSid, s])} />);
    for (const name of ['Reached', 'No answer', 'Busy', 'Wrong number']) screen.getByRole('button', { name });
    fireEvent.click(screen.getByRole('button', { name: 'No answer' }));
    await waitFor(() => assert.equal(sent.length, 1));
    assert.deepEqual(sent[0], [task.taskSid, { outcome: 'no-answer' }]);
  });

  it('lists earlier outcomes and offers nothing once this attempt has one', () => {
    const task = makeTask({
      attributes: {
        taskType: 'callback',
        callBackData: callBackData({
          attempts: 1,
          outcomes: [
            { attempt: 1, result: 'no-answer', at: '2024-03-05T15:10:00Z', next: 'retry', waitMinutes: 10 },
            { attempt: 2, result: 'busy', at: '2024-03-05T15:30:00Z', next: 'stop' },
          ],
        }),
      },
    }) as CallOutcomesTask;
    drawn(<CallOutcomes task={task} recordOutcome={async () => undefined} locale="es-MX" />);
    const items = screen.getAllByTestId('cbvm-outcome').map((li) => li.textContent);
    assert.deepEqual(items, ['Intento 1: Sin respuesta (se reintenta en 10 min)', 'Intento 2: Ocupado']);
    assert.equal(screen.queryByRole('button'), null);
  });

  it('shows the outcomes inside the callback panel', () => {
    renderPanel(core, makeTask({ attributes: { taskType: 'callback', callBackData: callBackData({ attempts: 1, outcomes: [{ attempt: 1, result: 'busy', at: 'x', next: 'retry', waitMinutes: 5 }] }) } }));
    screen.getByText('Attempt 1: Busy (tried again after 5 min)');
  });

  it('wraps the callback up after a retried outcome, and not after reached', async () => {
    const store = createTestStore();
    registerState({ store } as never);
    const invoked: Array<[string, unknown]> = [];
    const flex = {
      Actions: { invokeAction: async (name: string, payload: unknown) => void invoked.push([name, payload]) },
      Notifications: { showNotification: () => undefined },
    };
    let next = 'retry';
    const record = createRecordOutcome({
      flex: flex as never,
      manager: { store } as never,
      core,
      service: { recordOutcome: async () => ({ next, outcome: 'no-answer' }) },
    });
    const task = { sid: 'WR1', taskSid: 'WT1' };
    assert.equal((await record(task, { canceledReasonCode: 45305 }))?.next, 'retry');
    assert.deepEqual(invoked, [['WrapupTask', { sid: 'WR1' }]]);
    next = 'complete';
    await record(task, { outcome: 'reached' });
    assert.equal(invoked.length, 1);
  });

  it('records the reason code Flex cancels a call back\'s outbound reservation with, on the parent callback', async () => {
    let onReservation: ((r: never) => void) | undefined;
    const workerClient = { on: (_: string, listener: (r: never) => void) => void (onReservation = listener) };
    const recorded: Array<[string, CallbackOutcomeSignal]> = [];
    registerOutcomeDetection(
      workerClient,
      (sid) => (sid === 'WTparent' ? { sid: 'WRparent', taskSid: 'WTparent' } : undefined),
      (async (t: { taskSid: string }, s: CallbackOutcomeSignal) => void recorded.push([t.taskSid, s])) as never,
    );
    const listeners: Array<(r: unknown) => void> = [];
    const reservation = {
      task: { attributes: { taskType: 'callback-outbound', parentTask: 'WTparent' } },
      on: (_: string, l: (r: unknown) => void) => void listeners.push(l),
    };
    onReservation?.(reservation as never);
    listeners[0]({ canceledReasonCode: 45303 });
    assert.deepEqual(recorded, [['WTparent', { canceledReasonCode: 45303 }]]);
    // Another task's reservations are not watched.
    onReservation?.({ task: { attributes: { taskType: 'callback' } }, on: () => assert.fail('not watched') } as never);
  });
});
