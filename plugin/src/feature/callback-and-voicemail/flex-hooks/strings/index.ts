// Registers this feature's strings into Flex for the agent's locale. Strings
// already present win, so an administrator or another plugin can reword them.
import type * as Flex from '@twilio/flex-ui';

import { agentLocale } from '../../config';
import enUS from './en-US';
import esES from './es-ES';
import esMX from './es-MX';
import type { FeatureStrings } from './keys';
import ptBR from './pt-BR';
import th from './th';
import zhHans from './zh-Hans';

export { CoreStringKey, StringKey } from './keys';
export type { FeatureStrings, FeatureStringKey } from './keys';

export const LOCALES = {
  'en-US': enUS,
  'es-MX': esMX,
  'es-ES': esES,
  'pt-BR': ptBR,
  th,
  'zh-Hans': zhHans,
} as const;

export type SupportedLocale = keyof typeof LOCALES;

/**
 * The table of `tables` for a locale tag: the exact tag, else the first locale
 * of the same language (so "th-TH" gets Thai and "es" Mexican Spanish), else
 * en-US's. The panel's strings and the callbacks view's share it.
 */
export function tableForLocale<T>(tables: Record<string, T>, tag: string): T {
  const tags = Object.keys(tables);
  const wanted = tag.toLowerCase();
  const exact = tags.find((t) => t.toLowerCase() === wanted);
  if (exact) return tables[exact];
  const language = wanted.split(/[-_]/)[0];
  const sameLanguage = tags.find((t) => t.toLowerCase().split('-')[0] === language);
  return tables[sameLanguage ?? 'en-US'];
}

/** The panel's strings for a locale tag (see tableForLocale). */
export function stringsForLocale(tag: string): FeatureStrings {
  return tableForLocale<FeatureStrings>(LOCALES, tag);
}

export function registerStrings(manager: Pick<Flex.Manager, 'strings' | 'configuration'> & Partial<Pick<Flex.Manager, 'localization'>>): void {
  const ours = stringsForLocale(agentLocale(manager));
  manager.strings = { ...ours, ...manager.strings } as typeof manager.strings;
}
