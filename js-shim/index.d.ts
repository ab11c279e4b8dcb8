// Types of the callback-and-voicemail core. Every decision is made in C++ (wasm/);
// these functions only carry values across. A decision that refuses throws a
// CoreError whose `code` is stable and whose `message` is a sentence for a person.

// The closed sets (codes, kinds, reasons) are generated from literals/literals.json
// with the core's C++ enums; their values are in `@cbvm/core/literals`.
import type { CoreStringKey, DisabledReason, ErrorCode, PlacedCallStatus, TaskKind } from './literals';
export type { CoreStringKey, DisabledReason, ErrorCode, PlacedCallStatus, TaskKind };

export declare class CoreError extends Error {
  readonly code: ErrorCode;
  /** The HTTP status a server function answers with (400, 403, 404, 409 or 500). */
  readonly status: number;
}

/** The envelope every decision answers with, as `run` returns it. */
export type Envelope<T = unknown> =
  | { ok: true; value: T }
  | { ok: false; error: { code: ErrorCode; message: string; status: number } };

/** Task attributes: an object from Flex, or the JSON string TaskRouter's REST API sends. */
export type Attributes = Record<string, unknown> | string;

/** The feature's Flex configuration (`custom_data.features.callback_and_voicemail`). */
export interface FeatureConfig {
  enabled?: boolean;
  allow_requeue?: boolean;
  /** Defaults to 1; values below 1 count as 1. */
  max_attempts?: number;
  auto_select_task?: boolean;
  /**
   * ISO 3166 alpha-2 region (e.g. "US") a national callBackData.numberToCall is
   * read in; absent, or not a known region: numbers are read as international only.
   */
  default_region?: string;
}

export interface ChannelDefinition {
  name: 'callback' | 'voicemail';
  color: string;
  /** `outgoing-call` or `voicemail`; the plugin maps it to a Paste icon. */
  icon: string;
  /** String key of the localised channel word ("Callback"). */
  stringKey: string;
}

export type TitleSurface =
  | 'TaskListItem'
  | 'TaskCanvasHeader'
  | 'IncomingTaskCanvas'
  | 'SupervisorTaskOverview'
  | 'TaskCard'
  | 'SupervisorTaskCanvasHeader';

export interface PanelStateInput {
  task: {
    /** Not read by the rule; accepted so that a task can be passed as it is. */
    sid?: string;
    taskChannelUniqueName: string;
    /** TaskRouter assignment status (Flex's `task.taskStatus`): "assigned", "wrapping", ... */
    taskStatus: string;
    attributes: Attributes;
    /** ISO instant; used when callBackData.utcDateTimeReceived is missing. */
    dateCreated?: string;
  };
  workerActivitySid?: string;
  offlineActivitySid?: string;
  config?: FeatureConfig;
  /** A place-call or requeue for this task is in flight. */
  actionPending?: boolean;
  /** The agent browser's IANA zone. */
  agentTimeZone?: string;
  /** The call the agent placed from this task: its outbound call in progress, or ended (`at`: ISO instant it was placed). */
  placedCall?: { status: PlacedCallStatus; at?: string } | null;
  /** Retry Later succeeded for this task (the next attempt exists; this task wraps up). */
  requeued?: boolean;
  /** Flex's `outbound_call_flows` (service configuration); absent when unknown. None enabled: Place Call is disabled (outbound-disabled). */
  outboundCallFlows?: Record<string, { enabled?: boolean; [key: string]: unknown }>;
}

export interface PanelButton {
  visible: boolean;
  enabled: boolean;
  /** Why it is disabled; for a hidden button, why it is not offered (last-attempt, no-callback-data), else null. */
  disabledReason: DisabledReason | null;
  /** String key of a sentence telling the agent why ({{number}}, {{max}}); null when there is nothing worth saying. */
  hint: CoreStringKey | null;
}

export interface PanelState {
  kind: TaskKind;
  /** String keys: CallbackHeading / VoicemailHeading and the matching Description. Empty for other tasks. */
  headingKey: string;
  descriptionKey: string;
  hasCallbackData: boolean;
  showRecording: boolean;
  recordingDeleted: boolean;
  recordingSid: string | null;
  transcript: string | null;
  contactPhone: string | null;
  /** callBackData.numberToCall, in E.164 when it can be dialled (else as stored, with placeCall disabled: invalid-number). */
  numberToCall: string | null;
  /** ISO instant of the call's reception, for the UI to format in agentTimeZone. */
  receivedAt: string | null;
  agentTimeZone: string;
  mainTimeZone: string | null;
  /** Show "System time: …" formatted in mainTimeZone. */
  showSystemTime: boolean;
  /** "Callback attempt N of M"; null when requeue is not allowed. */
  attempt: { number: number; of: number } | null;
  /** The attempt is the last one allowed (Retry Later is not offered: retryLater.hint says so). */
  lastAttempt: boolean;
  /** String key of the attempt line ({{attempt}}, {{max}}, {{time}} = calledAt): what just happened. Null: no line. */
  attemptLineKey: CoreStringKey | null;
  /** ISO instant the agent's call was placed, once it has ended. */
  calledAt: string | null;
  /** A scheduled callback's time (ISO instant): shown as "Scheduled for …" in the agent's zone. Null: not scheduled. */
  scheduledFor: string | null;
  /** The zone the customer chose that time in, when other than the agent's and the centre's: "Customer's time: …". */
  customerTimeZone: string | null;
  placeCall: PanelButton;
  retryLater: PanelButton;
}

