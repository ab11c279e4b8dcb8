'use strict';

// Log of REST requests (control requests are not logged), readable and clearable.

const MAX_ENTRIES = 10000;

class RequestLog {
  constructor() {
    this.entries = [];
    this.seq = 0;
  }

  // `handled`: for an answer lost after the request was handled, the status it would have had.
  // `host`: the Twilio host the request was meant for (X-Original-Host), when a rewriting client said.
  add({ method, path, query, kind, status, fault = null, handled, startedAt, host = null }) {
    this.seq += 1;
    this.entries.push({
      seq: this.seq,
      method,
      host,
      path,
      query,
      kind: kind || null,
      status,
      fault,
      ...(handled === undefined ? {} : { handled }),
      timestamp: new Date(startedAt).toISOString(),
      durationMs: Date.now() - startedAt,
    });
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  // filter: { kind, method, path, host, since (seq) }
  list(filter = {}) {
    return this.entries.filter((e) =>
      (filter.kind === undefined || e.kind === filter.kind || (filter.kind.endsWith('.*') && String(e.kind).startsWith(filter.kind.slice(0, -1))))
      && (filter.method === undefined || e.method === String(filter.method).toUpperCase())
      && (filter.path === undefined || e.path === filter.path)
      && (filter.host === undefined || e.host === filter.host)
      && (filter.since === undefined || e.seq > Number(filter.since)))
      .map((e) => ({ ...e, query: { ...e.query } }));
  }

  clear() {
    this.entries = [];
  }
}

module.exports = { RequestLog };
