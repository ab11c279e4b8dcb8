'use strict';
// Opens a voicemail notification's link: checks its signature and expiry
// (common/voicemail-link) and redirects to the voicemail's task in Flex
// (VOICEMAIL_LINK_TARGET + taskSid; default https://flex.twilio.com/agent-desktop/).
// A bad or expired link is answered with a JSON sentence, never the task.

const { voicemailLinkSettings } = require(Runtime.getFunctions()['common/config'].path);
const { verifyLink } = require(Runtime.getFunctions()['common/voicemail-link'].path);
const { json } = require(Runtime.getFunctions()['common/response'].path);

exports.handler = async function openVoicemailLink(context, event, callback) {
  const { secret, target } = voicemailLinkSettings(context);
  const checked = verifyLink(secret, { taskSid: event.taskSid, expires: event.expires, sig: event.sig });
  if (!checked.ok) return callback(null, json(checked.status, { success: false, message: checked.message }));
  const response = new Twilio.Response();
  response.setStatusCode(302);
  response.appendHeader('Location', target.includes('{taskSid}') ? target.replace('{taskSid}', checked.taskSid) : `${target}${checked.taskSid}`);
  response.appendHeader('Cache-Control', 'no-store');
  return callback(null, response);
};
