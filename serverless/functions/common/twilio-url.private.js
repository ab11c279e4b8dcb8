'use strict';
// Aiming the official twilio library at another host. The library has no
// setting for its host, so an `httpClient` rewrites each request's URL:
// https://<domain>.twilio.com/<path> (any region and edge) becomes
// <base>/<domain>/<path>. The functions use it when TWILIO_API_BASE_URL is
// set; the local emulator's client (emulator/src/local-client.js) uses this
// same file. It needs no Twilio runtime, so plain Node can load it too.

// The header a rewritten request carries naming the Twilio host it was meant
// for (taskrouter.sydney.au1.twilio.com): the emulator logs it and answers
// with URLs at that host, as Twilio does. Only local runs send it.
const ORIGINAL_HOST_HEADER = 'X-Original-Host';

/** Returns the host of a product's Twilio API: "<product>.<hostSuffix>" (core.checkDeployment's hostSuffix). */
function twilioHost(product, hostSuffix = 'twilio.com') {
  return `${product}.${hostSuffix}`;
}

// The Twilio host of uri, or null when it is not a Twilio API URL.
function twilioHostOf(uri) {
  let url;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  return host === 'twilio.com' || host.endsWith('.twilio.com') ? host : null;
}

/** Returns uri aimed at base when it is a Twilio API URL; other URLs are left alone. */
function rewriteTwilioUrl(uri, base) {
  const host = twilioHostOf(uri);
  if (!host) return uri;
  const url = new URL(uri);
  // Region and edge labels (taskrouter.dublin.ie1.twilio.com) are dropped from
  // the path: the emulator serves every region at <base>/<product>/...
  const domain = host === 'twilio.com' ? '' : host.split('.')[0];
  return `${String(base).replace(/\/+$/, '')}${domain ? `/${domain}` : ''}${url.pathname}${url.search}`;
}

/**
 * The request to send for a Twilio API URL: { uri, headers } with uri aimed at
 * base (when set) and the original host named in ORIGINAL_HOST_HEADER.
 */
function rewriteTwilioRequest(uri, base, headers = {}) {
  const host = base ? twilioHostOf(uri) : null;
  if (!host) return { uri, headers };
  return { uri: rewriteTwilioUrl(uri, base), headers: { ...headers, [ORIGINAL_HOST_HEADER]: host } };
}

/** Returns an httpClient for the twilio library that sends its requests to base. */
function rewritingHttpClient(RequestClient, base, requestClientOptions = {}) {
  const inner = new RequestClient(requestClientOptions);
  return {
    request(options) {
      return inner.request({ ...options, ...rewriteTwilioRequest(options.uri, base, options.headers) });
    },
    get lastRequest() {
      return inner.lastRequest;
    },
    get lastResponse() {
      return inner.lastResponse;
    },
  };
}

module.exports = { ORIGINAL_HOST_HEADER, twilioHost, rewriteTwilioUrl, rewriteTwilioRequest, rewritingHttpClient };
