// The task info panel, rendered with React Testing Library for every state the
// core's panelState can put it in.
import './support/dom';

import assert from 'node:assert/strict';
import { afterEach, before, describe, it, mock } from 'node:test';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Core } from '@cbvm/core';

import { actionStarted, callPlaced, requeued } from '../src/feature/callback-and-voicemail/flex-hooks/states/CallbackAndVoicemail';
import { LOCALES } from '../src/feature/callback-and-voicemail/flex-hooks/strings';
import type { VoicemailMedia } from '../src/feature/callback-and-voicemail/services/CallbackService';
import { callBackData, createTestStore, makeTask, setFlex, SID, testCore, voicemailTask } from './support/harness';
import { renderPanel } from './support/render';

const AUDIO_BYTES = Buffer.from('ID3 fake mp3 bytes').toString('base64');

function button(name: RegExp | string): HTMLButtonElement {
  return screen.getByRole('button', { name }) as HTMLButtonElement;
}

/** A fetchVoicemail whose answers the test releases one at a time. */
function controlledFetch() {
  const pending: Array<{ resolve: (m: VoicemailMedia) => void; reject: (e: Error) => void; args: [string, string] }> = [];
  const fetchVoicemail = (taskSid: string, recordingSid: string) =>
    new Promise<VoicemailMedia>((resolve, reject) => pending.push({ resolve, reject, args: [taskSid, recordingSid] }));
  return { fetchVoicemail, pending };
}