/** Parameters as Twilio Functions receives them (strings), or JSON values. */
export type HttpParams = Record<string, unknown>;

/** A validated create-callback request: only the fields that were given. */
export interface CallbackRequest {
  numberToCall: string;
  numberToCallFrom: string;
  flexFlowSid?: string;
  workflowSid?: string;
  timeout?: number;
  priority?: number;
  attempts?: number;
  conversation_id?: string;
  utcDateTimeReceived?: string;
  recordingSid?: string;
  recordingUrl?: string;
  transcriptSid?: string;
  transcriptText?: string;
  transcriptTruncated?: boolean;
  isDeleted?: boolean;
  taskChannel?: string;
  virtualStartTime?: string;
}

/** A TaskRouter task, REST shape (snake_case) or the twilio library's camelCase. */
export interface TaskRecord {
  sid: string;
  attributes?: Attributes;
  workflow_sid?: string;
  workflowSid?: string;
  assignment_status?: string;
  assignmentStatus?: string;
  task_channel_unique_name?: string;
  taskChannelUniqueName?: string;
  timeout?: number;
  priority?: number;
  date_created?: string;
  dateCreated?: string;
  [key: string]: unknown;
}

/** Who asks, from their validated Flex token. */
export interface Viewer {
  workerSid?: string;
  /** Flex roles: "agent", "supervisor", "admin". */
  roles?: string[];
}

/** A task's reservation as the caller read it. */
export interface Reservation {
  workerSid: string;
  /** pending, accepted, wrapping, completed, canceled, ... */
  status: string;
}

export interface CallbackConfig {
  /** TWILIO_FLEX_CALLBACK_WORKFLOW_SID */
  defaultWorkflowSid?: string;
  /** The contact centre's IANA zone; "UTC" when unset. */
  mainTimeZone?: string;
  /** Refuse requeues beyond this many attempts. */
  maxAttempts?: number;
}

export interface BuildCallbackTaskInput {
  /** create-callback's raw parameters; omit for a requeue. */
  params?: HttpParams;
  /** The callback being requeued, or the call task the caller left. */
  original?: TaskRecord;
  config?: CallbackConfig;
  /** ISO instant: the reception time of a first request. */
  now: string;
  /** Function path used in missing-parameter messages. */
  path?: string;
}

/**
 * One step of a requeue (see wasm/domain/include/cbvm/requeue.hpp for the protocol).
 * Without `task`: the parameters are validated and the task to fetch is named.
 */
export interface RequeueCallbackInput {
  /** requeue-callback's raw parameters (taskSid). */
  params: HttpParams;
  path?: string;
  /** From the validated Flex token. */
  viewer?: Viewer;
  /** The original as fetched (its ETag kept by the caller), with its reservations. */
  task?: TaskRecord & { assignmentStatus?: string; reservations?: Reservation[] };
  /** This request's own random id, written into its claim. */
  attemptId?: string;
  /** The successor this request created: asks for the record to write. */
  createdSid?: string;
  config?: CallbackConfig;
  /** ISO instant. */
  now?: string;
  /** How long a claim without a successor blocks others (default 30000 ms). */
  leaseMs?: number;
}

/** deleteVoicemail's input: the request, then (once read) the task with its reservations. */
export interface DeleteVoicemailInput {
  params: HttpParams;
  path?: string;
  /** Who asks (their Flex token); omit only with by: "retention". */
  viewer?: Viewer;
  /** The retention sweep acts for the contact centre on ended tasks, with no viewer. */
  by?: 'retention';
  task?: TaskRecord & { reservations?: Reservation[] };
  /** Required with task (ISO-8601): written as callBackData.deletedAt. */
  now?: string;
}

export type DeleteVoicemailPlan =
  | { action: 'fetch'; taskSid: string }
  | { action: 'answer'; taskSid: string; recordingSid: string; message: string }
  | {
      action: 'delete';
      taskSid: string;
      recordingSid: string;
      transcriptSid: string | null;
      /** The task's attributes with callBackData.isDeleted, deletedAt, deletedBy: write with If-Match after deleting. */
      attributes: Record<string, unknown>;
      message: string;
    };

/** voicemailNotification's input: the task (with its queue) and the notification settings. */
export interface VoicemailNotificationInput {
  task: TaskRecord & { queueName?: string };
  settings: {
    /** Queue name ("*": any other) -> email address or "sms:+<E.164>" (VOICEMAIL_NOTIFY_TO). */
    targets: Record<string, string>;
    /** How long the link to the voicemail lives; default a week. */
    linkTtlSeconds?: number;
  };
  now: string;
}

export type VoicemailNotificationPlan =
  | { action: 'none'; reason: string }
  | {
      action: 'notify';
      channel: 'email' | 'sms';
      to: string;
      linkExpiresAt: string;
      linkExpiresEpochSeconds: number;
      /** The task's attributes with callBackData.notified: write with If-Match before sending. */
      attributes: Record<string, unknown>;
    };

