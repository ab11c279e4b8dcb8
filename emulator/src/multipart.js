'use strict';

// multipart/form-data bodies (RFC 7578), as the Serverless upload host takes
// them: named fields, one of which is a file with its own Content-Type.

const { badRequest } = require('./http');

function boundaryOf(contentType) {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(String(contentType || ''));
  return m ? m[1] || m[2] : null;
}

// Attributes of a Content-Disposition header: { name, filename }.
function dispositionOf(value) {
  const out = {};
  const re = /;\s*([a-z*]+)=(?:"((?:[^"\\]|\\.)*)"|([^;]*))/gi;
  let m;
  while ((m = re.exec(value))) out[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3].trim();
  return out;
}

/** Returns the parts of a multipart body: [{ name, filename, contentType, data: Buffer }]; throws a 400 when it is not one. */
function parseMultipart(raw, contentType) {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw badRequest('A multipart/form-data body needs a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts = [];
  let pos = raw.indexOf(delimiter);
  if (pos < 0) throw badRequest('The multipart body has no parts');
  for (;;) {
    pos += delimiter.length;
    if (raw.slice(pos, pos + 2).toString() === '--') break;
    if (raw.slice(pos, pos + 2).toString() === '\r\n') pos += 2;
    const headerEnd = raw.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw badRequest('A multipart part has no header end');
    const headers = {};
    for (const line of raw.slice(pos, headerEnd).toString('utf8').split('\r\n')) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const next = raw.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) throw badRequest('The multipart body is not terminated');
    const disposition = dispositionOf(headers['content-disposition'] || '');
    parts.push({
      name: disposition.name,
      filename: disposition.filename === undefined ? null : disposition.filename,
      contentType: headers['content-type'] || null,
      data: raw.slice(headerEnd + 4, next),
    });
    pos = next + 2;
  }
  return parts;
}

module.exports = { parseMultipart };
