// The supervisors' callbacks view with React Testing Library: rows, paging,
// cancel (with a reason), reschedule, assign, failures, and its registration
// with the real Flex UI (supervisors and admins only).
import './support/dom';

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import React from 'react';
import * as Flex from '@twilio/flex-ui';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { CustomizationProvider } from '@twilio-paste/core/customization';
import type { CallbackRow } from '@cbvm/core';

import { CALLBACKS_VIEW_NAME, isSupervisor, registerCallbacksView } from '../src/feature/callback-and-voicemail/callbacks-view';
import { CallbacksView } from '../src/feature/callback-and-voicemail/callbacks-view/CallbacksView';
import type { CallbacksPage, CallbacksViewService, ManageRequest, PageCursor } from '../src/feature/callback-and-voicemail/callbacks-view/service';
import { VIEW_LOCALES, viewStringsForLocale } from '../src/feature/callback-and-voicemail/callbacks-view/strings';
import { createManager } from './support/harness';

const NOW = new Date('2027-03-15T14:00:00Z');
const sid = (n: number) => `WT${String(n).padStart(32, '0')}`;

function row(n: number, over: Partial<CallbackRow> = {}): CallbackRow {
  return {
    taskSid: sid(n),
    kind: 'callback',
    state: 'waiting',
    number: `+1415555010${n}`,
    queueName: 'Callbacks',
    ageSeconds: 600,
    attempt: 1,
    nextDue: NOW.toISOString(),
    assignedTo: null,
    actions: { reschedule: true, cancel: true, assign: true },
    ...over,
  };
}

function fakeService(pages: CallbacksPage[], fail?: string) {
  const listed: (PageCursor | null | undefined)[] = [];
  const managed: ManageRequest[] = [];
  const service: CallbacksViewService = {
    async list(cursor) {
      listed.push(cursor);
      return cursor ? pages[cursor.page] : pages[0];
    },
    async manage(request) {
      managed.push(request);
      if (fail) throw new Error(fail);
      return { message: `Task ${request.taskSid} done.` };
    },
  };
  return { service, listed, managed };
}

function renderView(service: CallbacksViewService, locale = 'en-US') {
  const strings = viewStringsForLocale(locale);
  return render(
    <CustomizationProvider baseTheme="default">
      <CallbacksView service={service} strings={() => strings} locale={() => locale} timeZone={() => 'UTC'} now={() => NOW} />
    </CustomizationProvider>,
  );
}

const rowOf = (n: number) => screen.getByTestId(`cbvm-row-${sid(n)}`);

