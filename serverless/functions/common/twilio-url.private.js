'use strict';
// Aiming the official twilio library at another host. The library has no
// setting for its host, so an `httpClient` rewrites each request's URL:
// https://<domain>.twilio.com/<path> becomes <base>/<domain>/<path>. The
// functions use it when TWILIO_API_BASE_URL is set; the local emulator's
// client (emulator/src/local-client.js) uses this same file. It needs no
// Twilio runtime, so plain Node can load it too.

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
  return `${String(base).replace(/\/+$/, '')}${domain ? `/${domain}` : ''}${url.pathname}${url.search}`;
}

/** Returns an httpClient for the twilio library that sends its requests to base. */
function rewritingHttpClient(RequestClient, base, requestClientOptions = {}) {
  const inner = new RequestClient(requestClientOptions);
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

module.exports = { rewriteTwilioUrl, rewritingHttpClient };
