import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { paths } from '@cbvm/core/literals';

import { CallbackService, CallbackServiceError } from '../src/feature/callback-and-voicemail/services/CallbackService';

interface Sent {
  url: string;
  init: RequestInit;
}

async function service(answer: (sent: Sent) => Response | Promise<Response>, options: { baseUrl?: string | null; token?: string } = {}) {
  const sent: Sent[] = [];
  const s = new CallbackService({
    baseUrl: options.baseUrl === undefined ? 'http://localhost:3000' : options.baseUrl,
    token: () => ('token' in options ? options.token : 'flex-token'),
    paths,
    fetch: (async (url: string, init: RequestInit) => {
      const entry = { url, init };
      sent.push(entry);
      return answer(entry);
    }) as unknown as typeof fetch,
  });
  return { s, sent };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('CallbackService', () => {
  it('posts fetch-voicemail as a form with the token, task and recording', async () => {
    const { s, sent } = await service(() => json(200, { recording: 'QUJD', type: 'audio/mpeg' }));
    assert.deepEqual(await s.fetchVoicemail('WT1', 'RE1'), { recording: 'QUJD', type: 'audio/mpeg' });
    assert.equal(sent[0]!.url, 'http://localhost:3000/features/callback-and-voicemail/flex/fetch-voicemail');
    assert.equal(sent[0]!.init.method, 'POST');
    assert.equal((sent[0]!.init.headers as Record<string, string>)['Content-Type'], 'application/x-www-form-urlencoded');
    assert.deepEqual(Object.fromEntries(new URLSearchParams(String(sent[0]!.init.body))), { Token: 'flex-token', taskSid: 'WT1', recordingSid: 'RE1' });
  });

  it('posts requeue-callback with the token and task', async () => {
    const { s, sent } = await service(() => json(200, { taskSid: 'WT2', success: true, message: 'ok' }));
    assert.deepEqual(await s.requeueCallback('WT1'), { taskSid: 'WT2', success: true, message: 'ok' });
    assert.equal(sent[0]!.url, 'http://localhost:3000/features/callback-and-voicemail/flex/requeue-callback');
    assert.deepEqual(Object.fromEntries(new URLSearchParams(String(sent[0]!.init.body))), { Token: 'flex-token', taskSid: 'WT1' });
  });

  it('reports the server\'s message on an error status', async () => {
    const { s } = await service(() => json(409, { success: false, message: 'This callback has used all 3 attempts.' }));
    await assert.rejects(s.requeueCallback('WT1'), (err: CallbackServiceError) => {
      assert.equal(err.message, 'This callback has used all 3 attempts.');
      assert.equal(err.status, 409);
      return true;
    });
  });

  it('reports success: false even with a 2xx status', async () => {
    const { s } = await service(() => json(200, { success: false, message: 'Task not found' }));
    await assert.rejects(s.requeueCallback('WT1'), /Task not found/);
  });

  it('reports a status without a JSON body, an unreachable server and a missing recording', async () => {
    const { s: html } = await service(() => new Response('<html>oops</html>', { status: 502 }));
    await assert.rejects(html.requeueCallback('WT1'), /HTTP 502/);
    const { s: down } = await service(() => {
      throw new TypeError('fetch failed');
    });
    await assert.rejects(down.requeueCallback('WT1'), /could not be reached \(fetch failed\)/);
    const { s: empty } = await service(() => json(200, { type: 'audio/mpeg' }));
    await assert.rejects(empty.fetchVoicemail('WT1', 'RE1'), /without a recording/);
  });

  it('refuses to send without a base URL or a token', async () => {
    const { s, sent } = await service(() => json(200, {}), { baseUrl: null });
    await assert.rejects(s.requeueCallback('WT1'), /serverless_domain/);
    const { s: noToken } = await service(() => json(200, {}), { token: undefined });
    await assert.rejects(noToken.requeueCallback('WT1'), /no Flex token/);
    assert.equal(sent.length, 0);
  });
});