export type RequeuePlan =
  | { action: 'fetch'; taskSid: string }
  | { action: 'answer'; taskSid: string; message: string }
  | { action: 'wait'; waitMs: number; message: string }
  | {
      action: 'requeue';
      /** The successor's request id ("requeue:<originalSid>"). */
      requestId: string;
      /** The original's attributes to write with If-Match; null when this request already holds the claim. */
      claimAttributes: Record<string, unknown> | null;
      /** Look for a successor created since this instant (an earlier holder's) before creating. */
      lookSince: string | null;
      task: CallbackTaskSpec;
    }
  | { action: 'record'; taskSid: string; attributes: Record<string, unknown>; message: string };

/** What to create in TaskRouter. */
export interface CallbackTaskSpec {
  workflowSid: string;
  taskChannel: string;
  timeout: number;
  priority: number;
  attributes: Record<string, unknown>;
  virtualStartTime?: string;
  /** The request's natural key: recording:<RecordingSid>, call:<CallSid>, or the caller's idempotencyKey. */
  requestKey?: string;
}

export interface OutboundCallRequest {
  destination: string;
  /** Omitted when the number to call from is a sip: address. */
  callerId?: string;
  queueSid: string | null;
  taskAttributes: Record<string, unknown>;
  retryBudget: number;
}

export interface AutoSelectInput {
  enabled: boolean;
  /** The task Flex is about to select; absent means "no task". */
  requestedSid?: string;
  selectedSid?: string;
  /** attributes.parentTask of the selected task. */
  selectedParentTask?: string;
  rememberedTaskSid?: string;
  workerTaskSids?: string[];
}

export interface RetryInput {
  retriesDone: number;
  status?: number;
  /** Node's transport error code: ECONNRESET, ETIMEDOUT, ... */
  errorCode?: string;
  /** false for creates: a lost answer may hide a success. */
  idempotent?: boolean;
  policy?: { maxRetries?: number; minBackoffMs?: number; maxBackoffMs?: number };
  seed?: number;
}

export interface RetryDecision {
  retry: boolean;
  delayMs: number;
  /** Look for the result of the failed call before trying again. */
  verifyFirst: boolean;
  reason: 'precondition-failed' | 'rate-limited' | 'unavailable' | 'connection' | 'not-retryable' | 'limit-reached';
}

export interface DeploymentInput {
  /** DOMAIN_NAME as the runtime sets it: the service's public domain, or localhost:<port> locally. */
  domainName?: string;
  /** TWILIO_REGION, e.g. "au1". */
  region?: string;
  /** TWILIO_EDGE, e.g. "sydney". */
  edge?: string;
  /** The configured endpoint URLs by the variable that set them (unset: absent or null). */
  urls?: Record<string, string | null | undefined>;
}

export interface Deployment {
  /** Running on Twilio's runtime (DOMAIN_NAME is not this machine). */
  deployed: boolean;
  region: string | null;
  edge: string | null;
  /** "twilio.com" or "<edge>.<region>.twilio.com": a product's API host is "<product>.<hostSuffix>". */
  hostSuffix: string;
}

export interface WaitOptions {
  retainPlaceInQueue?: boolean;
  retainRouting?: boolean;
  allowAlternateNumber?: boolean;
  allowVoicemail?: boolean;
  transcribe?: boolean;
  /** The default locale's <Say> voice; unset, the locale's own (constants().waitLocales). */
  voice?: string;
  /**
   * The default locale, by tag or alias ("es-MX", "es", "zh-CN"); unset, en-US. A
   * tag that names no locale keeps the English prompts and is their <Say> language.
   * A call's `language` parameter chooses its own locale, carried in every URL.
   */
  language?: string;
  /** <Say> voices by locale tag ("es-MX"), over the locale's own and `voice`. */
  voices?: Record<string, string>;
  /** Relative URLs are made absolute against context.serviceBaseUrl. */
  holdMusicUrl?: string;
  /** The recording's maxLength in seconds (1 to 86400); unset, Twilio's own default applies. */
  voicemailMaxLength?: number;
  maxLookupPages?: number;
  /**
   * Overrides of the prompts: by key for the default locale (see constants().waitMessages),
   * and under a locale tag for that locale: `{ "es-MX": { greeting: "..." } }`.
   */
  messages?: Record<string, string | Record<string, string>>;
  config?: CallbackConfig;
  /**
   * The calling window (CALLING_WINDOW) and callback times: outside the window the loop says
   * when the centre opens; a caller choosing a callback chooses "as soon as possible" or one of
   * the next open slots (slotMinutes, default 30; up to horizonDays, default 14), spoken in
   * their zone, and the task carries callBackData.scheduledFor. Unset: as before windows.
   */
  scheduling?: { window: CallingWindowConfig; slotMinutes?: number; horizonDays?: number };
}

export interface WaitContext {
  /** Absolute URL of the wait-experience function. */
  waitUrl: string;
  /** "https://<domain>", to make relative URLs absolute. */
  serviceBaseUrl?: string;
  /** ISO instant. */
  now: string;
}

/** One page of a workflow's pending tasks, as the wait step reads it. */
export interface PendingTaskPage {
  /** 0 for the newest tasks. */
  page: number;
  tasks: TaskRecord[];
  hasMore: boolean;
}

