// The built plugin bundle, run as Flex runs it: the IIFE calls
// Twilio.Flex.Plugins.init, Flex calls init(flex, manager), and the plugin
// loads the core from the WebAssembly bytes inlined in the bundle.
import './support/dom';

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { after, before, describe, it } from 'node:test';
import React from 'react';
import * as ReactDOM from 'react-dom';
import * as Redux from 'redux';
import * as ReactRedux from 'react-redux';
import { cleanup, render, screen } from '@testing-library/react';
import * as Flex from '@twilio/flex-ui';

import { createManager, makeTask } from './support/harness';
import { useFlexStrings } from './support/templates';

interface PluginInstance {
  name: string;
  uniqueName: string;
  version: string;
  init(flex: unknown, manager: unknown): Promise<void>;
}

describe('plugin bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cbvm-plugin-'));
  let code = '';
  let size = { raw: 0, gzip: 0 };
  const loaded: Array<new () => PluginInstance> = [];
  const providers: Array<{ PasteThemeProvider?: React.ComponentType<Record<string, unknown>> }> = [];
  const replaced: Array<[React.ReactElement, { if: (props: unknown) => boolean }]> = [];

  // What the host page gives a plugin: Flex, its libraries, and Plugins.init.
  const flexForPlugins = new Proxy(Flex, {
    get(target, key) {
      if (key === 'Plugins') return { init: (plugin: new () => PluginInstance) => loaded.push(plugin) };
      if (key === 'setProviders') return (p: (typeof providers)[number]) => providers.push(p);
      if (key === 'TaskInfoPanel') {
        return { Content: { replace: (element: React.ReactElement, options: (typeof replaced)[number][1]) => replaced.push([element, options]) } };
      }
      return Reflect.get(target, key);
    },
  });

  before(async () => {
    const { buildPlugin } = await import('../scripts/build.mjs');
    const result = await buildPlugin({ outfile: join(dir, 'plugin.js') });
    size = { raw: result.raw, gzip: result.gzip };
    code = readFileSync(result.outfile, 'utf8');
    const host = { React, ReactDOM, Redux, ReactRedux, Twilio: { Flex: flexForPlugins } };
    // A page's globals are the window's properties; in Node they are two objects.
    Object.assign(window, host);
    Object.assign(globalThis, host);
  });
  after(() => {
    cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const load = () => {
    runInThisContext(code, { filename: 'plugin-callback-and-voicemail.js' });
    const Plugin = loaded.at(-1);
    assert.ok(Plugin, 'the bundle called Twilio.Flex.Plugins.init');
    return new Plugin();
  };

  it('is one IIFE with the Flex libraries left to the page', () => {
    assert.match(code, /^"use strict";\(\(\)=>\{/);
    assert.doesNotMatch(code, /\brequire\(["']react["']\)/);
    assert.ok(code.includes('window.React'), 'React comes from the page');
    assert.ok(!code.includes('Flex UI logger decorated'), 'Flex UI itself is not bundled');
    assert.ok(size.raw > 0 && size.gzip < size.raw);
  });

  it('carries the plugin builder globals', () => {
    const plugin = load();
    assert.equal(plugin.name, 'CallbackAndVoicemailPlugin');
    assert.equal(plugin.uniqueName, 'plugin-callback-and-voicemail');
    assert.equal(plugin.version, '0.1.0');
  });

  it('registers nothing when the feature is disabled', async () => {
    const before = Flex.TaskChannels.getRegistered().length;
    const manager = createManager({ features: { enabled: false } });
    await load().init(flexForPlugins, manager);
    assert.equal(Flex.TaskChannels.getRegistered().length, before);
    assert.equal(replaced.length, 0);
    assert.equal(providers.length, 0);
  });

  it('loads the inlined core and registers channels and the panel when enabled', async () => {
    const manager = createManager();
    await load().init(flexForPlugins, manager);
    const callback = Flex.TaskChannels.getRegistered().find((c) => c.name === 'callback');
    assert.ok(callback);
    assert.equal(callback.isApplicable(makeTask() as never), true);
    assert.equal(callback.isApplicable(makeTask({ taskChannelUniqueName: 'chat' }) as never), false);
    assert.equal(Flex.TaskChannels.getForTask(makeTask() as never).name, 'callback');
    assert.equal(replaced.length, 1);
    assert.equal(providers.length, 1);

    // Render the panel as Flex would: its own store, the plugin's Paste provider, the task.
    const [element, options] = replaced[0]!;
    const task = makeTask();
    assert.equal(options.if({ task }), true);
    const ThemeProvider = providers[0]!.PasteThemeProvider!;
    // What Flex's Manager does when a plugin sets manager.strings.
    useFlexStrings(manager.strings);
    render(
      <ReactRedux.Provider store={manager.store}>
        <ThemeProvider baseTheme="default">{React.cloneElement(element, { task })}</ThemeProvider>
      </ReactRedux.Provider>,
    );
    screen.getByRole('heading', { name: 'Callback Request' });
    assert.equal((screen.getByRole('button', { name: 'Place Call Now To +15551234567' }) as HTMLButtonElement).disabled, false);
  });
});
