'use strict';
// 5. Flex configuration: ui_attributes.custom_data.features.callback_and_voicemail
// set to the feature's settings (the functions' domain included). Twilio
// replaces ui_attributes whole on update, so the account's other keys are read
// and sent back as they are.

const { sameJson } = require('./taskrouter');

function featureSettings(options, state) {
  const feature = {
    enabled: true,
    serverless_domain: state.domain || '<the functions domain>',
    allow_requeue: options.feature.allow_requeue,
    max_attempts: options.feature.max_attempts,
    auto_select_task: options.feature.auto_select_task,
  };
  if (options.feature.default_region) feature.default_region = options.feature.default_region;
  return feature;
}

/** ui_attributes with the feature's settings in place; every other key as it was. */
function withFeature(uiAttributes, feature) {
  const ui = uiAttributes && typeof uiAttributes === 'object' ? uiAttributes : {};
  const customData = ui.custom_data && typeof ui.custom_data === 'object' ? ui.custom_data : {};
  const features = customData.features && typeof customData.features === 'object' ? customData.features : {};
  return { ...ui, custom_data: { ...customData, features: { ...features, callback_and_voicemail: feature } } };
}

async function deployFlexConfiguration(ctx) {
  const { options, client, state } = ctx;
  const configuration = await client.flexApi.v1.configuration().fetch();
  const feature = featureSettings(options, state);
  const current = configuration.uiAttributes || {};
  const next = withFeature(current, feature);
  if (sameJson(current, next)) {
    ctx.unchanged('Flex configuration: custom_data.features.callback_and_voicemail as configured');
    return;
  }
  await ctx.change(`Flex configuration: set custom_data.features.callback_and_voicemail to ${JSON.stringify(feature)}`, async () => {
    await client.flexApi.v1.configuration().update({ account_sid: options.accountSid, ui_attributes: next });
    return 'updated';
  });
}

module.exports = { deployFlexConfiguration, withFeature, featureSettings };
