'use strict';
// The Twilio REST client. In production it talks to Twilio as usual. When
// TWILIO_API_BASE_URL is set (local runs against an emulator), every request for
// https://<domain>.twilio.com/<path> goes to <base>/<domain>/<path> instead,
// through a custom httpClient: the official library has no setting for its host.

const { apiBaseUrl } = require(Runtime.getFunctions()['common/config'].path);
const { rewriteTwilioUrl } = require(Runtime.getFunctions()['common/twilio-url'].path);
const { startDeadline, callTimeoutMs } = require(Runtime.getFunctions()['common/deadline'].path);

/** Returns the URL a Twilio API URL resolves to for this deployment. */
function resolveTwilioUrl(context, uri) {
  const base = apiBaseUrl(context);
  return base ? rewriteTwilioUrl(uri, base) : uri;
}

function requestClientClass() {
  if (typeof Twilio !== 'undefined' && Twilio && Twilio.RequestClient) return Twilio.RequestClient;
  return require('twilio').RequestClient;
}

/**
 * Returns a client of the official twilio library for this request's context.
 * Every call it makes times out with what is left of the request's budget (the
 * library's own default is 30 s, three times a Function's life), and a call
 * with no time left is not sent at all (DeadlineExceeded).
 */
function getTwilioClient(context) {
  startDeadline(context);
  const base = apiBaseUrl(context);
  const inner = new (requestClientClass())();
  const httpClient = {
    request(options) {
      let timeout;
      try {
        timeout = callTimeoutMs(context);
      } catch (err) {
        return Promise.reject(err);
      }
      const uri = base ? rewriteTwilioUrl(options.uri, base) : options.uri;
      return inner.request({ ...options, uri, timeout });
    },
    get lastRequest() {
      return inner.lastRequest;
    },
    get lastResponse() {
      return inner.lastResponse;
    },
  };
  return context.getTwilioClient({ httpClient });
}

/** An AbortSignal for a plain fetch of a Twilio URL, ending with the request's budget. */
function budgetSignal(context) {
  return AbortSignal.timeout(callTimeoutMs(context));
}

module.exports = { getTwilioClient, resolveTwilioUrl, rewriteTwilioUrl, budgetSignal };
