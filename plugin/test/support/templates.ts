// Flex compiles manager.strings into its template registry (with Handlebars)
// when a logged-in Manager's strings are set; tests have no Manager, so they
// fill the same registry the same way. Flex's own Template component then
// renders from it, as it does in Flex.
import './dom';

import * as Flex from '@twilio/flex-ui';
import Handlebars from 'handlebars';

export function useFlexStrings(strings: Record<string, string>): void {
  const registry = Flex.templates as Record<string, unknown>;
  for (const key of Object.keys(registry)) delete registry[key];
  for (const [key, text] of Object.entries(strings)) registry[key] = Handlebars.compile(text);
}
