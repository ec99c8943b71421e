/**
 * XPath 1.0 over XML bodies, with @xmldom/xmldom to parse and the xpath package to evaluate.
 *
 * Bounded: xpath builds node sets in quadratic time and recurses on nesting, so documents over
 * `MAX_XML_NODES` nodes or `MAX_XML_DEPTH` levels are refused before evaluation ("too
 * complex"); a cheap count of `<` refuses most of them before parsing. xmldom neither loads
 * external entities nor expands DTD-declared ones, so XXE and entity bombs do not apply.
 *
 * Unprefixed names match elements in any namespace (buyers wrap answers in a default
 * namespace more often than not); prefixed names resolve against the prefixes the document
 * itself declares.
 */
import { createRequire } from 'node:module';
import { DOMParser } from '@xmldom/xmldom';
import type { Document, Element, Node } from '@xmldom/xmldom';
import { MAX_XML_DEPTH, MAX_XML_NODES } from './limits.js';

interface XPathValue {
  stringValue(): string;
  /** Present on node sets only: the nodes in document order. */
  toArray?: () => Node[];
}

interface XPathExpression {
  evaluate(options: {
    node: Node;
    allowAnyNamespaceForNoPrefix?: boolean;
    namespaces?: Record<string, string>;
  }): XPathValue;
}

// Loaded through require so that the package's typings, which pull the whole DOM library into
// the compilation, stay out of @leadrelay/core; this interface is the part used here.
const xpath = createRequire(import.meta.url)('xpath') as {
  parse(expression: string): XPathExpression;
};

/** A parsed XML body ready for XPath. */
export interface XmlDocument {
  document: Document;
  /** Prefix → namespace URI, from every `xmlns:prefix` declaration (the first one wins). */
  namespaces: Record<string, string>;
}

/** The outcome of parsing an XML body. */
export type XmlParseResult =
  | { ok: true; xml: XmlDocument }
  | { ok: false; problem: 'invalid' | 'too_complex'; message: string };

/** A compiled XPath expression. */
export interface CompiledXPath {
  source: string;
  expression: XPathExpression;
}

/** The outcome of compiling an XPath expression. */
export type XPathCompileResult =
  { ok: true; xpath: CompiledXPath } | { ok: false; message: string };

const TOO_COMPLEX = `is XML too complex to evaluate: over ${MAX_XML_NODES} nodes or ${MAX_XML_DEPTH} levels deep`;

/** Parses an XML body; refuses malformed documents and ones too big to evaluate quickly. */
export function parseXml(text: string): XmlParseResult {
  let tags = 0;
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    // Every element takes one or two `<`; far more than the node limit allows cannot pass.
    if (++tags > 2 * MAX_XML_NODES + 2) {
      return { ok: false, problem: 'too_complex', message: TOO_COMPLEX };
    }
  }

  let document: Document;
  try {
    const parser = new DOMParser({
      locator: false,
      onError: (level, message) => {
        // Warnings (e.g. a missing XML declaration) are harmless; anything else is not XML.
        if (level !== 'warning') throw new Error(message);
      },
    });
    document = parser.parseFromString(text, 'text/xml');
  } catch {
    return { ok: false, problem: 'invalid', message: 'is not well-formed XML' };
  }

  const namespaces = walk(document);
  if (namespaces === undefined) return { ok: false, problem: 'too_complex', message: TOO_COMPLEX };
  return { ok: true, xml: { document, namespaces } };
}

/** Counts nodes and depth without recursion; collects prefixes. undefined when over a bound. */
function walk(document: Document): Record<string, string> | undefined {
  const namespaces: Record<string, string> = {};
  const stack: { node: Node; depth: number }[] = [{ node: document, depth: 0 }];
  let nodes = 0;

  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { node, depth } = entry;
    if (depth > MAX_XML_DEPTH) return undefined;
    nodes++;
    if (node.nodeType === 1) {
      const attributes = (node as Element).attributes;
      nodes += attributes.length;
      for (let i = 0; i < attributes.length; i++) {
        const attribute = attributes.item(i);
        if (attribute?.prefix === 'xmlns') {
          namespaces[attribute.localName ?? ''] ??= attribute.value;
        }
      }
    }
    if (nodes > MAX_XML_NODES) return undefined;
    for (let child = node.firstChild; child !== null; child = child.nextSibling) {
      stack.push({ node: child, depth: depth + 1 });
    }
  }
  return namespaces;
}

// A probe document for load-time checks: evaluation finds unknown functions and variables.
const PROBE = new DOMParser({ locator: false }).parseFromString('<probe/>', 'text/xml');

/** Compiles an XPath 1.0 expression, or explains why it is not one. */
export function compileXPath(source: string): XPathCompileResult {
  let expression: XPathExpression;
  try {
    expression = xpath.parse(source);
  } catch (error) {
    return { ok: false, message: `invalid XPath: ${describe(error)}` };
  }
  try {
    expression.evaluate({ node: PROBE, allowAnyNamespaceForNoPrefix: true });
  } catch (error) {
    const message = describe(error);
    // Prefixes are declared by the documents themselves, so they cannot resolve on the probe.
    if (!message.startsWith('Cannot resolve QName')) {
      return { ok: false, message: `invalid XPath: ${message}` };
    }
  }
  return { ok: true, xpath: { source, expression } };
}

/**
 * The text of each selected node in document order (element: its text content, CDATA
 * included; attribute: its value), or the single string, number or boolean an expression such
 * as `count(…)` returns, as XPath's string() writes it. A prefix the document does not declare
 * selects nothing.
 */
export function selectXml(xml: XmlDocument, compiled: CompiledXPath): string[] {
  let value: XPathValue;
  try {
    value = compiled.expression.evaluate({
      node: xml.document,
      allowAnyNamespaceForNoPrefix: true,
      namespaces: xml.namespaces,
    });
  } catch (error) {
    if (describe(error).startsWith('Cannot resolve QName')) return [];
    throw error;
  }
  if (value.toArray === undefined) return [value.stringValue()];
  return value.toArray().map(nodeText);
}

function nodeText(node: Node): string {
  if (node.nodeType === 2) return node.nodeValue ?? '';
  if (node.nodeType === 9) return (node as Document).documentElement?.textContent ?? '';
  return node.textContent ?? node.nodeValue ?? '';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
