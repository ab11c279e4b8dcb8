'use strict';
// The Twilio REST client. In production it talks to Twilio as usual. When
// TWILIO_API_BASE_URL is set (local runs against an emulator), every request for
// https://<domain>.twilio.com/<path> goes to <base>/<domain>/<path> instead,
// through a custom httpClient: the official library has no setting for its host.

const { apiBaseUrl } = require(Runtime.getFunctions()['common/config'].path);

/** Returns uri aimed at base when it is a Twilio API URL; other URLs are left alone. */
function rewriteTwilioUrl(uri, base) {
  let url;
  try {
    url = new URL(uri);
  } catch {
    return uri;
  }
  const host = url.hostname.toLowerCase();
  if (host !== 'twilio.com' && !host.endsWith('.twilio.com')) return uri;
  // Region and edge labels (taskrouter.dublin.ie1.twilio.com) are dropped: only the product domain counts.
  const domain = host === 'twilio.com' ? '' : host.split('.')[0];
  return `${base}${domain ? `/${domain}` : ''}${url.pathname}${url.search}`;
}

/** Returns the URL a Twilio API URL resolves to for this deployment. */
function resolveTwilioUrl(context, uri) {
  const base = apiBaseUrl(context);
  return base ? rewriteTwilioUrl(uri, base) : uri;
}

function requestClientClass() {
  if (typeof Twilio !== 'undefined' && Twilio && Twilio.RequestClient) return Twilio.RequestClient;
  return require('twilio').RequestClient;
}

function rewritingHttpClient(base) {
  const RequestClient = requestClientClass();
  const inner = new RequestClient();
  return {
    request(options) {
      return inner.request({ ...options, uri: rewriteTwilioUrl(options.uri, base) });
    },
    get lastRequest() {
      return inner.lastRequest;
    },
    get lastResponse() {
      return inner.lastResponse;
    },
  };
}

/** Returns a client of the official twilio library for this request's context. */
function getTwilioClient(context) {
  const base = apiBaseUrl(context);
  return context.getTwilioClient(base ? { httpClient: rewritingHttpClient(base) } : {});
}

module.exports = { getTwilioClient, resolveTwilioUrl, rewriteTwilioUrl };