describe('CallbacksView', () => {
  afterEach(() => cleanup());

  it('shows each row with number, type, queue, state, age, attempt, next due and only its allowed actions', async () => {
    const { service } = fakeService([
      {
        rows: [
          row(1),
          row(2, { kind: 'voicemail', state: 'assigned', queueName: 'Sales', nextDue: null, actions: { reschedule: false, cancel: false, assign: false } }),
          row(3, { state: 'scheduled', nextDue: '2027-03-16T15:00:00.000Z', attempt: 2, ageSeconds: 7200 }),
        ],
        next: null,
      },
    ]);
    renderView(service);
    await screen.findByTestId(`cbvm-row-${sid(1)}`);
    const first = within(rowOf(1));
    for (const text of ['+14155550101', 'Callback', 'Callbacks', 'Waiting', '10m', 'Now']) assert.ok(first.getByText(text), text);
    assert.deepEqual(first.getAllByRole('button').map((b) => b.textContent), ['Reschedule', 'Cancel', 'Assign to me']);
    const second = within(rowOf(2));
    assert.ok(second.getByText('Voicemail') && second.getByText('With an agent') && second.getByText('—'));
    assert.equal(second.queryAllByRole('button').length, 0);
    const third = within(rowOf(3));
    assert.ok(third.getByText('Scheduled') && third.getByText('2h 0m') && third.getByText('2'));
    assert.match(rowOf(3).textContent ?? '', /Mar 16|16/);
  });

  it('pages with the token the function gave, and back to the first page', async () => {
    const next = { pageToken: 'PT2', page: 1 };
    const { service, listed } = fakeService([
      { rows: [row(1), row(2)], next },
      { rows: [row(3)], next: null },
    ]);
    renderView(service);
    await screen.findByTestId(`cbvm-row-${sid(1)}`);
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByTestId(`cbvm-row-${sid(3)}`);
    assert.deepEqual(listed.at(-1), next);
    assert.equal(screen.queryByTestId(`cbvm-row-${sid(1)}`), null);
    assert.equal(screen.queryByRole('button', { name: 'Next page' }), null);
    fireEvent.click(screen.getByRole('button', { name: 'First page' }));
    await screen.findByTestId(`cbvm-row-${sid(1)}`);
    assert.equal(listed.at(-1), null);
  });

  it('cancels only with a reason, sends it, and reloads', async () => {
    const { service, managed, listed } = fakeService([{ rows: [row(1)], next: null }]);
    renderView(service);
    await screen.findByTestId(`cbvm-row-${sid(1)}`);
    fireEvent.click(within(rowOf(1)).getByRole('button', { name: 'Cancel' }));
    const dialog = await screen.findByRole('dialog');
    assert.ok(within(dialog).getByText('Cancel the callback to +14155550101'));
    const confirm = within(dialog).getByRole('button', { name: 'Cancel callback' }) as HTMLButtonElement;
    assert.equal(confirm.disabled, true, 'no reason, no cancel');
    fireEvent.change(within(dialog).getByLabelText(/Reason/), { target: { value: '  Customer called back ' } });
    assert.equal(confirm.disabled, false);
    const loadsBefore = listed.length;
    fireEvent.click(confirm);
    await screen.findByText(`Task ${sid(1)} done.`);
    assert.deepEqual(managed, [{ action: 'cancel', taskSid: sid(1), reason: 'Customer called back' }]);
    assert.equal(screen.queryByRole('dialog'), null);
    assert.ok(listed.length > loadsBefore, 'the page is read again');
  });

  it('reschedules to the chosen local date and time, and assigns to me in one click', async () => {
    const { service, managed } = fakeService([{ rows: [row(1)], next: null }]);
    renderView(service);
    await screen.findByTestId(`cbvm-row-${sid(1)}`);
    fireEvent.click(within(rowOf(1)).getByRole('button', { name: 'Reschedule' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(dialog.querySelector('input[name="date"]')!, { target: { value: '2027-03-20' } });
    fireEvent.change(dialog.querySelector('input[name="time"]')!, { target: { value: '09:30' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reschedule' }));
    await waitFor(() => assert.equal(managed.length, 1));
    assert.deepEqual(managed[0], { action: 'reschedule', taskSid: sid(1), scheduledFor: new Date('2027-03-20T09:30').toISOString() });
    await waitFor(() => assert.equal(screen.queryByRole('dialog'), null));
    fireEvent.click(within(rowOf(1)).getByRole('button', { name: 'Assign to me' }));
    await waitFor(() => assert.equal(managed.length, 2));
    assert.deepEqual(managed[1], { action: 'assign', taskSid: sid(1) });
  });

  it("shows the function's refusal and keeps the dialog open", async () => {
    const { service } = fakeService([{ rows: [row(1)], next: null }], 'Task was already sent to worker WK9.');
    renderView(service);
    await screen.findByTestId(`cbvm-row-${sid(1)}`);
    fireEvent.click(within(rowOf(1)).getByRole('button', { name: 'Cancel' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/Reason/), { target: { value: 'duplicate' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel callback' }));
    await screen.findByText('That did not work: Task was already sent to worker WK9.');
    assert.ok(screen.getByRole('dialog'));
  });

  it('speaks each of the six locales, with every key in each', async () => {
    const keys = Object.keys(VIEW_LOCALES['en-US']).sort();
    for (const [tag, strings] of Object.entries(VIEW_LOCALES)) assert.deepEqual(Object.keys(strings).sort(), keys, tag);
    const { service } = fakeService([{ rows: [row(1)], next: null }]);
    renderView(service, 'th-TH');
    await screen.findByTestId(`cbvm-row-${sid(1)}`);
    assert.ok(screen.getByText('การโทรกลับและข้อความเสียง'));
    assert.ok(within(rowOf(1)).getByRole('button', { name: 'มอบหมายให้ฉัน' }));
  });
});

describe('registering the callbacks view with the real Flex UI', () => {
  const keysOf = (store: { fragments: React.ReactElement[] }) =>
    store.fragments.map((f) => String((f.props as { children?: React.ReactElement }).children?.key ?? f.key));
  const service: CallbacksViewService = { list: async () => ({ rows: [], next: null }), manage: async () => ({}) };

  it('adds nothing for an agent', () => {
    const manager = createManager();
    manager.user.roles = ['agent'] as never;
    const before = keysOf(Flex.ViewCollection.Content).length + keysOf(Flex.SideNav.Content).length;
    assert.equal(isSupervisor(manager as never), false);
    assert.equal(registerCallbacksView(Flex, manager as never, { serverlessBaseUrl: null, service }), null);
    assert.equal(keysOf(Flex.ViewCollection.Content).length + keysOf(Flex.SideNav.Content).length, before);
    assert.equal((manager.strings as Record<string, string>).CBVMViewTitle, undefined);
  });

  it('adds the view and its side link for a supervisor, keeping strings an administrator set', () => {
    const manager = createManager({ localeTag: 'es-MX' });
    manager.user.roles = ['supervisor'] as never;
    (manager.strings as Record<string, string>).CBVMViewNavLabel = 'Llamadas pendientes';
    assert.ok(registerCallbacksView(Flex, manager as never, { serverlessBaseUrl: null, service }));
    assert.ok(keysOf(Flex.ViewCollection.Content).includes('cbvm-callbacks-view'));
    assert.ok(keysOf(Flex.SideNav.Content).includes('cbvm-callbacks-side-link'));
    const view = Flex.ViewCollection.Content.fragments.find((f) => JSON.stringify(Object.keys(f.props)).length && (f.props as { children?: React.ReactElement }).children?.key === 'cbvm-callbacks-view');
    assert.equal(((view?.props as { children: React.ReactElement }).children.props as { name: string }).name, CALLBACKS_VIEW_NAME);
    const strings = manager.strings as Record<string, string>;
    assert.equal(strings.CBVMViewTitle, 'Devoluciones de llamada y buzón de voz');
    assert.equal(strings.CBVMViewNavLabel, 'Llamadas pendientes');
    assert.equal(isSupervisor({ user: { roles: ['admin'] } } as never), true);
  });
});
