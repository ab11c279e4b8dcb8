// The voicemail panel's delete button: confirmation, the call, and the
// "recording deleted" state that replaces the player.
import './support/dom';

import assert from 'node:assert/strict';
import { afterEach, before, describe, it, mock } from 'node:test';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import type { Core } from '@cbvm/core';

import { CallbackService } from '../src/feature/callback-and-voicemail/services/CallbackService';
import { SID, testCore, voicemailTask } from './support/harness';
import { renderPanel } from './support/render';

const AUDIO = { recording: Buffer.from('ID3 fake').toString('base64'), type: 'audio/mpeg' };

function controlledDelete() {
  const calls: Array<{ taskSid: string; resolve: () => void; reject: (e: Error) => void }> = [];
  const deleteVoicemail = (taskSid: string) => new Promise<unknown>((resolve, reject) => calls.push({ taskSid, resolve: () => resolve({}), reject }));
  return { deleteVoicemail, calls };
}

const button = (name: string | RegExp) => screen.getByRole('button', { name }) as HTMLButtonElement;

describe('Deleting a voicemail recording', () => {
  let core: Core;
  before(async () => {
    core = await testCore();
    mock.method(console, 'warn', () => undefined);
  });
  afterEach(() => cleanup());

  it('asks for confirmation, deletes, then says the recording is deleted instead of playing it', async () => {
    const { deleteVoicemail, calls } = controlledDelete();
    const { container } = renderPanel(core, voicemailTask(), { fetchVoicemail: async () => AUDIO, deleteVoicemail });
    await act(async () => undefined);
    assert.ok(container.querySelector('audio'));

    fireEvent.click(button('Delete recording'));
    screen.getByText('Delete this recording? It cannot be undone.');
    assert.equal(calls.length, 0, 'nothing is deleted before the agent confirms');
    fireEvent.click(button('Delete'));
    assert.deepEqual(calls.map((c) => c.taskSid), [SID.task]);
    assert.equal(button('Cancel').disabled, true);

    await act(async () => calls[0]!.resolve());
    screen.getByText('The recording of this voicemail has been deleted.');
    assert.equal(container.querySelector('audio'), null);
    assert.equal(screen.queryByRole('button', { name: 'Delete recording' }), null);
  });

  it('cancelling leaves the recording alone', async () => {
    const { deleteVoicemail, calls } = controlledDelete();
    renderPanel(core, voicemailTask(), { fetchVoicemail: async () => AUDIO, deleteVoicemail });
    fireEvent.click(button('Delete recording'));
    fireEvent.click(button('Cancel'));
    button('Delete recording');
    assert.equal(calls.length, 0);
  });

  it('says why when the deletion fails, and lets the agent try again', async () => {
    const { deleteVoicemail, calls } = controlledDelete();
    renderPanel(core, voicemailTask(), { fetchVoicemail: async () => AUDIO, deleteVoicemail });
    fireEvent.click(button('Delete recording'));
    fireEvent.click(button('Delete'));
    await act(async () => calls[0]!.reject(new Error('Only a supervisor may delete it.')));
    screen.getByText('The recording could not be deleted: Only a supervisor may delete it.');
    fireEvent.click(button('Delete recording'));
    fireEvent.click(button('Delete'));
    assert.equal(calls.length, 2);
  });

  it('offers no delete button once the task says the recording is deleted, nor without the service', () => {
    renderPanel(core, voicemailTask({ isDeleted: true }), { deleteVoicemail: async () => undefined });
    screen.getByText('The recording of this voicemail has been deleted.');
    assert.equal(screen.queryByRole('button', { name: 'Delete recording' }), null);
    cleanup();
    renderPanel(core, voicemailTask(), { fetchVoicemail: async () => AUDIO });
    assert.equal(screen.queryByRole('button', { name: 'Delete recording' }), null);
  });

  it('the service posts taskSid and the token to delete-voicemail', async () => {
    const sent: Array<{ url: string; body: string }> = [];
    const service = new CallbackService({
      baseUrl: 'https://example.twil.io',
      token: () => 'tok',
      paths: { requeueCallback: '/r', fetchVoicemail: '/f' },
      fetch: (async (url: string, init: RequestInit) => {
        sent.push({ url, body: String(init.body) });
        return new Response(JSON.stringify({ success: true, taskSid: SID.task, message: 'deleted' }), { status: 200 });
      }) as typeof fetch,
    });
    assert.equal((await service.deleteVoicemail(SID.task)).success, true);
    assert.equal(sent[0]!.url, 'https://example.twil.io/features/callback-and-voicemail/flex/delete-voicemail');
    assert.equal(new URLSearchParams(sent[0]!.body).get('taskSid'), SID.task);
    assert.equal(new URLSearchParams(sent[0]!.body).get('Token'), 'tok');
  });
});
