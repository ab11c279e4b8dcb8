'use strict';
// The only place environment variables are read. Each reader returns undefined
// for an unset variable, so the core's own default applies, and throws a
// sentence naming the variable when a value cannot be read.

class ConfigError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ConfigError';
  }
}

function raw(context, name) {
  const value = context[name];
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

function text(context, name) {
  return raw(context, name);
}

function integer(context, name) {
  const value = raw(context, name);
  if (value === undefined) return undefined;
  if (!/^-?\d{1,9}$/.test(value)) throw new ConfigError(`${name} must be a whole number (got "${value}").`);
  return Number(value);
}

function positiveInteger(context, name, unit = 'seconds') {
  const value = integer(context, name);
  if (value !== undefined && value < 1) throw new ConfigError(`${name} must be a whole number of ${unit} of at least 1 (got "${value}").`);
  return value;
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

function flag(context, name) {
  const value = raw(context, name);
  if (value === undefined) return undefined;
  const word = value.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new ConfigError(`${name} must be true or false (got "${value}").`);
}

function jsonObject(context, name, example = '{"greeting": "Thanks for holding."}') {
  const value = raw(context, name);
  if (value === undefined) return undefined;
  let parsed;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigError(`${name} must be a JSON object, such as ${example}.`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${name} must be a JSON object, such as ${example}.`);
  }
  return parsed;
}

function required(value, name, purpose) {
  if (value === undefined) throw new ConfigError(`${name} is not set: it must be ${purpose}.`);
  return value;
}

function withoutUndefined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}

/** The TaskRouter workspace of Flex (TWILIO_FLEX_WORKSPACE_SID). */
function workspaceSid(context) {
  return required(text(context, 'TWILIO_FLEX_WORKSPACE_SID'), 'TWILIO_FLEX_WORKSPACE_SID', 'the SID of the Flex TaskRouter workspace (WS...)');
}

/**
 * The core's CallbackConfig. maxAttempts is read only for requeues; unset, the
 * core's default (the Flex configuration's default max_attempts) applies.
 */
function callbackConfig(context, { forRequeue = false } = {}) {
  const config = {
    defaultWorkflowSid: text(context, 'TWILIO_FLEX_CALLBACK_WORKFLOW_SID'),
    mainTimeZone: text(context, 'CALLBACK_MAIN_TIME_ZONE'),
    // Where national numbers are read when a request does not name the dialled country.
    defaultRegion: text(context, 'CALLBACK_DEFAULT_REGION'),
  };
  if (forRequeue) {
    const max = integer(context, 'CALLBACK_MAX_ATTEMPTS');
    config.maxAttempts = max !== undefined ? max : require(Runtime.getFunctions()['common/core'].path).literals().defaults.maxAttempts;
  }
  return withoutUndefined(config);
}

/**
 * Retry by outcome: CALLBACK_OUTCOME_POLICY as the core's outcomePolicy takes
 * it ({ "no-answer": { "retry": true, "waitMinutes": [10, 30, 60] }, … }, each
 * outcome over the core's defaults), or undefined for the defaults. Its values
 * are checked by the core, which names the field.
 */
async function outcomePolicy(context) {
  const policy = jsonObject(context, 'CALLBACK_OUTCOME_POLICY', '{"no-answer": {"retry": true, "waitMinutes": [10, 30]}}');
  if (policy === undefined) return undefined;
  const core = await require(Runtime.getFunctions()['common/core'].path).loadCore();
  try {
    core.outcomePolicy({ policy });
  } catch (err) {
    throw new ConfigError(`CALLBACK_OUTCOME_POLICY: ${err && err.message}`);
  }
  return policy;
}

/** The retry policy for Twilio API calls, as core.retryDecision takes it. */
function retryPolicy(context) {
  return withoutUndefined({
    maxRetries: integer(context, 'TWILIO_SERVICE_RETRY_LIMIT'),
    minBackoffMs: integer(context, 'TWILIO_SERVICE_MIN_BACKOFF'),
    maxBackoffMs: integer(context, 'TWILIO_SERVICE_MAX_BACKOFF'),
  });
}

/** The wait experience's options (WaitOptions in js-shim/index.d.ts). */
function waitOptions(context, { core }) {
  return withoutUndefined({
    retainPlaceInQueue: flag(context, 'CALLBACK_RETAIN_PLACE_IN_QUEUE'),
    retainRouting: flag(context, 'CALLBACK_RETAIN_ROUTING'),
    allowAlternateNumber: flag(context, 'CALLBACK_ALLOW_ALTERNATE_NUMBER'),
    allowVoicemail: flag(context, 'CALLBACK_ALLOW_VOICEMAIL'),
    transcribe: flag(context, 'VOICEMAIL_TRANSCRIBE'),
    voice: text(context, 'WAIT_EXPERIENCE_VOICE'),
    // The default locale (or, naming none, the English prompts' <Say> language).
    language: text(context, 'WAIT_EXPERIENCE_LANGUAGE'),
    voices: jsonObject(context, 'WAIT_EXPERIENCE_VOICES', '{"es-MX": "Polly.Mia-Neural"}'),
    holdMusicUrl: text(context, 'WAIT_EXPERIENCE_HOLD_MUSIC_URL'),
    defaultRegion: text(context, 'CALLBACK_DEFAULT_REGION'),
    maxLookupPages: integer(context, 'WAIT_EXPERIENCE_MAX_LOOKUP_PAGES'),
    announcePosition: flag(context, 'WAIT_EXPERIENCE_ANNOUNCE_POSITION'),
    announceWait: flag(context, 'WAIT_EXPERIENCE_ANNOUNCE_WAIT'),
    offerAfterSeconds: integer(context, 'CALLBACK_OFFER_AFTER_SECONDS'),
    voicemailMaxLength: positiveInteger(context, 'VOICEMAIL_MAX_LENGTH'),
    messages: jsonObject(context, 'WAIT_EXPERIENCE_MESSAGES'),
    config: callbackConfig(context),
    // The calling window and callback times (undefined without CALLING_WINDOW).
    scheduling: schedulingOptions(context),
  });
}

/**
 * The contact centre's calling window and scheduling settings, or undefined
 * when CALLING_WINDOW is unset (callbacks reach agents at any hour, as before).
 * CALLING_WINDOW is the core's window as JSON: { "timeZone": "America/New_York",
 * "weekly": { "mon": [["08:00", "18:00"]], … }, "holidays": ["2027-12-25"] };
 * its values are checked by the core (callingWindow), which names the field.
 */
function schedulingOptions(context) {
  const window = jsonObject(context, 'CALLING_WINDOW', '{"timeZone": "America/New_York", "weekly": {"mon": [["08:00", "18:00"]]}}');
  if (window === undefined) return undefined;
  return withoutUndefined({
    window,
    horizonDays: positiveInteger(context, 'SCHEDULE_HORIZON_DAYS', 'days'),
    slotMinutes: positiveInteger(context, 'SCHEDULE_SLOT_MINUTES', 'minutes'),
  });
}

/**
 * One open callback per customer (CALLBACK_ONE_PER_CUSTOMER), or undefined
 * when it is off (every request makes its task, as before). On, the index of
 * open callbacks lives in the Sync service SYNC_SERVICE_SID (the deploy makes
 * it), in the map CALLBACK_INDEX_MAP (default "open-callbacks").
 */
function callbackIndexOptions(context) {
  if (!flag(context, 'CALLBACK_ONE_PER_CUSTOMER')) return undefined;
  const serviceSid = required(
    text(context, 'SYNC_SERVICE_SID'),
    'SYNC_SERVICE_SID',
    'the SID of the Sync service holding the open-callback index (IS...), which the deploy creates, when CALLBACK_ONE_PER_CUSTOMER is on',
  );
  if (!/^IS[0-9a-fA-F]{32}$/.test(serviceSid)) throw new ConfigError(`SYNC_SERVICE_SID must be a Sync service SID, IS followed by 32 hex digits (got "${serviceSid}").`);
  return { serviceSid, mapName: text(context, 'CALLBACK_INDEX_MAP') || 'open-callbacks' };
}

/**
 * Where booking confirmations by SMS come from, or undefined when neither
 * CALLBACK_SMS_FROM (a Twilio number) nor CALLBACK_SMS_MESSAGING_SERVICE_SID is
 * set (no texts are sent). The core checks their shape and names them.
 */
function smsSender(context) {
  const sender = withoutUndefined({
    from: text(context, 'CALLBACK_SMS_FROM'),
    messagingServiceSid: text(context, 'CALLBACK_SMS_MESSAGING_SERVICE_SID'),
  });
  return Object.keys(sender).length ? sender : undefined;
}

/** The locale texts use when the caller's is not known: the wait experience's default. */
function smsLanguage(context) {
  return text(context, 'WAIT_EXPERIENCE_LANGUAGE');
}

/**
 * The TaskRouter workflow that holds callbacks until they are due
 * (CALLBACK_HOLD_WORKFLOW_SID, made by the deploy): its only target is a queue
 * no worker matches. Undefined when unset; the core then refuses to hold.
 */
function holdWorkflowSid(context) {
  return text(context, 'CALLBACK_HOLD_WORKFLOW_SID');
}

/** How often (seconds) event deliveries sweep the held callbacks (CALLBACK_HOLD_SWEEP_SECONDS); undefined: the default. */
function holdSweepSeconds(context) {
  return integer(context, 'CALLBACK_HOLD_SWEEP_SECONDS');
}

/**
 * The public base URL of this service ("https://<domain>"), to build absolute
 * URLs for Twilio to call back. SERVICE_BASE_URL overrides it, e.g. behind a tunnel.
 */
function serviceBaseUrl(context) {
  const override = text(context, 'SERVICE_BASE_URL');
  if (override) return override.replace(/\/+$/, '');
  const domain = required(text(context, 'DOMAIN_NAME'), 'DOMAIN_NAME', "this service's domain (Twilio sets it)");
  const local = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i.test(domain);
  return `${local ? 'http' : 'https'}://${domain}`;
}

/** Base URL of a local Twilio API (emulator); undefined in production. */
function apiBaseUrl(context) {
  const base = text(context, 'TWILIO_API_BASE_URL');
  return base ? base.replace(/\/+$/, '') : undefined;
}

/** Base URL of a local Flex token validation endpoint; undefined in production. */
function flexTokenValidationBaseUrl(context) {
  const base = text(context, 'FLEX_TOKEN_VALIDATION_BASE_URL');
  return base ? base.replace(/\/+$/, '') : undefined;
}

/**
 * Notification of new voicemails, or undefined when VOICEMAIL_NOTIFY_TO is unset.
 * VOICEMAIL_NOTIFY_TO maps queue names ("*" for any other) to an email address
 * or "sms:+<E.164>"; the core checks the addresses. Email goes through
 * SendGrid (SENDGRID_API_KEY, VOICEMAIL_NOTIFY_FROM), SMS through Twilio
 * Messages from VOICEMAIL_NOTIFY_SMS_FROM. The link is signed with
 * VOICEMAIL_LINK_SECRET and lives VOICEMAIL_LINK_TTL_HOURS (default 168).
 */
function voicemailNotifySettings(context) {
  const targets = jsonObject(context, 'VOICEMAIL_NOTIFY_TO', '{"Everyone": "team@example.com", "Sales": "sms:+14155550100"}');
  if (targets === undefined) return undefined;
  const ttlHours = positiveInteger(context, 'VOICEMAIL_LINK_TTL_HOURS', 'hours');
  return withoutUndefined({
    targets,
    linkTtlSeconds: ttlHours === undefined ? undefined : ttlHours * 3600,
    linkSecret: required(text(context, 'VOICEMAIL_LINK_SECRET'), 'VOICEMAIL_LINK_SECRET', 'a long random secret that signs the links to voicemails'),
    linkTarget: text(context, 'VOICEMAIL_LINK_TARGET'),
    sendgridApiKey: text(context, 'SENDGRID_API_KEY'),
    sendgridBaseUrl: (text(context, 'SENDGRID_API_BASE_URL') || 'https://api.sendgrid.com').replace(/\/+$/, ''),
    emailFrom: text(context, 'VOICEMAIL_NOTIFY_FROM'),
    smsFrom: text(context, 'VOICEMAIL_NOTIFY_SMS_FROM'),
  });
}

/**
 * How many hours a voicemail's recording is kept after its task ends
 * (VOICEMAIL_RETENTION_HOURS), or undefined: kept until someone deletes it.
 * The core checks the range.
 */
function voicemailRetentionHours(context) {
  return positiveInteger(context, 'VOICEMAIL_RETENTION_HOURS', 'hours');
}

/** The secret and target of voicemail links, for the function that opens them. */
function voicemailLinkSettings(context) {
  return {
    secret: text(context, 'VOICEMAIL_LINK_SECRET'),
    target: text(context, 'VOICEMAIL_LINK_TARGET') || 'https://flex.twilio.com/agent-desktop/',
  };
}

// The endpoints a local run points at this machine; a deployment must not.
const LOCAL_ENDPOINT_VARIABLES = ['TWILIO_API_BASE_URL', 'FLEX_TOKEN_VALIDATION_BASE_URL', 'SERVICE_BASE_URL', 'SENDGRID_API_BASE_URL'];

const deployments = new WeakMap(); // context -> Promise of the core's Deployment

/**
 * Where this request runs (core.checkDeployment): whether on Twilio's runtime,
 * and the region and edge of every Twilio host ({ region, edge, hostSuffix }).
 * Checked once per request, before anything else; a configuration the core
 * refuses (a malformed TWILIO_REGION or TWILIO_EDGE, a deployed service aimed
 * at a loopback or private address) throws a ConfigError naming the variable.
 */
function deployment(context) {
  let checked = deployments.get(context);
  if (!checked) {
    checked = (async () => {
      const core = await require(Runtime.getFunctions()['common/core'].path).loadCore();
      try {
        return core.checkDeployment({
          domainName: text(context, 'DOMAIN_NAME'),
          region: text(context, 'TWILIO_REGION'),
          edge: text(context, 'TWILIO_EDGE'),
          urls: Object.fromEntries(LOCAL_ENDPOINT_VARIABLES.map((name) => [name, text(context, name)])),
        });
      } catch (err) {
        if (err && err.code === 'INVALID_CONFIGURATION') throw new ConfigError(err.message);
        throw err;
      }
    })();
    deployments.set(context, checked);
  }
  return checked;
}

module.exports = {
  ConfigError,
  deployment,
  workspaceSid,
  callbackConfig,
  retryPolicy,
  outcomePolicy,
  waitOptions,
  schedulingOptions,
  callbackIndexOptions,
  smsSender,
  smsLanguage,
  holdWorkflowSid,
  holdSweepSeconds,
  serviceBaseUrl,
  apiBaseUrl,
  flexTokenValidationBaseUrl,
  voicemailNotifySettings,
  voicemailLinkSettings,
  voicemailRetentionHours,
};
