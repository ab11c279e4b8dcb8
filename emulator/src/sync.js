'use strict';

// Twilio Sync v1, the subset the product uses: Services, Maps and Map Items.
//   https://www.twilio.com/docs/sync/api/service
//   https://www.twilio.com/docs/sync/api/map-resource
//   https://www.twilio.com/docs/sync/api/map-item-resource
// Paths and fields follow the Sync OpenAPI description (twilio/twilio-oai,
// spec/json/twilio_sync_v1.json). A map and an item are addressed by SID or by
// unique name (a map) or key (an item). Each write of an item bumps its
// revision, answered as `revision` and as the ETag header; an update or delete
// carrying If-Match with another revision is refused with 412 and error 54205
// (https://www.twilio.com/docs/api/errors/54205). Creating a key that exists
// is refused with 409 and error 54208 (https://www.twilio.com/docs/api/errors/54208).
// An item with a TTL is gone once it expires (the docs say deletion may lag;
// here it is immediate, on the emulator's clock).

const { newSid, isoDate } = require('./store');
const { TwilioError, badRequest, single } = require('./http');
const { metaPage } = require('./paging');

const V1 = '/sync/v1';

function syncOf(store) {
  if (!store.sync) store.sync = { services: new Map() };
  return store.sync;
}

const notFound = (code, what) => new TwilioError(404, code, `The requested resource ${what} was not found`);

function ttlFrom(body, name = 'Ttl') {
  const raw = single(body[name]);
  if (raw === undefined || raw === '') return undefined;
  const ttl = Number(raw);
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > 31536000) throw badRequest(`${name} must be a whole number of seconds from 0 to 31536000`, 54011);
  return ttl;
}

function expiry(store, ttl) {
  return ttl ? store.nowMs() + ttl * 1000 : null;
}

