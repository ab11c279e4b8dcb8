'use strict';

// Paging in the two styles the client library understands: TaskRouter's
// `meta` block with absolute URLs, and the 2010-04-01 API's relative `*_uri` fields.

const { badRequest, single } = require('./http');

const PAGING_KEYS = new Set(['Page', 'PageSize', 'PageToken']);

// `cursor` (optional) makes page tokens positions in the ordering rather than
// offsets: { of(item) → token, offsetAfter(token) → index of the first item
// after it }. Items created while a client pages then do not shift later pages.
function pageWindow(query, items, cursor) {
  const total = items.length;
  const rawSize = single(query.PageSize);
  const pageSize = rawSize === undefined ? 50 : Number(rawSize);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw badRequest('PageSize must be an integer between 1 and 1000', 20001);
  }
  const rawPage = single(query.Page);
  const page = rawPage === undefined ? 0 : Number(rawPage);
  if (!Number.isInteger(page) || page < 0) throw badRequest('Page must be a non-negative integer');
  let offset = page * pageSize;
  const token = single(query.PageToken);
  if (token !== undefined) {
    const m = /^PT(\d+)$/.exec(String(token));
    if (m) {
      offset = Number(m[1]);
    } else {
      const after = cursor ? cursor.offsetAfter(String(token), items) : null;
      if (after === null) throw badRequest(`Invalid PageToken ${token}`);
      offset = after;
    }
  }
  return { page, pageSize, offset, hasNext: offset + pageSize < total };
}

// Rebuilds a query string from the filters of the current request plus paging fields.
function queryWith(query, paging) {
  const sp = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (PAGING_KEYS.has(key)) continue;
    for (const v of [].concat(value)) sp.append(key, v);
  }
  sp.append('PageSize', String(paging.pageSize));
  sp.append('Page', String(paging.page));
  if (paging.pageToken) sp.append('PageToken', paging.pageToken);
  return sp.toString();
}

// TaskRouter / v1 style.
function metaPage({ items, query, baseUrl, path, key, toJson, cursor }) {
  const w = pageWindow(query, items, cursor);
  const slice = items.slice(w.offset, w.offset + w.pageSize);
  const nextToken = cursor && slice.length ? cursor.of(slice[slice.length - 1]) : `PT${w.offset + w.pageSize}`;
  const url = (page, token) => `${baseUrl}${path}?${queryWith(query, { pageSize: w.pageSize, page, pageToken: token })}`;
  return {
    [key]: slice.map(toJson),
    meta: {
      page: w.page,
      page_size: w.pageSize,
      first_page_url: url(0),
      previous_page_url: w.offset > 0 ? url(Math.max(w.page - 1, 0), `PT${Math.max(w.offset - w.pageSize, 0)}`) : null,
      url: url(w.page, single(query.PageToken)),
      next_page_url: w.hasNext ? url(w.page + 1, nextToken) : null,
      key,
    },
  };
}

// 2010-04-01 style: URIs relative to https://api.twilio.com.
function legacyPage({ items, query, path, key, toJson }) {
  const w = pageWindow(query, items);
  const slice = items.slice(w.offset, w.offset + w.pageSize);
  const uri = (page, token) => `${path}?${queryWith(query, { pageSize: w.pageSize, page, pageToken: token })}`;
  return {
    [key]: slice.map(toJson),
    first_page_uri: uri(0),
    previous_page_uri: w.offset > 0 ? uri(Math.max(w.page - 1, 0), `PT${Math.max(w.offset - w.pageSize, 0)}`) : null,
    next_page_uri: w.hasNext ? uri(w.page + 1, `PT${w.offset + w.pageSize}`) : null,
    uri: uri(w.page, single(query.PageToken)),
    page: w.page,
    page_size: w.pageSize,
    start: w.offset,
    end: w.offset + Math.max(slice.length - 1, 0),
  };
}

module.exports = { metaPage, legacyPage };
