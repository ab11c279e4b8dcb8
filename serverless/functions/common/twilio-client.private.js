'use strict';
// The Twilio REST client. In production it talks to Twilio as usual. When
// TWILIO_API_BASE_URL is set (local runs against an emulator), every request for
// https://<domain>.twilio.com/<path> goes to <base>/<domain>/<path> instead,
// through a custom httpClient: the official library has no setting for its host.

const { apiBaseUrl } = require(Runtime.getFunctions()['common/config'].path);
const { rewriteTwilioUrl, rewritingHttpClient } = require(Runtime.getFunctions()['common/twilio-url'].path);

/** Returns the URL a Twilio API URL resolves to for this deployment. */
function resolveTwilioUrl(context, uri) {
  const base = apiBaseUrl(context);
  return base ? rewriteTwilioUrl(uri, base) : uri;
}

function requestClientClass() {
  if (typeof Twilio !== 'undefined' && Twilio && Twilio.RequestClient) return Twilio.RequestClient;
  return require('twilio').RequestClient;
}

/** Returns a client of the official twilio library for this request's context. */
function getTwilioClient(context) {
  const base = apiBaseUrl(context);
  return context.getTwilioClient(
    base ? { httpClient: rewritingHttpClient(requestClientClass(), base) } : {},
  );
}

module.exports = { getTwilioClient, resolveTwilioUrl, rewriteTwilioUrl };
