'use strict';
// Where the emulator reaches a deployed Functions environment. On Twilio, a
// service's domain (<service>-1234.twil.io) runs its build; here the build's
// files are run by a local server (npm start's rehearsal serves them with
// twilio-run), registered for the environment's domain. The emulator's own
// requests to that domain (Studio's Run Function and wait URL, transcription
// callbacks) go to the registered server; other URLs are left alone.

function hosts(store) {
  if (!store.serviceHosts) store.serviceHosts = new Map();
  return store.serviceHosts;
}

/** Registers the local server (an http(s) origin) that runs domainName. */
function registerServiceHost(store, { domainName, url }) {
  const domain = String(domainName || '').toLowerCase();
  if (!/^[a-z0-9.-]+$/.test(domain)) throw Object.assign(new Error('domainName must be a host name'), { status: 400 });
  let origin;
  try {
    origin = new URL(String(url)).origin;
  } catch {
    throw Object.assign(new Error('url must be an absolute http(s) URL'), { status: 400 });
  }
  hosts(store).set(domain, origin);
  return { domainName: domain, url: origin };
}

/** The URL to send a request for `url` to: at its registered server when it has one. */
function resolveServiceUrl(store, url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const origin = hosts(store).get(parsed.hostname.toLowerCase());
  return origin ? `${origin}${parsed.pathname}${parsed.search}` : url;
}

module.exports = { registerServiceHost, resolveServiceUrl };