export interface WaitLookups {
  /** The voice queue named in QueueSid. */
  queue?: { friendly_name?: string; friendlyName?: string };
  /**
   * Pages of the workflow's pending/reserved tasks (newest first): the page the last `needs` asked
   * for, optionally followed by the consecutive later pages already read; earlier pages did not hold
   * the caller's task. The core searches them in order. A task needs only `sid`, its assignment
   * status, its creation date and `attributes.call_sid`.
   */
  pendingTasks?: PendingTaskPage | PendingTaskPage[];
  /** The enqueued task; null when it was not found. */
  task?: TaskRecord | null;
  /** An effect of the previous plan failed. */
  failure?: {
    effect: 'createTask' | 'cancelTask' | 'updateCall' | 'updateTask';
    completed?: Array<'createTask' | 'cancelTask' | 'updateCall' | 'updateTask'>;
    createdTaskSid?: string;
  };
  /**
   * After a failure, the task the `reread` need named, read again: `task` null when TaskRouter no
   * longer knows it; `unknown` true when it could not be read either.
   */
  reread?: { taskSid: string; task?: TaskRecord | null; unknown?: boolean };
  /**
   * The task a createTask with `reconcile` found already made under its key, with its ETag:
   * the step adds to it what it carries (a transcript, a recording) with an `updateTask`.
   */
  existing?: { task: TaskRecord; etag?: string };
  /** submit-callback's create joined the number's open callback: what the caller hears (scheduledLocal: when it is booked for). */
  merged?: { taskSid: string; scheduledLocal?: string };
}

export type WaitNeed =
  | { type: 'queue'; queueSid: string }
  | { type: 'pendingTasks'; workflowSid: string; assignmentStatus: string[]; ordering: string; pageSize: number; page: number }
  | { type: 'task'; taskSid: string }
  /** The task as it is now, read again even though `lookups.task` holds it (its status and reason). */
  | { type: 'reread'; taskSid: string };

export type TwimlVerb =
  | { verb: 'say'; text: string; voice: string; language: string; interpretAs?: 'telephone' }
  | { verb: 'play'; url: string }
  | { verb: 'pause'; length: number }
  | { verb: 'redirect'; url: string; method: 'POST' }
  | { verb: 'hangup' }
  | {
      verb: 'gather';
      input: 'dtmf';
      timeout: number;
      numDigits?: number;
      finishOnKey?: string;
      action: string;
      method: 'POST';
      actionOnEmptyResult: boolean;
      children: TwimlVerb[];
    }
  | {
      verb: 'record';
      playBeep: boolean;
      timeout: number;
      /** Absent unless options.voicemailMaxLength is set. */
      maxLength?: number;
      finishOnKey: string;
      action: string;
      method: 'POST';
      transcribe: boolean;
      transcribeCallback?: string;
    };

export type WaitEffect =
  /** reconcile: when the key names a task made earlier, ask again with `lookups.existing`. */
  | { type: 'createTask'; task: CallbackTaskSpec; reconcile?: boolean }
  /** attributes null: cancel without touching the attributes. */
  | { type: 'cancelTask'; taskSid: string; reason: string; attributes: Record<string, unknown> | null }
  | {
      type: 'updateCall';
      callSid: string;
      url: string;
      method: 'POST';
      /** Told when the call ends (Twilio's `completed` event). */
      statusCallback?: string;
      statusCallbackMethod?: 'POST';
    }
  /** The existing task's attributes, written only while it is at `etag` (If-Match). */
  | { type: 'updateTask'; taskSid: string; etag: string | null; attributes: Record<string, unknown> };

export interface WaitPlan {
  /** Fetch this and call waitStep again with the result in lookups; twiml and effects are empty. */
  needs: WaitNeed | null;
  twiml: TwimlVerb[];
  /** Perform in order; on a failure call waitStep again with lookups.failure. */
  effects: WaitEffect[];
  /** Lines worth logging (task not found, unusable input). */
  log: string[];
}

export interface WaitStepInput {
  /** Every HTTP parameter Twilio sent, `mode` included. */
  params: HttpParams;
  options?: WaitOptions;
  context: WaitContext;
  lookups?: WaitLookups;
}

export interface Constants {
  taskTypes: { callback: 'callback'; voicemail: 'voicemail'; callbackOutbound: 'callback-outbound' };
  voiceChannel: 'voice';
  paths: { createCallback: string; requeueCallback: string; fetchVoicemail: string; waitExperience: string };
  defaults: { taskTimeoutSeconds: number; maxAttempts: number; outboundCallRetryBudget: number };
  waitModes: string[];
  waitMessages: Record<string, string>;
  /** The wait experience's locales, the default first (empty in the browser module). */
  waitLocales: { tag: string; voice: string; language: string; messages: Record<string, string> }[];
}

