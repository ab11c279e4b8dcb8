// HTTP client for the feature's serverless functions. Requests are form
// encoded, as Twilio Functions read them natively and as a browser sends them
// without a CORS preflight; every request carries the agent's Flex token.

export interface VoicemailMedia {
  /** The recording's bytes, base64. */
  recording: string;
  /** Its content type, e.g. audio/mpeg. */
  type: string;
}

export interface RequeueResult {
  taskSid?: string;
  success: boolean;
  message?: string;
}

/** How an attempt ended, as the agent or Flex tells it. */
export type CallbackOutcomeSignal = { outcome: string } | { canceledReasonCode: number };

export interface OutcomeResult {
  outcome?: string;
  /** retry (a successor was made), complete, or stop. */
  next?: string;
  successorSid?: string;
  waitMinutes?: number;
}
/** delete-voicemail's path, relative to the functions' base URL. */
export const DELETE_VOICEMAIL_PATH = '/features/callback-and-voicemail/flex/delete-voicemail';

export interface CallbackServiceOptions extends FunctionEndpoint {
  /** Function paths, from the shared literals (`@cbvm/core/literals`). */
  paths: { requeueCallback: string; fetchVoicemail: string; recordOutcome?: string; deleteVoicemail?: string };
}

/** A function call that failed; `message` is the server's when it gave one. */
export class CallbackServiceError extends Error {
  readonly status: number | null;

  constructor(message: string, status: number | null) {
    super(message);
    this.name = 'CallbackServiceError';
    this.status = status;
  }
}

export class CallbackService {
  private readonly options: CallbackServiceOptions;

  constructor(options: CallbackServiceOptions) {
    this.options = options;
  }

  /** Fetches a voicemail's media through fetch-voicemail, which checks the task may serve it. */
  async fetchVoicemail(taskSid: string, recordingSid: string): Promise<VoicemailMedia> {
    const body = await this.post(this.options.paths.fetchVoicemail, { taskSid, recordingSid });
    if (typeof body.recording !== 'string' || typeof body.type !== 'string') {
      throw new CallbackServiceError('The voicemail service answered without a recording.', 200);
    }
    return { recording: body.recording, type: body.type };
  }

  /** Deletes a voicemail's recording through delete-voicemail (the holder of the task, or a supervisor). */
  async deleteVoicemail(taskSid: string): Promise<{ success: true; message?: string }> {
    const body = await this.post(this.options.paths.deleteVoicemail ?? DELETE_VOICEMAIL_PATH, { taskSid });
    return { success: true, message: typeof body.message === 'string' ? body.message : undefined };
  }

  /** Asks requeue-callback to create the next attempt of this callback. */
  async requeueCallback(taskSid: string): Promise<RequeueResult> {
    const body = await this.post(this.options.paths.requeueCallback, { taskSid });
    return {
      taskSid: typeof body.taskSid === 'string' ? body.taskSid : undefined,
      success: true,
      message: typeof body.message === 'string' ? body.message : undefined,
    };
  }

  /** Asks record-outcome to record how this attempt ended; a retried outcome is requeued there. */
  async recordOutcome(taskSid: string, signal: CallbackOutcomeSignal): Promise<OutcomeResult> {
    const params: Record<string, string> =
      'outcome' in signal ? { taskSid, outcome: signal.outcome } : { taskSid, canceledReasonCode: String(signal.canceledReasonCode) };
    const body = await this.post(this.options.paths.recordOutcome ?? '/features/callback-and-voicemail/flex/record-outcome', params);
    return {
      outcome: typeof body.outcome === 'string' ? body.outcome : undefined,
      next: typeof body.next === 'string' ? body.next : undefined,
      successorSid: typeof body.successorSid === 'string' ? body.successorSid : undefined,
      waitMinutes: typeof body.waitMinutes === 'number' ? body.waitMinutes : undefined,
    };
  }

  private post(path: string, params: Record<string, string>): Promise<Record<string, unknown>> {
    return postToFunction(this.options, path, params);
  }
}

/** Where and how the plugin's requests go. */
export interface FunctionEndpoint {
  /** Functions base URL without a trailing slash; null when not configured. */
  baseUrl: string | null;
  /** The current Flex token. */
  token: () => string | undefined;
  /** Defaults to the global fetch, looked up at call time. */
  fetch?: typeof fetch;
}

/**
 * POSTs a form with the agent's Flex token to one of the feature's functions and
 * answers its JSON body; a failure (no domain, no token, unreachable, an error
 * status or `success: false`) is a CallbackServiceError with the server's sentence
 * when it gave one.
 */
export async function postToFunction(endpoint: FunctionEndpoint, path: string, params: Record<string, string>): Promise<Record<string, unknown>> {
  const { baseUrl } = endpoint;
  if (!baseUrl) {
    throw new CallbackServiceError(
      'The serverless domain is not configured: set custom_data.features.callback_and_voicemail.serverless_domain.',
      null,
    );
  }
  const token = endpoint.token();
  if (!token) throw new CallbackServiceError('There is no Flex token to authenticate the request.', null);

  const form = new URLSearchParams({ Token: token, ...params });
  const send = endpoint.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await send(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
  } catch (err) {
    throw new CallbackServiceError(`The service could not be reached (${(err as Error).message}).`, null);
  }

  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    // A body that is not JSON is reported by status below.
  }
  if (!response.ok || body.success === false) {
    const message = typeof body.message === 'string' && body.message ? body.message : `The service answered HTTP ${response.status}.`;
    throw new CallbackServiceError(message, response.status);
  }
  return body;
}
