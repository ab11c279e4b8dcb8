// The only place this feature reads configuration. Values are passed to the
// core as given (it owns defaults such as max_attempts = 1); this file only
// finds them and drops values of the wrong JSON type.
import type * as Flex from '@twilio/flex-ui';
import type { FeatureConfig } from '@cbvm/core';

type ManagerLike = Pick<Flex.Manager, 'configuration' | 'serviceConfiguration'>;

export interface CallbackAndVoicemailConfig {
  enabled: boolean;
  /** `custom_data.features.callback_and_voicemail`, as the core reads it. */
  feature: FeatureConfig;
  /** Base URL of the serverless functions, without a trailing slash; null when not configured. */
  serverlessBaseUrl: string | null;
}

type Json = Record<string, unknown>;

function objectAt(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function textAt(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function booleanAt(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

function integerAt(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}

function customData(manager: Pick<Flex.Manager, 'configuration'>): Json {
  return objectAt((manager.configuration as unknown as Json | undefined)?.custom_data);
}

function buildTimeServerlessUrl(): string | undefined {
  return typeof __CBVM_SERVERLESS_URL__ === 'string' ? textAt(__CBVM_SERVERLESS_URL__) : undefined;
}

/**
 * Where the functions live: the feature's own `serverless_domain`, else the
 * `serverless_functions_domain` (with `_protocol` and `_port`) that Flex
 * project templates share between features, else the URL given at build time
 * (`CBVM_SERVERLESS_URL=http://localhost:3000` for local use). A value with a
 * scheme is used as is; a bare domain gets https.
 */
function serverlessBaseUrl(feature: Json, shared: Json): string | null {
  const own = textAt(feature.serverless_domain);
  const common = textAt(shared.serverless_functions_domain);
  const value = own ?? common ?? buildTimeServerlessUrl();
  if (!value) return null;
  if (/^https?:\/\//i.test(value)) return value.replace(/\/+$/, '');
  const protocol = (!own && textAt(shared.serverless_functions_protocol)) || 'https';
  const port = !own ? integerAt(shared.serverless_functions_port) : undefined;
  return `${protocol}://${value.replace(/\/+$/, '')}${port ? `:${port}` : ''}`;
}

/** Reads `custom_data.features.callback_and_voicemail`; a missing block means disabled. */
export function readFeatureConfig(manager: Pick<Flex.Manager, 'configuration'>): CallbackAndVoicemailConfig {
  const shared = customData(manager);
  const raw = objectAt(objectAt(shared.features).callback_and_voicemail);
  const feature: FeatureConfig = {
    enabled: booleanAt(raw.enabled) ?? false,
    allow_requeue: booleanAt(raw.allow_requeue),
    max_attempts: integerAt(raw.max_attempts),
    auto_select_task: booleanAt(raw.auto_select_task),
    // The region national numbers on legacy tasks are read in; the core ignores an unknown one.
    default_region: textAt(raw.default_region),
  };
  for (const key of Object.keys(feature) as Array<keyof FeatureConfig>) {
    if (feature[key] === undefined) delete feature[key];
  }
  return { enabled: feature.enabled === true, feature, serverlessBaseUrl: serverlessBaseUrl(raw, shared) };
}

/** The TaskRouter activity Flex treats as offline, from the service configuration. */
export function offlineActivitySid(manager: Pick<ManagerLike, 'serviceConfiguration'>): string | undefined {
  return textAt(manager.serviceConfiguration?.taskrouter_offline_activity_sid);
}

/** The account's outbound call flows, as `planOutboundCall` expects them. */
export function outboundCallFlows(
  manager: Pick<ManagerLike, 'serviceConfiguration'>,
): Record<string, { enabled?: boolean; [key: string]: unknown }> | undefined {
  const flows = manager.serviceConfiguration?.outbound_call_flows as unknown;
  return flows && typeof flows === 'object' ? (flows as Record<string, { enabled?: boolean }>) : undefined;
}

/** The agent's Flex token, read at call time because Flex refreshes it. */
export function flexToken(manager: Pick<Flex.Manager, 'user'>): string | undefined {
  return textAt(manager.user?.token);
}

/** The agent's locale tag (Flex's language preference), for strings and dates. */
export function agentLocale(manager: Pick<Flex.Manager, 'configuration'> & Partial<Pick<Flex.Manager, 'localization'>>): string {
  let tag: string | undefined;
  try {
    tag = textAt(manager.localization?.localeTag);
  } catch {
    // Flex's localization getter throws before its locale manager has started.
  }
  return tag ?? textAt(manager.configuration?.language) ?? textAt(globalThis.navigator?.language) ?? 'en-US';
}

/** Paste style overrides for the panel's named elements, as the `elements` of a CustomizationProvider. */
export type ElementOverrides = Record<string, Record<string, unknown>>;

const ELEMENT_NAME = /^CBVM_[A-Z0-9_]+$/;

/**
 * `custom_data.features.callback_and_voicemail.elements`: Paste element
 * overrides keyed by the panel's element names (`CBVM_PANEL`, `CBVM_ATTEMPT`,
 * …). Other names and non-object values are dropped with a warning: the
 * plugin's provider wraps Flex's root, and only its own elements are its to style.
 */
export function readElementOverrides(manager: Pick<Flex.Manager, 'configuration'>): ElementOverrides {
  const raw = objectAt(objectAt(objectAt(customData(manager).features).callback_and_voicemail).elements);
  const elements: ElementOverrides = {};
  for (const [name, css] of Object.entries(raw)) {
    const style = objectAt(css);
    if (ELEMENT_NAME.test(name) && css === style) elements[name] = style;
    else console.warn(`Callbacks and voicemail: elements.${name} is ignored: overrides are objects keyed by the panel's CBVM_* element names.`);
  }
  return elements;
}
