'use strict';
// TwiML as the simulated caller reads it: the <Response>'s verbs in order, each
// `{ name, attrs, children, text }`, where `text` joins the text of the verb
// and of its nested elements (so <Say> with <say-as> reads as one sentence).

const { XMLParser } = require('fast-xml-parser');

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
});

function toNode(entry) {
  const name = Object.keys(entry).find((key) => key !== ':@');
  if (name === '#text') return { name: '#text', attrs: {}, children: [], text: String(entry['#text']) };
  const children = (entry[name] || []).map(toNode);
  return {
    name,
    attrs: entry[':@'] || {},
    children,
    text: children.map((child) => child.text).filter(Boolean).join(' ').replace(/\s+/g, ' ').trim(),
  };
}

/** Returns the verbs of a TwiML document; throws a sentence when it is not TwiML. */
function parseTwiml(xml) {
  let doc;
  try {
    doc = parser.parse(String(xml));
  } catch (err) {
    throw new Error(`The answer is not XML: ${err.message}`);
  }
  const root = doc.map(toNode).find((node) => node.name === 'Response');
  if (!root) throw new Error(`The answer is not TwiML (no <Response>): ${String(xml).slice(0, 200)}`);
  return root.children.filter((node) => node.name !== '#text');
}

module.exports = { parseTwiml };
