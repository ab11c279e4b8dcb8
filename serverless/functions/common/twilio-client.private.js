'use strict';
// The Twilio REST client. It talks to the region and edge the deployment names
// (TWILIO_REGION, TWILIO_EDGE: the official library builds
// <product>.<edge>.<region>.twilio.com from them). When TWILIO_API_BASE_URL is
// set (local runs against an emulator), every request for a Twilio host goes
// to <base>/<domain>/<path> instead, through a custom httpClient: the official
// library has no setting for its host.

const { apiBaseUrl, deployment } = require(Runtime.getFunctions()['common/config'].path);
const { rewriteTwilioUrl, rewriteTwilioRequest, twilioHost } = require(Runtime.getFunctions()['common/twilio-url'].path);
const { startDeadline, callTimeoutMs } = require(Runtime.getFunctions()['common/deadline'].path);

/** Returns the URL a Twilio API URL resolves to for this deployment. */
function resolveTwilioUrl(context, uri) {
  const base = apiBaseUrl(context);
  return base ? rewriteTwilioUrl(uri, base) : uri;
}

/**
 * The request for a product's Twilio API path (e.g. "api", "/2010-04-01/..."),
 * at this deployment's region and edge: { uri, headers } ready for fetch, aimed
 * at TWILIO_API_BASE_URL when it is set.
 */
async function twilioRequest(context, product, path, headers = {}, base = apiBaseUrl(context)) {
  const { hostSuffix } = await deployment(context);
  return rewriteTwilioRequest(`https://${twilioHost(product, hostSuffix)}${path}`, base, headers);
}

function requestClientClass() {
  if (typeof Twilio !== 'undefined' && Twilio && Twilio.RequestClient) return Twilio.RequestClient;
  return require('twilio').RequestClient;
}

/**
 * Resolves with a client of the official twilio library for this request's
 * context, at the deployment's region and edge. Every call it makes times out
 * with what is left of the request's budget (the library's own default is 30 s,
 * three times a Function's life), and a call with no time left is not sent at
 * all (DeadlineExceeded).
 */
async function getTwilioClient(context) {
  startDeadline(context);
  const { region, edge } = await deployment(context);
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
      return inner.request({ ...options, ...rewriteTwilioRequest(options.uri, base, options.headers), timeout });
    },
    get lastRequest() {
      return inner.lastRequest;
    },
    get lastResponse() {
      return inner.lastResponse;
    },
  };
  return context.getTwilioClient({ httpClient, region: region || undefined, edge: edge || undefined });
}

/** An AbortSignal for a plain fetch of a Twilio URL, ending with the request's budget. */
function budgetSignal(context) {
  return AbortSignal.timeout(callTimeoutMs(context));
}

module.exports = { getTwilioClient, twilioRequest, resolveTwilioUrl, rewriteTwilioUrl, budgetSignal };
