// The panel's Paste theme as Flex gives it: the plugin's provider goes through
// the real Flex.setProviders, Flex's RootContainer wrapper renders it with the
// Flex theme (light or dark, and its token overrides), and the element
// overrides from the feature's configuration reach the panel's named elements.
import './support/dom';

import assert from 'node:assert/strict';
import { afterEach, before, describe, it, mock } from 'node:test';
import React from 'react';
import { cleanup, screen } from '@testing-library/react';
import * as Flex from '@twilio/flex-ui';
import { DarkTheme, DefaultTheme } from '@twilio-paste/theme';
import type { Core } from '@cbvm/core';

import { readElementOverrides } from '../src/feature/callback-and-voicemail/config';
import { registerPasteThemeProvider } from '../src/feature/callback-and-voicemail/flex-hooks/providers/PasteThemeProvider';
import { createManager, makeTask, testCore } from './support/harness';
import { renderPanel } from './support/render';

type FlexTheme = { isLight: boolean; tokens?: Record<string, unknown> };

/** Flex's root as RootContainer renders it: every registered wrapper around the content, given the Flex theme. */
function flexRoot(theme: FlexTheme) {
  const Content = ({ children }: { children?: React.ReactNode }) => <>{children}</>;
  let Root = Content as React.ComponentType<{ theme: FlexTheme; children?: React.ReactNode }>;
  for (const wrap of Flex.RootContainer.Content.getAllWrappers()) Root = wrap(Root as never) as unknown as typeof Root;
  return ({ children }: { children: React.ReactNode }) => <Root theme={theme}>{children}</Root>;
}

const colorOf = (element: Element) => getComputedStyle(element).color;
const rgb = (hex: string) => {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
};
const normal = (color: string) => (color.startsWith('#') ? rgb(color) : color.replace(/\s+/g, ' ').replace(/,(\S)/g, ', $1'));

describe('the Paste theme and element overrides', () => {
  let core: Core;
  const warnings: string[] = [];
  before(async () => {
    core = await testCore();
    mock.method(console, 'warn', (message: string) => void warnings.push(message));
    const manager = createManager({
      features: {
        elements: {
          CBVM_ATTEMPT: { backgroundColor: 'colorBackgroundPrimaryWeakest', fontStyle: 'italic' },
          CBVM_PANEL: { borderStyle: 'solid', borderWidth: 'borderWidth20', borderColor: 'colorBorderPrimary' },
          Button: { color: 'red' },
          CBVM_BROKEN: 'red',
        },
      },
    });
    registerPasteThemeProvider(Flex, readElementOverrides(manager as unknown as Flex.Manager));
  });
  afterEach(() => cleanup());

  it('keeps only the CBVM_* element overrides, and says which it ignored', () => {
    const elements = readElementOverrides(createManager({ features: { elements: { CBVM_ATTEMPT: { color: 'red' }, Button: {}, CBVM_X: [] } } }) as unknown as Flex.Manager);
    assert.deepEqual(Object.keys(elements), ['CBVM_ATTEMPT']);
    assert.ok(warnings.some((w) => /elements\.Button is ignored/.test(w)));
    assert.ok(warnings.some((w) => /elements\.CBVM_X is ignored/.test(w)));
    assert.deepEqual(readElementOverrides(createManager() as unknown as Flex.Manager), {});
  });

  it('follows Flex\'s dark theme: the panel\'s text takes the dark tokens', () => {
    renderPanel(core, makeTask(), { wrapper: flexRoot({ isLight: false }) });
    const heading = screen.getByRole('heading', { name: 'Callback Request' });
    assert.equal(normal(colorOf(heading)), normal(DarkTheme.textColors.colorText));
    assert.notEqual(normal(DarkTheme.textColors.colorText), normal(DefaultTheme.textColors.colorText));
  });

  it('follows Flex\'s light theme and its token overrides', () => {
    renderPanel(core, makeTask(), { wrapper: flexRoot({ isLight: true }) });
    assert.equal(normal(colorOf(screen.getByRole('heading', { name: 'Callback Request' }))), normal(DefaultTheme.textColors.colorText));
    cleanup();
    renderPanel(core, makeTask(), { wrapper: flexRoot({ isLight: true, tokens: { textColors: { colorText: 'rgb(1, 2, 3)' } } }) });
    assert.equal(colorOf(screen.getByRole('heading', { name: 'Callback Request' })), 'rgb(1, 2, 3)');
  });

  it('applies the configured overrides to the panel\'s named elements, and only to those', () => {
    renderPanel(core, makeTask(), { wrapper: flexRoot({ isLight: true }) });
    const attempt = screen.getByTestId('cbvm-attempt');
    assert.equal(attempt.getAttribute('data-paste-element'), 'CBVM_ATTEMPT');
    const style = getComputedStyle(attempt);
    assert.equal(normal(style.backgroundColor), normal(DefaultTheme.backgroundColors.colorBackgroundPrimaryWeakest));
    assert.equal(style.fontStyle, 'italic');
    const panel = getComputedStyle(screen.getByTestId('cbvm-panel'));
    assert.equal(panel.borderStyle, 'solid');
    assert.equal(normal(panel.borderColor), normal(DefaultTheme.borderColors.colorBorderPrimary));
    // "Button" was dropped: Paste's own buttons keep their colours.
    assert.notEqual(getComputedStyle(screen.getByRole('button', { name: 'Retry Later' })).color, 'rgb(255, 0, 0)');
  });
});
