import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as Flex from '@twilio/flex-ui';

import { agentLocale, flexToken, offlineActivitySid, outboundCallFlows, readFeatureConfig } from '../src/feature/callback-and-voicemail/config';

const manager = (custom_data: unknown, extra: Record<string, unknown> = {}) =>
  ({ configuration: { custom_data, ...extra } }) as unknown as Flex.Manager;

describe('readFeatureConfig', () => {
  it('is disabled when the block or the flag is missing', () => {
    for (const data of [undefined, null, {}, { features: {} }, { features: { callback_and_voicemail: {} } }, { features: { callback_and_voicemail: { enabled: false } } }]) {
      assert.equal(readFeatureConfig(manager(data)).enabled, false, JSON.stringify(data));
    }
  });

  it('passes the flags to the core as given, leaving defaults to it', () => {
    const config = readFeatureConfig(manager({ features: { callback_and_voicemail: { enabled: true, allow_requeue: true, max_attempts: 3, auto_select_task: false } } }));
    assert.equal(config.enabled, true);
    assert.deepEqual(config.feature, { enabled: true, allow_requeue: true, max_attempts: 3, auto_select_task: false });
    const sparse = readFeatureConfig(manager({ features: { callback_and_voicemail: { enabled: true } } }));
    assert.deepEqual(sparse.feature, { enabled: true });
  });

  it('reads booleans and numbers written as strings and drops other types', () => {
    const config = readFeatureConfig(manager({ features: { callback_and_voicemail: { enabled: 'true', allow_requeue: 'false', max_attempts: '4', auto_select_task: 1 } } }));
    assert.deepEqual(config.feature, { enabled: true, allow_requeue: false, max_attempts: 4 });
  });

  it('passes the default region on as text, and drops it when empty or not text', () => {
    const region = (value: unknown) => readFeatureConfig(manager({ features: { callback_and_voicemail: { enabled: true, default_region: value } } })).feature.default_region;
    assert.equal(region('US'), 'US');
    assert.equal(region(' gb '), 'gb');
    assert.equal(region(''), undefined);
    assert.equal(region(1), undefined);
  });

  it('finds the functions base URL', () => {
    const url = (data: unknown) => readFeatureConfig(manager(data)).serverlessBaseUrl;
    assert.equal(url({ features: { callback_and_voicemail: { serverless_domain: 'http://localhost:3000/' } } }), 'http://localhost:3000');
    assert.equal(url({ features: { callback_and_voicemail: { serverless_domain: 'cbvm-1234-dev.twil.io' } } }), 'https://cbvm-1234-dev.twil.io');
    assert.equal(url({ serverless_functions_domain: 'custom-flex-extensions-1234-dev.twil.io', features: {} }), 'https://custom-flex-extensions-1234-dev.twil.io');
    assert.equal(url({ serverless_functions_domain: 'localhost', serverless_functions_protocol: 'http', serverless_functions_port: '3000' }), 'http://localhost:3000');
    assert.equal(
      url({ serverless_functions_domain: 'shared.twil.io', features: { callback_and_voicemail: { serverless_domain: 'own.twil.io' } } }),
      'https://own.twil.io',
    );
    assert.equal(url({}), null);
  });

  it('reads the offline activity, outbound flows, token and locale', () => {
    const m = {
      configuration: { language: 'pt-BR' },
      serviceConfiguration: { taskrouter_offline_activity_sid: 'WA1', outbound_call_flows: { default: { enabled: true } } },
      user: { token: 'tok' },
    } as unknown as Flex.Manager;
    assert.equal(offlineActivitySid(m), 'WA1');
    assert.deepEqual(outboundCallFlows(m), { default: { enabled: true } });
    assert.equal(flexToken(m), 'tok');
    assert.equal(agentLocale(m), 'pt-BR');
    const withLocalization = { ...m, localization: { localeTag: 'th' } } as unknown as Flex.Manager;
    assert.equal(agentLocale(withLocalization), 'th');
    const throwing = Object.defineProperty({ configuration: {} }, 'localization', {
      get() {
        throw new Error('not started');
      },
    }) as unknown as Flex.Manager;
    assert.ok(agentLocale(throwing).length > 0);
    assert.equal(outboundCallFlows({ serviceConfiguration: {} } as unknown as Flex.Manager), undefined);
  });
});
