'use strict';
// Reads a recording's media from the Twilio API. Recording media may require
// HTTP basic auth with the account's credentials, so it is fetched here and
// handed to Flex as base64 rather than linked.

const { withRetry } = require(Runtime.getFunctions()['common/retry'].path);
const { twilioRequest, budgetSignal } = require(Runtime.getFunctions()['common/twilio-client'].path);

class MediaError extends Error {
  constructor(status, body) {
    super((body && body.message) || `Twilio answered HTTP ${status} for the recording media.`);
    this.name = 'MediaError';
    this.status = status;
    if (body && Number.isInteger(body.code)) this.code = body.code;
    if (body && body.more_info) this.moreInfo = body.more_info;
  }
}

/** Resolves with `{ recording: <base64>, type: <content-type> }` for an MP3 of the recording. */
async function fetchRecordingMedia({ core, context }, recordingSid) {
  const accountSid = context.ACCOUNT_SID;
  const authorization = `Basic ${Buffer.from(`${accountSid}:${context.AUTH_TOKEN}`).toString('base64')}`;
  // api.<edge>.<region>.twilio.com, as the library's own calls.
  const { uri, headers } = await twilioRequest(
    context,
    'api',
    `/2010-04-01/Accounts/${accountSid}/Recordings/${recordingSid}.mp3`,
    { Authorization: authorization },
  );
  return withRetry(core, context, async () => {
    const response = await fetch(uri, { headers, signal: budgetSignal(context) });
    if (!response.ok) {
      let body = null;
      try {
        body = await response.json();
      } catch {
        // a non-JSON error body: the status says enough
      }
      throw new MediaError(response.status, body);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    return { recording: bytes.toString('base64'), type: response.headers.get('content-type') || 'audio/mpeg' };
  });
}

module.exports = { fetchRecordingMedia };
