import type { DestinationConfig } from '../config/types.js';
import { compileBody } from './body.js';
import { compileTemplate, type ValueLookup } from './compile.js';
import { escapeUrlComponent, sanitizeHeaderValue } from './escape.js';

/** Lead metadata available to every template as system placeholders. */
export interface SystemValues {
  /** `#{xxLeadId}` */
  leadId: string;
  /** `#{xxCampaignId}` */
  campaignId: string;
  /** `#{xxDateTimeCollected}`: when the lead was received, ISO 8601. */
  collectedAt: string;
}

/** The parts of a destination that shape its request. */
export type RequestTemplate = Pick<
  DestinationConfig,
  'url' | 'method' | 'format' | 'body' | 'xmlRoot' | 'headers'
>;

/** One lead's request to one destination, ready to send. */
export interface RenderedRequest {
  method: 'POST' | 'GET';
  url: string;
  /** The destination's configured headers, rendered (Content-Type only if configured). */
  headers: Record<string, string>;
  /** Absent for `query` format (the fields are in the URL). */
  body?: string;
  /**
   * The body's media type, to send as Content-Type: the destination's own Content-Type header
   * when it has one, else the format's ({@link CONTENT_TYPES}). Absent for `query` format.
   */
  contentType?: string;
}

/** A destination's request templates compiled once; `render` does no parsing work. */
export interface CompiledDestinationRequest {
  render(fields: Readonly<Record<string, string>>, system: SystemValues): RenderedRequest;
}

/** Short name for {@link CompiledDestinationRequest}. */
export type CompiledRequest = CompiledDestinationRequest;

/** Media type of the body of each format that has one. */
export const CONTENT_TYPES = {
  form: 'application/x-www-form-urlencoded',
  json: 'application/json',
  xml: 'application/xml',
} as const;

/**
 * Compiles a destination's URL, headers and body. Escaping follows the context: URL values are
 * percent-encoded, form and query pairs use URLSearchParams encoding, JSON and XML values are
 * escaped for their syntax, header values lose control characters (no header injection).
 * System placeholders (`#{xxLeadId}`, `#{xxCampaignId}`, `#{xxDateTimeCollected}`) win over
 * lead fields of the same name; unknown placeholders render as the empty string.
 */
export function compileDestinationRequest(
  destination: RequestTemplate,
): CompiledDestinationRequest {
  const { method, format } = destination;
  const url = compileTemplate(destination.url, escapeUrlComponent);
  const body = compileBody(format, destination.body, destination.xmlRoot);

  const headers = Object.entries(destination.headers).map(
    ([name, value]) => [name, compileTemplate(value, sanitizeHeaderValue)] as const,
  );
  const ownContentType = headers.find(([name]) => name.toLowerCase() === 'content-type');
  const formatContentType = format === 'query' ? undefined : CONTENT_TYPES[format];

  return {
    render(fields, system) {
      const lookup = lookupFor(fields, system);
      const rendered: Record<string, string> = Object.fromEntries(
        headers.map(([name, render]) => [name, render(lookup)]),
      );

      if (format === 'query') {
        return { method, url: appendQuery(url(lookup), body(lookup)), headers: rendered };
      }
      const contentType = ownContentType ? (rendered[ownContentType[0]] ?? '') : formatContentType;
      return { method, url: url(lookup), headers: rendered, body: body(lookup), contentType };
    },
  };
}

const compiledByDestination = new WeakMap<RequestTemplate, CompiledDestinationRequest>();

/**
 * Renders one lead's request to a destination. Compiles the destination on first use and keeps
 * the result for as long as the destination object lives; prefer
 * {@link compileDestinationRequest} where the compiled form can be held explicitly.
 */
export function renderRequest(
  destination: RequestTemplate,
  fields: Readonly<Record<string, string>>,
  system: SystemValues,
): RenderedRequest {
  let compiled = compiledByDestination.get(destination);
  if (!compiled) {
    compiled = compileDestinationRequest(destination);
    compiledByDestination.set(destination, compiled);
  }
  return compiled.render(fields, system);
}

function lookupFor(fields: Readonly<Record<string, string>>, system: SystemValues): ValueLookup {
  return (name) => {
    switch (name) {
      case 'xxLeadId':
        return system.leadId;
      case 'xxCampaignId':
        return system.campaignId;
      case 'xxDateTimeCollected':
        return system.collectedAt;
    }
    // Own properties only: `#{constructor}` must not reach Object.prototype.
    const value = Object.hasOwn(fields, name) ? fields[name] : undefined;
    return typeof value === 'string' ? value : '';
  };
}

/** Appends an encoded query to a URL, after any query it has and before any fragment. */
function appendQuery(url: string, query: string): string {
  if (query === '') return url;
  const hashAt = url.indexOf('#');
  const base = hashAt === -1 ? url : url.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : url.slice(hashAt);

  let separator = '?';
  if (base.includes('?')) separator = base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return base + separator + query + fragment;
}
