'use strict';

// An `httpClient` for the official twilio library that sends every request meant for
// https://<domain>.twilio.com/<path> to <baseUrl>/<domain>/<path> (the emulator).

function trimSlash(s) {
  return String(s).replace(/\/+$/, '');
}

// https://taskrouter.twilio.com/v1/X?y=1 -> <baseUrl>/taskrouter/v1/X?y=1; region and edge
// labels (taskrouter.sydney.au1.twilio.com) are dropped. Other URLs pass through unchanged.
function rewriteTwilioUrl(uri, baseUrl) {
  let u;
  try {
    u = new URL(uri);
  } catch {
    return uri;
  }
  const host = u.hostname.toLowerCase();
  if (host !== 'twilio.com' && !host.endsWith('.twilio.com')) return uri;
  const domain = host === 'twilio.com' ? '' : host.split('.')[0];
  return `${trimSlash(baseUrl)}${domain ? `/${domain}` : ''}${u.pathname}${u.search}`;
}

// options: { twilio: the twilio module to take RequestClient from, RequestClient, requestClientOptions }
function createLocalHttpClient(baseUrl, options = {}) {
  if (!baseUrl) throw new Error('createLocalHttpClient needs the emulator base URL');
  const RequestClient = options.RequestClient
    || (options.twilio && options.twilio.RequestClient)
    || require('twilio').RequestClient;
  const inner = new RequestClient(options.requestClientOptions || {});
  return {
    baseUrl: trimSlash(baseUrl),
    inner,
    request(opts) {
      return inner.request({ ...opts, uri: rewriteTwilioUrl(opts.uri, baseUrl) });
    },
    get lastRequest() {
      return inner.lastRequest;
    },
    get lastResponse() {
      return inner.lastResponse;
    },
  };
}

module.exports = { createLocalHttpClient, rewriteTwilioUrl };
