// The Paste provider the plugin gives Flex (`Flex.setProviders`). Flex renders
// it around its root with its own theme: `baseTheme` "default" or "dark" from
// the Flex theme's `isLight`, and `theme` = the Flex theme's Paste tokens, so
// the panel's Paste components follow the agent's light or dark theme and the
// administrator's token overrides. This provider adds the element overrides
// configured for the panel's named elements (`CBVM_*`).
import React from 'react';
import type * as Flex from '@twilio/flex-ui';
import { CustomizationProvider, type CustomizationProviderProps } from '@twilio-paste/core/customization';

import type { ElementOverrides } from '../../config';

type FlexProviders = Partial<Pick<typeof Flex, 'setProviders'>>;

/**
 * A CustomizationProvider that also applies `elements`. The object is built
 * once, so Paste's theme (memoised on its props) is not rebuilt per render.
 */
export function createPasteThemeProvider(elements: ElementOverrides): React.FC<CustomizationProviderProps> {
  function CallbackAndVoicemailPasteProvider(props: React.PropsWithChildren<CustomizationProviderProps>) {
    const merged = React.useMemo(() => ({ ...props.elements, ...elements }), [props.elements]);
    return <CustomizationProvider {...props} elements={merged} />;
  }
  return CallbackAndVoicemailPasteProvider;
}

/** Gives Flex the plugin's Paste provider; Flex wraps its root with it and passes its theme. */
export function registerPasteThemeProvider(flex: FlexProviders, elements: ElementOverrides): void {
  flex.setProviders?.({ PasteThemeProvider: createPasteThemeProvider(elements) as typeof CustomizationProvider });
}
