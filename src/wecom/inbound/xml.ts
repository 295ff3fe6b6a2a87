import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CallbackRefusal } from '../crypto.js';

/** DTDs are where entity-expansion and external-entity attacks live; WeCom never sends one. */
const DTD = /<!(DOCTYPE|ENTITY)/i;

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Keep every value a string: MsgId is a 64-bit integer that a number would round.
  parseTagValue: false,
  trimValues: true,
});

export type XmlNode = Record<string, unknown>;

/** Parses a WeCom XML document and returns the children of its `<xml>` root. */
/** Refuses markup WeCom never sends (DOCTYPE, ENTITY), before anything reads the document. */
export function refuseDtd(text: string): void {
  if (DTD.test(text)) throw new CallbackRefusal(400, 'forbidden-markup', 'DOCTYPE or ENTITY in XML');
}

export function parseWecomXml(text: string): XmlNode {
  refuseDtd(text);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new CallbackRefusal(400, 'malformed', `XML: ${valid.err.msg}`);
  let doc: XmlNode;
  try {
    doc = parser.parse(text) as XmlNode;
  } catch (err) {
    // The parser's own limits (nesting depth, sizes) refuse a document the validator let through.
    throw new CallbackRefusal(400, 'malformed', `XML: ${(err as Error).message}`);
  }
  const root = doc.xml;
  if (root === '') return {};
  if (!isNode(root)) throw new CallbackRefusal(400, 'malformed', 'XML has no <xml> root');
  return root;
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
