import { XMLParser, XMLValidator } from 'fast-xml-parser';

// Characters XML 1.0 cannot carry at all; the applicant's data is stripped of them rather than sent broken.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text content, escaped as Canonical XML writes it (so the same string serves documents and digests). */
export const xmlText = (value: string): string =>
  value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#xD;');

/** An attribute value, escaped as Canonical XML writes it. */
export const xmlAttribute = (value: string): string =>
  value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');

/**
 * One element as Canonical XML renders it: namespace declarations first (the default one, then by prefix),
 * then attributes in the order given (the caller lists them as C14N sorts them: unqualified ones by name,
 * then by namespace URI), and an explicit end tag even when empty.
 */
export function canonicalElement(
  name: string,
  namespaces: Readonly<Record<string, string>>,
  attributes: readonly (readonly [string, string])[],
  content: string,
): string {
  const declarations = Object.entries(namespaces)
    .sort(([a], [b]) => (a === b ? 0 : a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1))
    .map(([prefix, uri]) => ` ${prefix === '' ? 'xmlns' : `xmlns:${prefix}`}="${xmlAttribute(uri)}"`)
    .join('');
  const attributeText = attributes.map(([key, value]) => ` ${key}="${xmlAttribute(value)}"`).join('');
  return `<${name}${declarations}${attributeText}>${content}</${name}>`;
}

export type XmlNode = unknown;

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
});

/**
 * Parses a SOAP answer, or returns undefined when it is not well-formed XML. Documents with a DTD are refused:
 * SOAP forbids them, and entity declarations are how XML bombs are built.
 */
export function parseXml(body: string): XmlNode | undefined {
  if (/<!DOCTYPE/i.test(body) || XMLValidator.validate(body) !== true) return undefined;
  try {
    return parser.parse(body) as XmlNode;
  } catch {
    return undefined;
  }
}

/** Every element named `localName` (any namespace) below `node`, in document order. */
export function findAll(node: XmlNode, localName: string): XmlNode[] {
  const found: XmlNode[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith('@_')) continue;
      if (key === localName) {
        if (Array.isArray(child)) found.push(...(child as XmlNode[]));
        else found.push(child);
      }
      visit(child);
    }
  };
  visit(node);
  return found;
}

export const findFirst = (node: XmlNode, localName: string): XmlNode | undefined =>
  findAll(node, localName)[0];

/** The text of an element (`<a>text</a>` or `<a x="1">text</a>`), trimmed; undefined when it has none. */
export function textOf(node: XmlNode | undefined): string | undefined {
  if (typeof node === 'string') return node.trim();
  if (typeof node === 'object' && node !== null && '#text' in node) {
    const text = (node as { '#text': unknown })['#text'];
    return typeof text === 'string' ? text.trim() : undefined;
  }
  return undefined;
}

export function attributeOf(node: XmlNode | undefined, localName: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const value = (node as Record<string, unknown>)[`@_${localName}`];
  return typeof value === 'string' ? value : undefined;
}
