// HTTP client of the callbacks view's functions: list-callbacks (a page of
// rows the core decided) and manage-callback (cancel, assign, reschedule).
// Form encoded with the Flex token, as the feature's other requests.
import type { CallbackRow } from '@cbvm/core';

import { postToFunction, type FunctionEndpoint } from '../services/CallbackService';

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

export type HttpCallbacksViewOptions = FunctionEndpoint;

export function httpCallbacksViewService(options: HttpCallbacksViewOptions): CallbacksViewService {
  const post = (path: string, params: Record<string, string>) => postToFunction(options, path, params);

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