function dataFrom(body, required) {
  const raw = single(body.Data);
  if (raw === undefined) {
    if (required) throw badRequest('Missing required parameter Data in the post body', 20001);
    return undefined;
  }
  let data;
  try {
    data = JSON.parse(raw);
  } catch {
    throw badRequest('Data must be a JSON object', 54006);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw badRequest('Data must be a JSON object', 54006);
  if (Buffer.byteLength(raw) > 16 * 1024) throw new TwilioError(413, 54006, 'Data is larger than 16 KiB');
  return data;
}

// If-Match: absent or "*" matches any revision.
function checkRevision(headers, item) {
  const wanted = headers['if-match'];
  if (wanted === undefined || wanted === '' || wanted === '*') return;
  if (String(wanted).trim().replace(/^W\//, '').replace(/^"|"$/g, '') !== item.revision) {
    throw new TwilioError(412, 54205, 'The revision of the Map Item does not match the expected revision');
  }
}

// ---- Services ----
function serviceJson(baseUrl, store, s) {
  const url = `${baseUrl}${V1}/Services/${s.sid}`;
  return {
    sid: s.sid,
    unique_name: null,
    account_sid: store.accountSid,
    friendly_name: s.friendlyName,
    date_created: isoDate(s.dateCreated),
    date_updated: isoDate(s.dateUpdated),
    url,
    webhook_url: null,
    webhooks_from_rest_enabled: false,
    reachability_webhooks_enabled: false,
    acl_enabled: false,
    reachability_debouncing_enabled: false,
    reachability_debouncing_window: 5000,
    links: { documents: `${url}/Documents`, lists: `${url}/Lists`, maps: `${url}/Maps`, streams: `${url}/Streams` },
  };
}

function getService(store, sid) {
  const s = syncOf(store).services.get(sid);
  if (!s) throw notFound(20404, `${V1}/Services/${sid}`);
  return s;
}

// ---- Maps ----
function mapJson(baseUrl, store, service, m) {
  const url = `${baseUrl}${V1}/Services/${service.sid}/Maps/${m.sid}`;
  return {
    sid: m.sid,
    unique_name: m.uniqueName,
    account_sid: store.accountSid,
    service_sid: service.sid,
    url,
    links: { items: `${url}/Items`, permissions: `${url}/Permissions` },
    revision: String(m.revision),
    date_expires: isoDate(m.dateExpires),
    date_created: isoDate(m.dateCreated),
    date_updated: isoDate(m.dateUpdated),
    created_by: 'system',
  };
}

function getMap(store, service, sidOrName) {
  for (const m of service.maps.values()) {
    if (m.sid === sidOrName || (m.uniqueName !== null && m.uniqueName === sidOrName)) return m;
  }
  throw notFound(54200, `${V1}/Services/${service.sid}/Maps/${sidOrName}`);
}

// ---- Items ----
function live(store, map) {
  const now = store.nowMs();
  for (const [key, item] of map.items) if (item.dateExpires !== null && item.dateExpires <= now) map.items.delete(key);
  return map.items;
}

function itemJson(baseUrl, store, service, map, it) {
  return {
    key: it.key,
    account_sid: store.accountSid,
    service_sid: service.sid,
    map_sid: map.sid,
    url: `${baseUrl}${V1}/Services/${service.sid}/Maps/${map.sid}/Items/${encodeURIComponent(it.key)}`,
    revision: it.revision,
    data: it.data,
    date_expires: isoDate(it.dateExpires),
    date_created: isoDate(it.dateCreated),
    date_updated: isoDate(it.dateUpdated),
    created_by: 'system',
  };
}

function getItem(store, service, map, key) {
  const it = live(store, map).get(key);
  if (!it) throw notFound(54201, `${V1}/Services/${service.sid}/Maps/${map.sid}/Items/${key}`);
  return it;
}

const handlers = {
  createService({ store, body, baseUrl }) {
    const now = store.nowMs();
    const s = { sid: newSid('IS'), friendlyName: single(body.FriendlyName) || null, dateCreated: now, dateUpdated: now, maps: new Map() };
    syncOf(store).services.set(s.sid, s);
    return { status: 201, body: serviceJson(baseUrl, store, s) };
  },
  listServices({ store, query, baseUrl }) {
    const items = [...syncOf(store).services.values()];
    return { status: 200, body: metaPage({ items, query, baseUrl, path: `${V1}/Services`, key: 'services', toJson: (s) => serviceJson(baseUrl, store, s) }) };
  },
  fetchService({ store, params, baseUrl }) {
    return { status: 200, body: serviceJson(baseUrl, store, getService(store, params.serviceSid)) };
  },
  createMap({ store, params, body, baseUrl }) {
    const service = getService(store, params.serviceSid);
    const uniqueName = single(body.UniqueName) || null;
    if (uniqueName !== null) {
      if (/^MP[0-9a-f]{32}$/.test(uniqueName)) throw badRequest('UniqueName cannot look like a Map SID', 54302);
      for (const m of service.maps.values()) {
        if (m.uniqueName === uniqueName) throw new TwilioError(409, 54301, `Unique name already exists: ${uniqueName}`);
      }
    }
    const now = store.nowMs();
    const m = { sid: newSid('MP'), uniqueName, revision: 0, dateCreated: now, dateUpdated: now, dateExpires: expiry(store, ttlFrom(body)), items: new Map() };
    service.maps.set(m.sid, m);
    return { status: 201, body: mapJson(baseUrl, store, service, m) };
  },
  listMaps({ store, params, query, baseUrl }) {
    const service = getService(store, params.serviceSid);
    const items = [...service.maps.values()];
    return { status: 200, body: metaPage({ items, query, baseUrl, path: `${V1}/Services/${service.sid}/Maps`, key: 'maps', toJson: (m) => mapJson(baseUrl, store, service, m) }) };
  },
  fetchMap({ store, params, baseUrl }) {
    const service = getService(store, params.serviceSid);
    return { status: 200, body: mapJson(baseUrl, store, service, getMap(store, service, params.map)) };
  },
  createItem({ store, params, body, baseUrl }) {
    const service = getService(store, params.serviceSid);
    const map = getMap(store, service, params.map);
    const key = single(body.Key);
    if (key === undefined) throw badRequest('Missing required parameter Key in the post body', 20001);
    if (String(key).length < 1 || String(key).length > 256) throw badRequest('The Map Item key must be a string with length 1-256', 54209);
    const data = dataFrom(body, true);
    const ttl = ttlFrom(body.ItemTtl !== undefined ? { Ttl: body.ItemTtl } : body);
    const items = live(store, map);
    if (items.has(key)) throw new TwilioError(409, 54208, 'A Map Item with given key already exists in the Map');
    const now = store.nowMs();
    map.revision += 1;
    const it = { key: String(key), data, revision: '0', dateCreated: now, dateUpdated: now, dateExpires: expiry(store, ttl) };
    items.set(it.key, it);
    return { status: 201, body: itemJson(baseUrl, store, service, map, it), headers: { ETag: it.revision } };
  },
  listItems({ store, params, query, baseUrl }) {
    const service = getService(store, params.serviceSid);
    const map = getMap(store, service, params.map);
    const order = single(query.Order) || 'asc';
    if (order !== 'asc' && order !== 'desc') throw badRequest('Order must be asc or desc', 20001);
    let items = [...live(store, map).values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (order === 'desc') items.reverse();
    const from = single(query.From);
    if (from !== undefined) {
      const bounds = single(query.Bounds) || 'inclusive';
      items = items.filter((it) => {
        const cmp = order === 'asc' ? it.key > from : it.key < from;
        return cmp || (bounds === 'inclusive' && it.key === from);
      });
    }
    return { status: 200, body: metaPage({ items, query, baseUrl, path: `${V1}/Services/${service.sid}/Maps/${map.sid}/Items`, key: 'items', toJson: (it) => itemJson(baseUrl, store, service, map, it) }) };
  },
  fetchItem({ store, params, baseUrl }) {
    const service = getService(store, params.serviceSid);
    const map = getMap(store, service, params.map);
    const it = getItem(store, service, map, params.key);
    return { status: 200, body: itemJson(baseUrl, store, service, map, it), headers: { ETag: it.revision } };
  },
  updateItem({ store, params, body, headers, baseUrl }) {
    const service = getService(store, params.serviceSid);
    const map = getMap(store, service, params.map);
    const it = getItem(store, service, map, params.key);
    checkRevision(headers, it);
    const data = dataFrom(body, false);
    const ttl = ttlFrom(body.ItemTtl !== undefined ? { Ttl: body.ItemTtl } : body);
    if (data !== undefined) it.data = data;
    if (ttl !== undefined) it.dateExpires = expiry(store, ttl);
    it.revision = String(Number(it.revision) + 1);
    it.dateUpdated = store.nowMs();
    map.revision += 1;
    return { status: 200, body: itemJson(baseUrl, store, service, map, it), headers: { ETag: it.revision } };
  },
  deleteItem({ store, params, headers }) {
    const service = getService(store, params.serviceSid);
    const map = getMap(store, service, params.map);
    const it = getItem(store, service, map, params.key);
    checkRevision(headers, it);
    map.items.delete(it.key);
    map.revision += 1;
    return { status: 204, body: null };
  },
};

const SVC = `^${V1}/Services`;
const MAP = `${SVC}/(?<serviceSid>[^/]+)/Maps/(?<map>[^/]+)`;
const ITEM = `${MAP}/Items/(?<key>[^/]+)`;
// A key travels in the path, percent-encoded.
const decodeKey = (handler) => (args) => handler({ ...args, params: { ...args.params, key: decodeURIComponent(args.params.key) } });

const routes = [
  { method: 'POST', re: new RegExp(`${SVC}$`), kind: 'sync.services.create', handler: handlers.createService },
  { method: 'GET', re: new RegExp(`${SVC}$`), kind: 'sync.services.list', handler: handlers.listServices },
  { method: 'GET', re: new RegExp(`${SVC}/(?<serviceSid>[^/]+)$`), kind: 'sync.services.fetch', handler: handlers.fetchService },
  { method: 'POST', re: new RegExp(`${SVC}/(?<serviceSid>[^/]+)/Maps$`), kind: 'sync.maps.create', handler: handlers.createMap },
  { method: 'GET', re: new RegExp(`${SVC}/(?<serviceSid>[^/]+)/Maps$`), kind: 'sync.maps.list', handler: handlers.listMaps },
  { method: 'GET', re: new RegExp(`${MAP}$`), kind: 'sync.maps.fetch', handler: handlers.fetchMap },
  { method: 'POST', re: new RegExp(`${MAP}/Items$`), kind: 'sync.items.create', handler: handlers.createItem },
  { method: 'GET', re: new RegExp(`${MAP}/Items$`), kind: 'sync.items.list', handler: handlers.listItems },
  { method: 'GET', re: new RegExp(`${ITEM}$`), kind: 'sync.items.fetch', handler: decodeKey(handlers.fetchItem) },
  { method: 'POST', re: new RegExp(`${ITEM}$`), kind: 'sync.items.update', handler: decodeKey(handlers.updateItem) },
  { method: 'DELETE', re: new RegExp(`${ITEM}$`), kind: 'sync.items.delete', handler: decodeKey(handlers.deleteItem) },
];

module.exports = { routes };