describe('CallbackPanel', () => {
  let core: Core;
  before(async () => {
    core = await testCore();
    // Failed loads are logged for support; the assertions look at the screen.
    mock.method(console, 'warn', () => undefined);
  });
  afterEach(() => cleanup());

  it('shows a callback: heading, description, phone, reception time, attempt and both buttons', () => {
    renderPanel(core, makeTask());
    screen.getByRole('heading', { name: 'Callback Request' });
    screen.getByText('A contact has requested an immediate callback.');
    screen.getByText('+15551234567');
    screen.getByText('Callback attempt 1 of 3');
    // 15:04 UTC is 10:04 in New York (agent) and 09:04 in Chicago (system).
    screen.getByText(/Mar 5, 2024, 10:04\sAM EST/);
    screen.getByText(/^System time: Mar 5, 2024, 9:04\sAM CST$/);
    assert.equal(button('Place Call Now To +15551234567').disabled, false);
    assert.equal(button('Retry Later').disabled, false);
    assert.equal(screen.queryByText('Voicemail recording'), null);
  });

  it('shows a scheduled callback\'s time in the agent\'s zone and the contact centre\'s', () => {
    const task = makeTask({ attributes: { taskType: 'callback', name: '+15551234567', callBackData: callBackData({ scheduledFor: '2024-03-06T16:30:00Z' }) } });
    renderPanel(core, task);
    screen.getByText(/^Scheduled for Mar 6, 2024, 11:30\sAM EST$/);
    screen.getByText(/^System time: Mar 6, 2024, 10:30\sAM CST$/);
    screen.getByText('A contact has asked to be called back at a chosen time.');
    assert.equal(screen.queryByText('A contact has requested an immediate callback.'), null);
  });

  it('shows no scheduled time for a callback asked for as soon as possible', () => {
    renderPanel(core, makeTask());
    assert.equal(screen.queryByText(/Scheduled for/), null);
  });

  it('hides the system time when the agent is in the contact centre\'s zone', () => {
    renderPanel(core, makeTask(), { agentTimeZone: 'America/Chicago' });
    screen.getByText(/Mar 5, 2024, 9:04\sAM CST/);
    assert.equal(screen.queryByText(/System time/), null);
  });

  it('passes the task to the actions when the buttons are pressed', () => {
    const { placed, requeued } = renderPanel(core, makeTask());
    fireEvent.click(button(/Place Call Now/));
    fireEvent.click(button('Retry Later'));
    assert.equal(placed[0]?.taskSid, SID.task);
    assert.equal(requeued[0]?.taskSid, SID.task);
  });

  it('plays a voicemail once it is loaded, from a blob URL', async () => {
    const { fetchVoicemail, pending } = controlledFetch();
    const { container } = renderPanel(core, voicemailTask({ transcriptText: 'Please call me about my order.' }), { fetchVoicemail });
    screen.getByRole('heading', { name: 'Contact Voicemail' });
    screen.getByText('A contact has left a voicemail that requires attention.');
    screen.getAllByText('Loading voicemail...');
    assert.deepEqual(pending[0]?.args, [SID.task, SID.recording]);

    await act(async () => pending[0]!.resolve({ recording: AUDIO_BYTES, type: 'audio/mpeg' }));
    const audio = container.querySelector('audio');
    assert.ok(audio, 'an audio player is shown');
    assert.match(audio.getAttribute('src') ?? '', /^blob:/);
    assert.equal(audio.hasAttribute('controls'), true);
    assert.equal(screen.queryByText('Loading voicemail...'), null);
    screen.getByRole('heading', { name: 'Voicemail transcript' });
    screen.getByText('Please call me about my order.');
  });

  it('shows an error with "Try again" when the recording cannot be loaded, and retries', async () => {
    const { fetchVoicemail, pending } = controlledFetch();
    const { container } = renderPanel(core, voicemailTask(), { fetchVoicemail });
    await act(async () => pending[0]!.reject(new Error('HTTP 500')));
    screen.getByText('Error loading voicemail.');
    assert.equal(container.querySelector('audio'), null);

    fireEvent.click(button('Try again'));
    screen.getAllByText('Loading voicemail...');
    assert.equal(pending.length, 2);
    await act(async () => pending[1]!.resolve({ recording: AUDIO_BYTES, type: 'audio/mpeg' }));
    await waitFor(() => assert.ok(container.querySelector('audio')));
    assert.equal(screen.queryByText('Error loading voicemail.'), null);
  });

  it('treats an unreadable recording body as an error', async () => {
    const { fetchVoicemail, pending } = controlledFetch();
    renderPanel(core, voicemailTask(), { fetchVoicemail });
    await act(async () => pending[0]!.resolve({ recording: '%%% not base64 %%%', type: 'audio/mpeg' }));
    screen.getByText('Error loading voicemail.');
  });

  it('says a deleted recording is deleted and does not fetch it', () => {
    let fetched = 0;
    const { container } = renderPanel(core, voicemailTask({ isDeleted: true, transcriptText: 'Old message' }), {
      fetchVoicemail: async () => {
        fetched += 1;
        return { recording: AUDIO_BYTES, type: 'audio/mpeg' };
      },
    });
    screen.getByText('The recording of this voicemail has been deleted.');
    screen.getByText('Old message');
    assert.equal(container.querySelector('audio'), null);
    assert.equal(fetched, 0);
  });

  it('shows a transcript stored under Twilio\'s callback field name', () => {
    renderPanel(core, voicemailTask({ transcriptText: undefined, TranscriptionText: 'Legacy transcript' }));
    screen.getByText('Legacy transcript');
  });

  it('says a task without callBackData has no callback details, with no contact phone and no buttons', () => {
    renderPanel(core, makeTask({ attributes: { taskType: 'callback', name: '+15559876543' } }));
    screen.getByRole('heading', { name: 'Callback Request' });
    screen.getByText('This task has no callback details, so there is no number to call back.');
    assert.equal(screen.queryByText('+15559876543'), null, 'the task name is not offered as a contact phone');
    assert.equal(screen.queryByText('Contact phone'), null);
    assert.equal(screen.queryByRole('button', { name: /Place Call Now/ }), null);
    assert.equal(screen.queryByRole('button', { name: 'Retry Later' }), null);
    assert.equal(screen.queryByTestId('cbvm-attempt'), null);
  });

  it('renders a voicemail without callBackData and with string attributes', () => {
    renderPanel(core, makeTask({ attributes: JSON.stringify({ taskType: 'voicemail' }) as unknown as Record<string, unknown> }));
    screen.getByRole('heading', { name: 'Contact Voicemail' });
    assert.equal(screen.queryByText('Loading voicemail...'), null);
  });

  it('renders nothing without a task', () => {
    const { container } = renderPanel(core, undefined);
    assert.equal(container.textContent, '');
  });

  it('hides the attempt and "Retry Later" when requeue is not allowed', () => {
    renderPanel(core, makeTask(), { feature: { enabled: true, allow_requeue: false, max_attempts: 3 } });
    assert.equal(screen.queryByText(/Callback attempt/), null);
    assert.equal(screen.queryByRole('button', { name: 'Retry Later' }), null);
    button(/Place Call Now/);
  });

  it('counts attempts from callBackData.attempts and says why "Retry Later" is not offered on the last one', () => {
    const second = renderPanel(core, makeTask({ attributes: { taskType: 'callback', callBackData: callBackData({ attempts: 1 }) } }));
    screen.getByText('Callback attempt 2 of 3');
    button('Retry Later');
    second.unmount();

    renderPanel(core, makeTask({ attributes: { taskType: 'callback', callBackData: callBackData({ attempts: 2 }) } }));
    screen.getByText('Callback attempt 3 of 3');
    assert.equal(screen.queryByRole('button', { name: 'Retry Later' }), null);
    assert.equal(screen.getByTestId('cbvm-retry-later-hint').textContent, 'This is the last attempt, so Retry Later is not offered.');
    assert.equal(screen.getByTestId('cbvm-attempt').dataset.lastAttempt, 'true');
  });

  it('disables "Place Call" while the call placed for this task is in progress, and says so', () => {
    const store = createTestStore();
    const outbound = makeTask({ sid: SID.otherReservation, taskSid: SID.otherTask, attributes: { taskType: 'callback-outbound', parentTask: SID.task } });
    store.dispatch(setFlex({ worker: { activity: { sid: SID.available }, tasks: new Map([[SID.otherReservation, outbound]]) } }));
    renderPanel(core, makeTask(), { store });
    screen.getByText('Callback attempt 1 of 3 — calling now');
    assert.equal(button(/Place Call Now/).disabled, true);
    assert.equal(button('Retry Later').disabled, true);
    assert.equal(screen.getByTestId('cbvm-place-call-hint').textContent, 'A call for this task is in progress.');
  });

  it('says when the attempt was called once the call ended, and offers Retry Later', () => {
    const store = createTestStore();
    renderPanel(core, makeTask(), { store });
    act(() => void store.dispatch(callPlaced(SID.task, new Date('2024-03-05T16:30:00Z'))));
    // 16:30 UTC is 11:30 in New York, the agent's zone.
    screen.getByText(/^Callback attempt 1 of 3 — called at Mar 5, 2024, 11:30\sAM EST$/);
    assert.equal(button(/Place Call Now/).disabled, false);
    assert.equal(button('Retry Later').disabled, false);
    assert.equal(screen.queryByTestId('cbvm-place-call-hint'), null);
  });

  it('says the callback is scheduled once Retry Later succeeded, and offers nothing more', () => {
    const store = createTestStore();
    renderPanel(core, makeTask(), { store });
    act(() => void store.dispatch(requeued(SID.task)));
    screen.getByText('Callback attempt 1 of 3 — scheduled for later');
    assert.equal(button(/Place Call Now/).disabled, true);
    assert.equal(button('Retry Later').disabled, true);
    screen.getByText('This callback is scheduled for later; the task is wrapping up.');
  });

  it('disables "Place Call" with its reason when outbound dialing is off', () => {
    renderPanel(core, makeTask(), { outboundCallFlows: { default: { enabled: false } } });
    assert.equal(button(/Place Call Now/).disabled, true);
    assert.equal(button('Retry Later').disabled, false);
    screen.getByText('Outbound dialing is not enabled for this account. Ask an administrator to enable it.');
  });

  it('explains a number that cannot be dialled', () => {
    renderPanel(core, makeTask({ attributes: { taskType: 'callback', callBackData: callBackData({ numberToCall: '12' }) } }));
    assert.equal(button('Place Call Now To 12').disabled, true);
    screen.getByText('12 cannot be called: it needs its country code, like +14155550100.');
  });

  it('renders through Flex templates, so an administrator\'s wording wins', () => {
    renderPanel(core, makeTask(), { overrides: { CBVMRetryLater: 'Call back tomorrow', CallbackHeading: 'Please call back' } });
    screen.getByRole('heading', { name: 'Please call back' });
    button('Call back tomorrow');
  });

  it('uses the default of one attempt when max_attempts is not configured', () => {
    renderPanel(core, makeTask(), { feature: { enabled: true, allow_requeue: true } });
    screen.getByText('Callback attempt 1 of 1');
    assert.equal(screen.queryByRole('button', { name: 'Retry Later' }), null);
    screen.getByText('This is the last attempt, so Retry Later is not offered.');
  });

  for (const status of ['reserved', 'wrapping', 'completed'] as const) {
    it(`disables both buttons while the task is ${status}`, () => {
      renderPanel(core, makeTask({ taskStatus: status }));
      assert.equal(button(/Place Call Now/).disabled, true);
      assert.equal(button('Retry Later').disabled, true);
    });
  }

  it('disables both buttons while an action is pending for this task only', () => {
    const store = createTestStore();
    const { rerenderTask } = renderPanel(core, makeTask(), { store });
    act(() => {
      store.dispatch(actionStarted(SID.otherTask, 'place-call'));
    });
    assert.equal(button(/Place Call Now/).disabled, false);
    act(() => {
      store.dispatch(actionStarted(SID.task, 'requeue'));
    });
    assert.equal(button(/Place Call Now/).disabled, true);
    assert.equal(button('Retry Later').disabled, true);
    rerenderTask(makeTask({ taskSid: SID.otherTask, sid: SID.otherReservation }));
    assert.equal(button(/Place Call Now/).disabled, true);
  });

  it('disables only "Place Call" while the worker is offline, and says why', () => {
    const store = createTestStore({ worker: { activity: { sid: SID.offline }, tasks: new Map() } });
    renderPanel(core, makeTask(), { store });
    assert.equal(button(/Place Call Now/).disabled, true);
    assert.equal(button('Retry Later').disabled, false);
    screen.getByText('You are offline. Change your activity to place the call.');
    act(() => {
      store.dispatch(setFlex({ worker: { activity: { sid: SID.available }, tasks: new Map() } }));
    });
    assert.equal(button(/Place Call Now/).disabled, false);
    assert.equal(screen.queryByText(/You are offline/), null);
  });

  const expected: Record<keyof typeof LOCALES, { heading: string; call: string; retry: string; attempt: string }> = {
    'en-US': { heading: 'Callback Request', call: 'Place Call Now To +15551234567', retry: 'Retry Later', attempt: 'Callback attempt 1 of 3' },
    'es-MX': { heading: 'Solicitud de devolución de llamada', call: 'Llamar ahora al +15551234567', retry: 'Reintentar más tarde', attempt: 'Intento de devolución de llamada 1 de 3' },
    'es-ES': { heading: 'Solicitud de rellamada', call: 'Llamar ahora al +15551234567', retry: 'Volver a llamar más tarde', attempt: 'Intento de rellamada 1 de 3' },
    'pt-BR': { heading: 'Solicitação de retorno de chamada', call: 'Ligar agora para +15551234567', retry: 'Tentar mais tarde', attempt: 'Tentativa de retorno 1 de 3' },
    th: { heading: 'คำขอให้โทรกลับ', call: 'โทรหา +15551234567 ทันที', retry: 'ลองใหม่ภายหลัง', attempt: 'การโทรกลับครั้งที่ 1 จาก 3' },
    'zh-Hans': { heading: '回拨请求', call: '立即呼叫 +15551234567', retry: '稍后重试', attempt: '第 1 次回拨，共 3 次' },
  };
  for (const [locale, text] of Object.entries(expected)) {
    it(`renders its strings in ${locale}`, () => {
      const { container } = renderPanel(core, makeTask(), { locale });
      screen.getByRole('heading', { name: text.heading });
      button(text.call);
      button(text.retry);
      screen.getByText(text.attempt);
      const strings = LOCALES[locale as keyof typeof LOCALES];
      within(container).getByText(strings.CallbackDescription);
      within(container).getByText(strings.CBVMContactPhoneHeading);
      within(container).getByText(new RegExp(`^${strings.CBVMSystemTime.replace('{{time}}', '')}`));
    });
  }
});