export interface Core {
  /**
   * Runs a decision by name and returns its envelope (never throws). The input
   * crosses as a frame, read as JSON.stringify would write it.
   */
  run<T = unknown>(decision: string, input: unknown): Envelope<T>;
  /** Runs a decision on JSON text as it is (for inputs that are not valid JSON). */
  runText<T = unknown>(decision: string, text: string): Envelope<T>;
  /** Which Flex presentation a task gets. Cheap: no JSON crosses the boundary. */
  classifyTask(task: { taskChannelUniqueName?: string; attributes?: Attributes }): TaskKind;
  channelDefinitions(): ChannelDefinition[];
  /** "<queue>: <word> (<name>)" or "<word> (<name>)" depending on the surface. */
  channelTitle(input: { surface: TitleSurface; word: string; queueName?: string; name?: string }): string;
  panelState(input: PanelStateInput): PanelState;
  /** E.164, or throws INVALID_PARAMETER naming `field`. sip: is accepted only for role "callFrom". */
  normalizePhoneNumber(number: string, options?: { field?: string; role?: 'toCall' | 'callFrom' }): string;
  validateCreateCallback(params: HttpParams, path?: string): CallbackRequest;
  /** Returns the task SID to requeue. */
  validateRequeueCallback(params: HttpParams, path?: string): string;
  /**
   * With a viewer, a supervisor or admin naming only a recording is refused MISSING_PARAMETER (pass taskSid):
   * a recording SID alone is looked for only among the tasks reserved for the viewer's worker.
   */
  validateFetchVoicemail(params: HttpParams, path?: string, viewer?: Viewer): { taskSid: string | null; recordingSid: string | null };
  /**
   * The recording a fetch-voicemail request may serve from this task, or throws NOT_ALLOWED / NOT_FOUND.
   * With a viewer, the task must also be one they may see: any task for a supervisor or admin, else one
   * reserved for their worker (give the task's reservations as `task.reservations`).
   */
  voicemailRecording(task: TaskRecord & { reservations?: Reservation[] }, recordingSid?: string | null, viewer?: Viewer): string;
  /**
   * The same, for a recording SID alone: served only if one of the tasks carrying it may serve it, else
   * NOT_ALLOWED. Tasks carrying another recording (or none) are passed over: give all the viewer's reserved tasks.
   */
  voicemailRecordingAmong(tasks: Array<TaskRecord & { reservations?: Reservation[] }>, recordingSid: string, viewer?: Viewer): string;
  buildCallbackTask(input: BuildCallbackTaskInput): CallbackTaskSpec;
  /**
   * The next step of a requeue: refuses with NOT_ALLOWED (not the holder nor a supervisor/admin),
   * CONFLICT (the task's status, an unreadable attempts count) or ATTEMPTS_EXHAUSTED.
   */
  requeueCallback(input: RequeueCallbackInput): RequeuePlan;
  /**
   * The next step of deleting a voicemail's recording: without a task, checks the parameters (fetch);
   * refuses NOT_ALLOWED (not the holder nor a supervisor/admin; not a callback/voicemail task) or
   * NOT_FOUND (no recording); answers a task already marked deleted; else delete at Twilio, then mark.
   */
  deleteVoicemail(input: DeleteVoicemailInput): DeleteVoicemailPlan;
  /**
   * Whether and where to notify of a new voicemail (once: not when callBackData.notified is present);
   * an address that is not an email or sms:+E.164 throws INVALID_CONFIGURATION naming VOICEMAIL_NOTIFY_TO.
   */
  voicemailNotification(input: VoicemailNotificationInput): VoicemailNotificationPlan;
  planOutboundCall(input: {
    task: { sid: string; queueSid?: string; attributes: Attributes };
    /** Flex service configuration's outbound_call_flows. */
    outboundCallFlows?: Record<string, { enabled?: boolean; [key: string]: unknown }>;
    /** The feature's config.default_region (FeatureConfig), as the panel reads it. */
    defaultRegion?: string;
  }): OutboundCallRequest;
  /** After `failures` failed StartOutboundCall attempts: try again after delayMs, or notify the agent. */
  retryOutboundCall(failures: number): { retry: boolean; notify: boolean; delayMs: number };
  autoSelect(input: AutoSelectInput): { abort: boolean; selectSid: string | null };
  retryDecision(input: RetryInput): RetryDecision;
  /**
   * Of the tasks found carrying one request key after a keyed create (requests
   * that raced each made one): the one every creator keeps, and the others to
   * cancel while they still wait.
   */
  settleKeyedTasks(input: { tasks: { sid: string; dateCreated?: string; assignmentStatus?: string }[]; key?: string }): {
    keep: string;
    cancel: string[];
    /** "Duplicate of <keep>", with "(same request: <key>)" when a key was given. */
    cancelReason: string;
  };
  /**
   * The callback workflow's TaskRouter configuration from the retry policy as
   * data: attempt N (2 or more) reaches agents waitMinutes after it is made
   * (each entry up to the next one's attempt, the last for every later one).
   * The first filter sends a task carrying Flex's worker transfer attributes
   * (transferTargetType "worker", transferTargetSid) to that worker only
   * (known agent routing: a target's known_worker_sid).
   */
  callbackWorkflow(input: {
    queueSid: string;
    retryDelays?: { attempt: number; waitMinutes: number }[];
    taskTimeoutSeconds?: number;
    /** Waits a retry by outcome may carry (callBackData.retryWaitMinutes): one filter each, before the waits by attempt. */
    outcomeWaits?: number[];
  }): { task_routing: { filters: { filter_friendly_name: string; expression: string; targets: { queue: string; expression?: string; timeout?: number; known_worker_sid?: string }[] }[]; default_filter: { queue: string } } };
  /**
   * The TaskRouter events the workspace posts to the events function
   * (EventsFilter) for the enabled features: task.canceled always;
   * task.completed for the open-callback index or voicemail retention;
   * task.deleted for the index; task-queue.entered for voicemail notifications.
   */
  workspaceEvents(input: { onePerCustomer?: boolean; voicemailRetention?: boolean; voicemailNotify?: boolean }): {
    events: string[];
    eventsFilter: string;
  };
  /**
   * Retry by outcome's policy (CALLBACK_OUTCOME_POLICY), each outcome named
   * over the defaults, checked; `waits` are the distinct waits it can give
   * (the callback workflow's outcomeWaits).
   */
  outcomePolicy(input: { policy?: OutcomePolicyInput }): { policy: Record<CallOutcome, { retry: boolean; waitMinutes: number[] }>; waits: number[] };
  /**
   * An attempt's outcome (from `params`: outcome, canceledReasonCode, or
   * CallStatus and AnsweredBy) and the next step. Without `task`: `{ action:
   * 'fetch', taskSid, outcome }`. With it: `record` (write `attributes` with
   * If-Match) or `recorded` (this attempt's outcome was already recorded),
   * and `next` (retry: requeue; complete; stop).
   */
  callbackOutcome(input: {
    params: Record<string, unknown>;
    path?: string;
    viewer?: { workerSid?: string; roles?: string[] };
    policy?: OutcomePolicyInput;
    maxAttempts?: number;
    now?: string;
    task?: unknown;
  }): {
    action: 'fetch' | 'record' | 'recorded';
    taskSid: string;
    outcome: CallOutcome | OutcomeRecord;
    next?: 'retry' | 'complete' | 'stop';
    attributes?: Record<string, unknown>;
    message?: string;
  };
  /**
   * Where the functions run and which Twilio hosts they call; refuses
   * (INVALID_CONFIGURATION) a malformed region or edge, a region other than
   * us1 without an edge, and, once deployed, a URL pointing at a loopback or
   * private address.
   */
  checkDeployment(input: DeploymentInput): Deployment;
  /**
   * The calling window at `now`: checked (INVALID_CONFIGURATION with a sentence
   * naming the field: zone, time, reversed or overlapping range, date, no open
   * hour), and described in its zone. nextOpen is `now` when open; openUntil is
   * null when closed (or open for the next 400 days).
   */
  callingWindow(input: { window: CallingWindowConfig; now: string }): {
    timeZone: string;
    /** The tz database version the core's zones come from, e.g. "2025b". */
    tzdata: string;
    /** The wall clock at now, "YYYY-MM-DDTHH:MM:SS". */
    local: string;
    utcOffsetMinutes: number;
    abbreviation: string;
    open: boolean;
    nextOpen: string | null;
    openUntil: string | null;
  };
  /**
   * Up to `count` (default 10) slot starts at or after `from` and within
   * `horizonDays` (default 14): wall-clock starts aligned to `slotMinutes`
   * (default 30) from local midnight, each slot wholly inside one open range of
   * a day that is not a holiday; a start the clock skips is not offered, one
   * it shows twice is offered once (the earlier).
   */
  openSlots(input: { window: CallingWindowConfig; from: string; count?: number; slotMinutes?: number; horizonDays?: number }): {
    slots: { start: string; local: string }[];
  };
  /**
   * A requested callback time: an ISO instant, or a wall-clock
   * "YYYY-MM-DDTHH:MM[:SS]" in the window's zone (a skipped time is the first
   * instant after the gap, a repeated one the earlier). Refused
   * (INVALID_PARAMETER, the sentence names scheduledFor) when more than a minute
   * in the past, beyond horizonDays (default 30) or outside the window.
   */
  validateScheduledFor(input: { window: CallingWindowConfig; now: string; scheduledFor: string; horizonDays?: number }): {
    scheduledFor: string;
    local: string;
  };
  /** When a callback is due: scheduledFor (validated as above) if given, else now when open, else the next opening. */
  callbackDue(input: { window: CallingWindowConfig; now: string; scheduledFor?: string; horizonDays?: number }): {
    due: string;
    local: string;
    /** Whether it is due now (release at once). */
    immediate: boolean;
  };
  /**
   * The release mechanism's next step for a held callback: release when due
   * within 30 s, else hold for the largest power of two of minutes (1 … 8192)
   * not above the time left, then ask again.
   */
  holdStep(input: { now: string; due: string }): { release: true } | { release: false; holdMinutes: number; wakeAt: string };
  /**
   * The supervisors' callbacks view: one row per open callback or voicemail of
   * a page of tasks (others left out), with its state, next due time and the
   * actions it allows. NOT_ALLOWED (403) unless the viewer is a supervisor or admin.
   */
  callbackRows(input: { viewer: Viewer; now: string; tasks: TaskRecord[]; window?: CallingWindowConfig }): { rows: CallbackRow[] };
  /**
   * A supervisor's action on a callback. Without `task`: checks the request
   * and names the task to read ({ action: 'read', taskSid }). With the task as
   * read now: what to do (see ManageCallbackPlan).
   */
  manageCallback(input: {
    viewer: Viewer;
    /** The supervisor's name, recorded in cancel reasons. */
    by?: string;
    params: { action?: string; taskSid?: string; reason?: string; scheduledFor?: string };
    task?: TaskRecord & { reason?: string };
    now?: string;
    window?: CallingWindowConfig;
    horizonDays?: number;
  }): ManageCallbackPlan;
  /**
   * Holding a callback until due (server side). `request`: create the task now
   * (as given, scheduledFor normalised) or hold it (the held task, its first
   * timer); a scheduledFor in the past, outside the window or beyond the
   * horizon is refused naming scheduledFor. `wake`: what a timer's expiry, the
   * held task's own expiry or the sweep does to a held task.
   */
  holdPlan(input: HoldPlanRequest | HoldPlanWake): HoldPlan;
  /**
   * Voicemail retention: whether an ended task gets a retention record (held
   * in the hold workflow, due `retentionHours` after it ended), and what a
   * wake-up of a record does (delete, wait, renew) — README, Voicemail retention.
   */
  retentionPlan(input: RetentionPlanEnded | HoldPlanWake): RetentionPlan;
  waitStep(input: WaitStepInput): WaitPlan;
  /** The pending or reserved task whose attributes.call_sid is callSid. */
  findTaskByCallSid(tasks: TaskRecord[], callSid: string): string | null;
  /**
   * One open callback per customer: the next step of a callback request
   * against the Sync index of open callbacks (one item per number and
   * workflow). `entry` is the item as read (absent: claim it); `task` the task
   * it names as fetched (null: not found; absent: not read yet).
   */
  mergeCallback(input: {
    enabled: boolean;
    request: CallbackTaskSpec;
    requestKey: string;
    source?: string;
    now: string;
    waitedMs?: number;
    entry?: { data: { taskSid?: string; claimedBy?: string; claimedAt?: string }; revision: string };
    task?: TaskRecord | null;
  }): MergeStep;
  /** The index key of an ended task, and whether its item (when read) names it and is to be removed at `revision`. */
  callbackIndexEnded(input: {
    task: { sid: string; workflowSid?: string; attributes: Attributes | string };
    entry?: { data: { taskSid?: string }; revision: string };
  }): { key: string | null; clear: boolean; revision?: string };
  /**
   * Whether to text the customer of a booked callback, and what (README, SMS
   * confirmation). `send`: record `claim` as callBackData.smsConfirmation
   * (If-Match), then send `message`; `verify`: a claim without an outcome, look
   * for a message to `verify.to` since `verify.since`; `skip`: `reason` says why.
   */
  smsConfirmation(input: {
    sender?: { from?: string; messagingServiceSid?: string };
    task: TaskRecord;
    language?: string;
    defaultLanguage?: string;
    now: string;
  }): {
    action: 'send' | 'verify' | 'skip';
    reason: string;
    locale: string;
    numberType: 'mobile' | 'fixedLine' | 'fixedLineOrMobile' | 'other' | 'unknown';
    message?: { to: string; body: string; from?: string; messagingServiceSid?: string };
    claim?: { status: 'sending'; to: string; locale: string; at: string };
    verify?: { to: string; since: string };
  };
  /**
   * What a customer's text does. Ask again with what `needs` names (`sent`: the
   * bodies of our messages to them, newest first; `tasks`: those tasks with
   * their `etag`, `{ sid, found: false }` when gone) until it needs nothing;
   * then cancel `cancel` (If-Match `etag`) and answer `reply` ("" = nothing).
   */
  smsReply(input: {
    body: string;
    from: string;
    defaultLanguage?: string;
    sent?: string[];
    tasks?: Array<(TaskRecord & { etag?: string; found?: true }) | { sid: string; found: false }>;
  }): {
    intent: 'cancel' | 'optOut' | 'other';
    reply: string;
    locale: string;
    needs?: { messages: { to: string } } | { tasks: string[] };
    cancel?: { taskSid: string; reason: string; etag?: string };
  };
  constants(): Constants;
}

