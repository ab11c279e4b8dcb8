'use strict';
// 3. Studio: the shipped flow (studio/callback-and-voicemail.flow.json) with
// its placeholders filled (the functions' URL and SIDs, the workflow calls are
// sent to), validated and published through the Studio v2 API; an existing
// flow of the same name gets a new revision only when its definition differs.
// The numbers in CBVM_PHONE_NUMBERS are pointed at it (and, with SMS
// confirmations on, their texts at the inbound-message function).

const path = require('node:path');
const { fillFlow, loadShippedFlow } = require(path.join(__dirname, '../../../studio/fill.js'));
const { sameJson } = require('./taskrouter');

const CREATE_CALLBACK_PATH = '/features/callback-and-voicemail/studio/create-callback';
const SMS_INBOUND_PATH = '/features/callback-and-voicemail/sms/inbound';
const PENDING = (what) => `<${what}, once deployed>`;

async function createCallbackFunctionSid(ctx) {
  const { client, state } = ctx;
  if (!state.serviceSid || !state.buildSid) return null;
  const build = await client.serverless.v1.services(state.serviceSid).builds(state.buildSid).fetch();
  const version = (build.functionVersions || []).find((v) => v.path === CREATE_CALLBACK_PATH);
  return version ? version.function_sid || version.functionSid : null;
}

async function inboundWorkflowSid(ctx) {
  const { client, options, state } = ctx;
  const [wf] = await client.taskrouter.v1.workspaces(state.workspaceSid).workflows.list({ friendlyName: options.studioWorkflowName, limit: 1 });
  if (!wf) throw new Error(`STUDIO_WORKFLOW_NAME: the workspace ${state.workspaceSid} has no workflow named "${options.studioWorkflowName}" to send calls to.`);
  return wf.sid;
}

async function deployStudio(ctx) {
  const { options, client, state } = ctx;
  const values = {
    FUNCTIONS_BASE_URL: state.domain ? `https://${state.domain}` : 'https://pending.twil.io',
    WORKFLOW_SID: await inboundWorkflowSid(ctx),
    SERVICE_SID: state.serviceSid || PENDING('service'),
    ENVIRONMENT_SID: state.environmentSid || PENDING('environment'),
    CREATE_CALLBACK_FUNCTION_SID: (await createCallbackFunctionSid(ctx)) || PENDING('create-callback'),
  };
  const definition = fillFlow(loadShippedFlow(), values);
  const studio = client.studio.v2;
  const existing = (await studio.flows.list()).find((f) => f.friendlyName === options.flowName) || null;
  let flow = existing ? await studio.flows(existing.sid).fetch() : null;
  if (flow && flow.status === 'published' && sameJson(flow.definition, definition)) {
    ctx.unchanged(`Studio: flow "${options.flowName}" (${flow.sid}) published`);
  } else {
    const commitMessage = `npm run deploy: functions at ${values.FUNCTIONS_BASE_URL}`;
    await ctx.change(`Studio: ${existing ? `publish a new revision of flow "${options.flowName}" (${existing.sid})` : `create and publish flow "${options.flowName}"`}`, async () => {
      await studio.flowValidate.update({ friendlyName: options.flowName, status: 'published', definition });
      flow = existing
        ? await studio.flows(existing.sid).update({ status: 'published', definition, commitMessage })
        : await studio.flows.create({ friendlyName: options.flowName, status: 'published', definition, commitMessage });
      return `${flow.sid} revision ${flow.revision}`;
    });
  }
  state.flowSid = flow ? flow.sid : null;
  for (const phoneNumber of options.phoneNumbers) {
    const [number] = await client.incomingPhoneNumbers.list({ phoneNumber, limit: 1 });
    if (!number) throw new Error(`CBVM_PHONE_NUMBERS: ${phoneNumber} is not a number of this account.`);
    const webhookUrl = flow ? flow.webhookUrl : '<the flow\'s webhook URL>';
    if (flow && number.voiceUrl === webhookUrl) {
      ctx.unchanged(`Studio: ${phoneNumber} answered by the flow`);
      continue;
    }
    await ctx.change(`Studio: point ${phoneNumber}'s incoming calls at the flow (was ${number.voiceUrl || 'nothing'})`, async () => {
      await client.incomingPhoneNumbers(number.sid).update({ voiceUrl: webhookUrl, voiceMethod: 'POST' });
      return number.sid;
    });
  }
  await wireSmsReplies(ctx);
}

// With SMS confirmations on (CALLBACK_SMS_FROM or CALLBACK_SMS_MESSAGING_SERVICE_SID),
// customers' replies to the sending number and to CBVM_PHONE_NUMBERS reach the
// inbound-message function (the number's SmsUrl). A messaging service's own
// inbound settings are left alone: see the README.
async function wireSmsReplies(ctx) {
  const { options, client, state } = ctx;
  const env = options.functionsEnv || {};
  if (!env.CALLBACK_SMS_FROM && !env.CALLBACK_SMS_MESSAGING_SERVICE_SID) return;
  const smsUrl = state.domain ? `https://${state.domain}${SMS_INBOUND_PATH}` : PENDING('inbound-message URL');
  const wanted = new Set([...(env.CALLBACK_SMS_FROM ? [env.CALLBACK_SMS_FROM.trim()] : []), ...options.phoneNumbers]);
  for (const phoneNumber of wanted) {
    const [number] = await client.incomingPhoneNumbers.list({ phoneNumber, limit: 1 });
    if (!number) throw new Error(`CALLBACK_SMS_FROM: ${phoneNumber} is not a number of this account.`);
    if (number.smsUrl === smsUrl) {
      ctx.unchanged(`SMS: ${phoneNumber}'s replies reach the functions`);
      continue;
    }
    await ctx.change(`SMS: point ${phoneNumber}'s incoming messages at ${SMS_INBOUND_PATH} (was ${number.smsUrl || 'nothing'})`, async () => {
      await client.incomingPhoneNumbers(number.sid).update({ smsUrl, smsMethod: 'POST' });
      return number.sid;
    });
  }
}

module.exports = { deployStudio };
