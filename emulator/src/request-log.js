'use strict';

// Log of REST requests (control requests are not logged), readable and clearable.

const MAX_ENTRIES = 10000;

class RequestLog {
  constructor() {
    this.entries = [];
    this.seq = 0;
  }

  // `handled`: for an answer lost after the request was handled, the status it would have had.
  add({ method, path, query, kind, status, fault = null, handled, startedAt }) {
    this.seq += 1;
    this.entries.push({
      seq: this.seq,
      method,
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

  // filter: { kind, method, path, since (seq) }
  list(filter = {}) {
    return this.entries.filter((e) =>
      (filter.kind === undefined || e.kind === filter.kind || (filter.kind.endsWith('.*') && String(e.kind).startsWith(filter.kind.slice(0, -1))))
      && (filter.method === undefined || e.method === String(filter.method).toUpperCase())
      && (filter.path === undefined || e.path === filter.path)
      && (filter.since === undefined || e.seq > Number(filter.since)))
      .map((e) => ({ ...e, query: { ...e.query } }));
  }

  clear() {
    this.entries = [];
  }
}

module.exports = { RequestLog };
