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

// The endpoints a local run points at this machine; a deployment must not.
const LOCAL_ENDPOINT_VARIABLES = ['TWILIO_API_BASE_URL', 'FLEX_TOKEN_VALIDATION_BASE_URL', 'SERVICE_BASE_URL'];

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
  waitOptions,
  schedulingOptions,
  holdWorkflowSid,
  holdSweepSeconds,
  serviceBaseUrl,
  apiBaseUrl,
  flexTokenValidationBaseUrl,
};
