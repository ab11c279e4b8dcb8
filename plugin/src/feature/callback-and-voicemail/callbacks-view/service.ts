// HTTP client of the callbacks view's functions: list-callbacks (a page of
// rows the core decided) and manage-callback (cancel, assign, reschedule).
// Form encoded with the Flex token, as the feature's other requests.
import type { CallbackRow } from '@cbvm/core';

import { CallbackServiceError } from '../services/CallbackService';

export const VIEW_PATHS = {
  listCallbacks: '/features/callback-and-voicemail/flex/list-callbacks',
  manageCallback: '/features/callback-and-voicemail/flex/manage-callback',
} as const;

/** Where the next page starts, as TaskRouter gave it; passed back unchanged. */
export interface PageCursor {
  pageToken: string;
  page: number;
}

export interface CallbacksPage {
  rows: CallbackRow[];
  next: PageCursor | null;
}

export type ManageRequest =
  | { action: 'cancel'; taskSid: string; reason: string }
  | { action: 'assign'; taskSid: string }
  | { action: 'reschedule'; taskSid: string; scheduledFor: string };

export interface CallbacksViewService {
  /** `held`: the callbacks held until due (scheduled, or after hours) instead of those in the queues. */
  list(cursor?: PageCursor | null, pageSize?: number, held?: boolean): Promise<CallbacksPage>;
  manage(request: ManageRequest): Promise<{ message?: string }>;
}

export interface HttpCallbacksViewOptions {
  baseUrl: string | null;
  token: () => string | undefined;
  fetch?: typeof fetch;
}

export function httpCallbacksViewService(options: HttpCallbacksViewOptions): CallbacksViewService {
  async function post(path: string, params: Record<string, string>): Promise<Record<string, unknown>> {
    if (!options.baseUrl) {
      throw new CallbackServiceError(
        'The serverless domain is not configured: set custom_data.features.callback_and_voicemail.serverless_domain.',
        null,
      );
    }
    const token = options.token();
    if (!token) throw new CallbackServiceError('There is no Flex token to authenticate the request.', null);
    const send = options.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await send(`${options.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ Token: token, ...params }).toString(),
      });
    } catch (err) {
      throw new CallbackServiceError(`The service could not be reached (${(err as Error).message}).`, null);
    }
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = await response.json();
      if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
    } catch {
      // reported by status below
    }
    if (!response.ok || body.success === false) {
      const message = typeof body.message === 'string' && body.message ? body.message : `The service answered HTTP ${response.status}.`;
      throw new CallbackServiceError(message, response.status);
    }
    return body;
  }

  return {
    async list(cursor, pageSize = 25, held = false) {
      const params: Record<string, string> = { pageSize: String(pageSize) };
      if (held) params.held = 'true';
      if (cursor) Object.assign(params, { pageToken: cursor.pageToken, page: String(cursor.page) });
      const body = await post(VIEW_PATHS.listCallbacks, params);
      const next = body.next as PageCursor | null | undefined;
      return { rows: Array.isArray(body.rows) ? (body.rows as CallbackRow[]) : [], next: next && typeof next.pageToken === 'string' ? next : null };
    },
    async manage(request) {
      const body = await post(VIEW_PATHS.manageCallback, request as unknown as Record<string, string>);
      return { message: typeof body.message === 'string' ? body.message : undefined };
    },
  };
}
