import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CoreStringKey, LOCALES, StringKey, stringsForLocale } from '../src/feature/callback-and-voicemail/flex-hooks/strings';
import { fillTemplate, formatInstant } from '../src/feature/callback-and-voicemail/utils/format';
import { testCore } from './support/harness';

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('strings', () => {
  it('has every key in every locale, with the same placeholders as English', () => {
    const keys = [...Object.values(CoreStringKey), ...Object.values(StringKey)].sort();
    for (const [locale, strings] of Object.entries(LOCALES)) {
      assert.deepEqual(Object.keys(strings).sort(), keys, locale);
      for (const key of keys) {
        assert.ok(strings[key].trim().length > 0, `${locale} ${key}`);
        assert.deepEqual(placeholders(strings[key]), placeholders(LOCALES['en-US'][key]), `${locale} ${key}`);
      }
    }
  });

  it('covers every string key the core names', async () => {
    const core = await testCore();
    const named = core.channelDefinitions().map((d) => d.stringKey);
    for (const taskType of ['callback', 'voicemail']) {
      const state = core.panelState({ task: { sid: 'WT1', taskChannelUniqueName: 'voice', taskStatus: 'assigned', attributes: { taskType } } });
      named.push(state.headingKey, state.descriptionKey);
    }
    for (const key of named) assert.ok(key in LOCALES['en-US'], key);
  });

  it('translates the locales it does not share with English', () => {
    for (const locale of ['es-MX', 'es-ES', 'pt-BR', 'th', 'zh-Hans'] as const) {
      const same = Object.entries(LOCALES[locale]).filter(([key, text]) => text === LOCALES['en-US'][key as keyof (typeof LOCALES)['en-US']]);
      assert.deepEqual(same, [], locale);
    }
  });

  it('picks a locale by exact tag, then by language, then English', () => {
    assert.equal(stringsForLocale('es-ES'), LOCALES['es-ES']);
    assert.equal(stringsForLocale('es-es'), LOCALES['es-ES']);
    assert.equal(stringsForLocale('es'), LOCALES['es-MX']);
    assert.equal(stringsForLocale('th-TH'), LOCALES.th);
    assert.equal(stringsForLocale('zh-CN'), LOCALES['zh-Hans']);
    assert.equal(stringsForLocale('pt-PT'), LOCALES['pt-BR']);
    assert.equal(stringsForLocale('fr-FR'), LOCALES['en-US']);
  });

  it('fills placeholders and leaves unknown ones', () => {
    assert.equal(fillTemplate('Callback attempt {{attempt}} of {{ max }}', { attempt: 2, max: 3 }), 'Callback attempt 2 of 3');
    assert.equal(fillTemplate('Hi {{who}}', {}), 'Hi {{who}}');
  });

  it('formats an instant in a zone and survives a bad zone or locale', () => {
    assert.match(formatInstant('2024-03-05T15:04:00Z', 'Asia/Bangkok', 'en-US'), /Mar 5, 2024, 10:04\sPM GMT\+7/);
    assert.ok(formatInstant('2024-03-05T15:04:00Z', 'Not/AZone', 'en-US').includes('2024'));
    assert.ok(formatInstant('2024-03-05T15:04:00Z', 'UTC', 'xx-invalid-tag-!!').includes('2024'));
    assert.equal(formatInstant('not a date', 'UTC', 'en-US'), 'not a date');
  });
});
