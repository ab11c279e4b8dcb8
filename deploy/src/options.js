'use strict';
// What the deploy reads from its env file, with defaults and a sentence naming
// the variable for anything it cannot use.

// Keys for the deploy itself; the functions never see them.
const DEPLOY_KEYS = new Set([
  'ACCOUNT_SID', 'AUTH_TOKEN', 'TWILIO_REGION', 'TWILIO_EDGE',
  'CBVM_SERVICE_NAME', 'CBVM_ENVIRONMENT',
  'CALLBACK_QUEUE_NAME', 'CALLBACK_WORKFLOW_NAME', 'CALLBACK_RETRY_DELAYS',
  'CBVM_STUDIO_FLOW_NAME', 'CBVM_PHONE_NUMBERS', 'STUDIO_WORKFLOW_NAME',
  'CBVM_PLUGIN_NAME', 'FLEX_ALLOW_REQUEUE', 'FLEX_AUTO_SELECT_TASK',
  'CBVM_PLUGIN_BUNDLE',
  'CALLBACK_HOLD_QUEUE_NAME', 'CALLBACK_HOLD_WORKFLOW_NAME', 'CBVM_EVENT_CALLBACK',
]);

class ConfigError extends Error {}

function flag(env, key, fallback) {
  const v = env[key];
  if (v === undefined || v === '') return fallback;
  if (/^(true|1|yes)$/i.test(v)) return true;
  if (/^(false|0|no)$/i.test(v)) return false;
  throw new ConfigError(`${key} must be true or false, not "${v}".`);
}

function wholeNumber(env, key, fallback, min, max) {
  const v = env[key];
  if (v === undefined || v === '') return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new ConfigError(`${key} must be a whole number from ${min} to ${max}, not "${v}".`);
  }
  return Number(v);
}

// "2:10,3:60": attempt 2 waits 10 minutes, attempt 3 and later 60 (the core checks the policy).
function retryDelays(env) {
  const v = (env.CALLBACK_RETRY_DELAYS || '').trim();
  if (!v) return [];
  return v.split(',').map((part) => {
    const m = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(part);
    if (!m) throw new ConfigError(`CALLBACK_RETRY_DELAYS must be attempt:minutes pairs such as "2:10,3:60", not "${v}".`);
    return { attempt: Number(m[1]), waitMinutes: Number(m[2]) };
  });
}

// CALLBACK_OUTCOME_POLICY (JSON, also the functions'): the waits of retries by
// outcome are filters of the callback workflow (the core checks the policy).
function outcomePolicy(env) {
  const v = (env.CALLBACK_OUTCOME_POLICY || '').trim();
  if (!v) return undefined;
  try {
    const parsed = JSON.parse(v);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
  } catch {
    // named below
  }
  throw new ConfigError('CALLBACK_OUTCOME_POLICY must be a JSON object such as {"no-answer": {"retry": true, "waitMinutes": [10, 30]}}.');
}

// What to do with a workspace event callback that is already set elsewhere.
function eventCallback(env) {
  const v = (env.CBVM_EVENT_CALLBACK || '').trim();
  if (v === '') return 'refuse';
  if (v === 'replace' || v === 'keep') return v;
  throw new ConfigError(`CBVM_EVENT_CALLBACK must be replace or keep, not "${v}".`);
}

function readOptions(env) {
  for (const key of ['ACCOUNT_SID', 'AUTH_TOKEN']) {
    if (!env[key]) throw new ConfigError(`${key} is missing from the env file: the account to deploy to.`);
  }
  if (!/^AC[0-9a-f]{32}$/.test(env.ACCOUNT_SID)) throw new ConfigError('ACCOUNT_SID must be an account SID (AC followed by 32 hex digits).');
  const serviceName = env.CBVM_SERVICE_NAME || 'callback-and-voicemail';
  if (!/^[A-Za-z0-9-]{1,50}$/.test(serviceName)) throw new ConfigError('CBVM_SERVICE_NAME must be letters, digits and hyphens (at most 50).');
  // The domain suffix of the functions' environment, as twilio-run's --environment:
  // empty (the default) is the bare production domain.
  const environment = env.CBVM_ENVIRONMENT || '';
  if (!/^[a-z0-9-]{0,16}$/.test(environment)) throw new ConfigError('CBVM_ENVIRONMENT must be lowercase letters, digits and hyphens (at most 16), or empty for production.');
  const phoneNumbers = (env.CBVM_PHONE_NUMBERS || '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of phoneNumbers) {
    if (!/^\+[1-9]\d{6,14}$/.test(n)) throw new ConfigError(`CBVM_PHONE_NUMBERS must list numbers in E.164 (+14155550100), not "${n}".`);
  }
  const functionsEnv = {};
  for (const [k, v] of Object.entries(env)) if (!DEPLOY_KEYS.has(k)) functionsEnv[k] = v;
  return {
    accountSid: env.ACCOUNT_SID,
    authToken: env.AUTH_TOKEN,
    region: env.TWILIO_REGION || undefined,
    edge: env.TWILIO_EDGE || undefined,
    apiBaseUrl: env.TWILIO_API_BASE_URL || undefined,
    serviceName,
    environment,
    workspaceSid: env.TWILIO_FLEX_WORKSPACE_SID || undefined,
    queueName: env.CALLBACK_QUEUE_NAME || 'Everyone',
    workflowName: env.CALLBACK_WORKFLOW_NAME || 'Callbacks and voicemails',
    retryDelays: retryDelays(env),
    outcomePolicy: outcomePolicy(env),
    // Callbacks held until due (deploy/src/steps/holds.js).
    holdQueueName: env.CALLBACK_HOLD_QUEUE_NAME || 'Callbacks on hold',
    holdWorkflowName: env.CALLBACK_HOLD_WORKFLOW_NAME || 'Callbacks on hold',
    eventCallback: eventCallback(env),
    flowName: env.CBVM_STUDIO_FLOW_NAME || 'Callback and voicemail',
    // The workflow the flow's Send to Flex puts calls in (Flex's own by default).
    studioWorkflowName: env.STUDIO_WORKFLOW_NAME || 'Assign to Anyone',
    phoneNumbers,
    pluginName: env.CBVM_PLUGIN_NAME || 'plugin-callback-and-voicemail',
    pluginBundle: env.CBVM_PLUGIN_BUNDLE || undefined,
    feature: {
      allow_requeue: flag(env, 'FLEX_ALLOW_REQUEUE', true),
      max_attempts: wholeNumber(env, 'CALLBACK_MAX_ATTEMPTS', 1, 1, 100),
      auto_select_task: flag(env, 'FLEX_AUTO_SELECT_TASK', true),
      default_region: env.CALLBACK_DEFAULT_REGION || undefined,
    },
    functionsEnv,
  };
}

module.exports = { readOptions, ConfigError, DEPLOY_KEYS };