/** A row of the supervisors' callbacks view. */
export interface CallbackRow {
  taskSid: string;
  kind: 'callback' | 'voicemail';
  /** waiting (first attempt), assigned (reserved/assigned/wrapping), scheduled (for later), retrying (attempts >= 1). */
  state: 'waiting' | 'assigned' | 'scheduled' | 'retrying';
  number: string;
  queueName: string;
  ageSeconds: number;
  /** The attempt this task is (callBackData.attempts + 1). */
  attempt: number;
  /** When it is next due (ISO); null once an agent holds it. */
  nextDue: string | null;
  /** The worker a supervisor sent it to. */
  assignedTo: string | null;
  actions: { reschedule: boolean; cancel: boolean; assign: boolean };
}

export type ManageCallbackPlan =
  | { action: 'read'; taskSid: string }
  | { action: 'answer'; taskSid: string; message: string }
  | { action: 'cancel'; taskSid: string; reason: string; message: string }
  | { action: 'assign'; taskSid: string; attributes: Attributes; message: string }
  | {
      action: 'reschedule';
      taskSid: string;
      /** The cancel reason of the original. */
      reason: string;
      /** The original is already canceled for this reschedule. */
      skipCancel: boolean;
      /** Natural key of the successor: "reschedule:<sid>". */
      requestId: string;
      scheduledFor: string;
      /** The successor to create (CallbackTaskSpec shape). */
      task: { workflowSid: string; taskChannel: string; timeout: number; priority: number; attributes: Attributes };
      message: string;
    };

/** A calling window as configured. Times are "HH:MM" (a close may be "24:00"), ranges [open, close). */
export interface CallingWindowConfig {
  /** IANA zone, e.g. "America/New_York". */
  timeZone: string;
  /** By day; a day left out or empty is closed. */
  weekly: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>>;
  /** Local dates "YYYY-MM-DD", closed all day. */
  holidays?: string[];
}

/**
 * Loads the core once and caches it. In Node no options are needed; in the
 * browser pass the module's bytes (`wasmBinary`) or URL (`wasmUrl`).
 */
export declare function loadCore(options?: { wasmBinary?: ArrayBuffer | Uint8Array; wasmUrl?: string }): Promise<Core>;

/** A step of core.mergeCallback. */
export type MergeStep = { reason: string } & (
  | { action: 'create' | 'busy' }
  | {
      action: 'claim' | 'takeOver';
      key: string;
      /** Seconds the item lives: the task's timeout and a day. */
      ttl: number;
      /** The item's data while the task is made; add taskSid once it exists. */
      claim: { claimedBy: string; claimedAt: string; workflowSid: string; numberToCall: string };
      /** takeOver: the revision to replace (If-Match). */
      revision?: string;
    }
  | { action: 'readTask' | 'existing'; taskSid: string }
  | { action: 'wait'; waitMs: number }
  | {
      action: 'merge';
      taskSid: string;
      /** Write `attributes` (If-Match the task's ETag); false when the request is recorded already. */
      record: boolean;
      attributes?: Attributes;
      message: string;
      scheduledFor?: string;
      scheduledLocal?: string;
    }
);
/** How an attempt of a call back ended. */
export type CallOutcome = 'reached' | 'no-answer' | 'busy' | 'failed' | 'machine' | 'wrong-number';
/** CALLBACK_OUTCOME_POLICY: per outcome, whether it is retried and the wait by attempt (or one wait for all). */
export type OutcomePolicyInput = Partial<Record<CallOutcome, { retry?: boolean; waitMinutes?: number | number[] }>>;
/** One entry of callBackData.outcomes. */
export interface OutcomeRecord {
  attempt: number;
  result: CallOutcome;
  at: string;
  next: 'retry' | 'complete' | 'stop';
  waitMinutes?: number;
}
/** A timer task's Timeout (seconds) and when it runs out. */
export interface HoldTimer {
  timeout: number;
  wakeAt: string;
}

export interface HoldPlanRequest {
  phase: 'request';
  now: string;
  task: CallbackTaskSpec;
  /** The request's natural key (the held task's and the release's keys derive from it). */
  requestKey: string;
  holdWorkflowSid?: string;
  /** The request's scheduledFor; else the task's callBackData.scheduledFor. */
  scheduledFor?: string;
  window?: CallingWindowConfig;
  horizonDays?: number;
}

export interface HoldPlanWake {
  phase: 'wake';
  now: string;
  /** The held task (the library's record: sid, attributes, assignmentStatus, dateCreated, timeout, …). */
  held: Record<string, unknown>;
  /** The held task expired itself (task.canceled, Task TTL Exceeded). */
  expired?: boolean;
  /** A timer for it is pending (the sweep saw one). */
  hasTimer?: boolean;
}

export interface RetentionPlanEnded {
  phase: 'ended';
  now: string;
  /** When the task ended (ISO); default `now`. */
  endedAt?: string;
  /** VOICEMAIL_RETENTION_HOURS; absent: retention is off (answers none). */
  retentionHours?: number;
  holdWorkflowSid?: string;
  /** The ended task: sid, attributes, assignmentStatus, reason, workflowSid. */
  task: Record<string, unknown>;
}

/** What a due record deletes: from the record alone (the ended task may be gone). */
export interface RetentionDeletion {
  action: 'delete';
  taskSid: string;
  recordingSid: string;
  /** "" when the voicemail has no transcription. */
  transcriptSid: string;
  reason: string;
  /** A wake-up: end the record after deleting. */
  cancelHeld?: boolean;
  /** The record's attributes with the claim, written with If-Match before deleting. */
  claim?: Record<string, unknown>;
}

export type RetentionPlan =
  | { action: 'none'; why: string }
  | { action: 'hold'; due: string; heldTask: CallbackTaskSpec; timer: HoldTimer }
  | { action: 'wait'; timer: HoldTimer }
  | { action: 'renew'; heldTask: CallbackTaskSpec; timer: HoldTimer; cancelHeld: boolean; reason: string }
  | RetentionDeletion;

export type HoldPlan =
  | { action: 'create'; task: CallbackTaskSpec }
  | { action: 'hold'; due: string; heldTask: CallbackTaskSpec; timer: HoldTimer }
  | { action: 'none'; why: string }
  | { action: 'wait'; timer: HoldTimer }
  | { action: 'renew'; heldTask: CallbackTaskSpec; timer: HoldTimer; cancelHeld: boolean; reason: string }
  | {
      action: 'release';
      task: CallbackTaskSpec;
      /** Look for the release's key among tasks created since (ISO). */
      since: string;
      cancelHeld: boolean;
      reason: string;
      /** The held task's attributes with the claim, written with If-Match before the release. */
      claim?: Record<string, unknown>;
    };
