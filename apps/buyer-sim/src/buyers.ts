import type { IncomingHttpHeaders } from 'node:http';

/** A buyer's answer: what the simulator writes back. */
export interface SimAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface SimRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed form or JSON body, flattened to dot paths (`contact.phone`). */
  fields: Record<string, string>;
}

/** State a simulator keeps between requests: attempts per Idempotency-Key, emails seen. */
export interface SimMemory {
  attemptsByKey: Map<string, number>;
  emailsSeen: Set<string>;
}

function xml(result: string, reason?: string): SimAnswer {
  const reasonXml = reason ? `<reason>${reason}</reason>` : '';
  return {
    status: 200,
    contentType: 'text/xml',
    body: `<?xml version="1.0"?><response><result>${result}</result>${reasonXml}</response>`,
  };
}

function json(status: number, value: unknown): SimAnswer {
  return { status, contentType: 'application/json', body: JSON.stringify(value) };
}

/**
 * "acme": a Classic-style XML buyer. Declines leads from states it does not serve and
 * duplicates of an email it already bought; fails with a 500 on emails at `@outage.example`.
 */
export function classicXmlBuyer(request: SimRequest, memory: SimMemory): SimAnswer {
  const email = request.fields.email ?? '';
  const state = request.fields.state ?? '';
  if (email.endsWith('@outage.example')) {
    return { status: 500, contentType: 'text/html', body: '<h1>Internal Server Error</h1>' };
  }
  if (['CA', 'TX'].includes(state)) return xml('failure', 'Out of service area');
  if (memory.emailsSeen.has(email)) return xml('failure', 'Duplicate lead');
  memory.emailsSeen.add(email);
  return xml('success');
}

/** "bolt": a JSON buyer that rejects phones it considers on a do-not-call list. */
export function jsonBuyer(request: SimRequest): SimAnswer {
  const phone = request.fields['contact.phone'] ?? '';
  const last = Number(phone.at(-1) ?? '0');
  if (last <= 4) {
    return json(200, {
      status: 'rejected',
      errors: [{ field: 'phone', message: 'Phone on do-not-call list' }],
    });
  }
  return json(200, { status: 'accepted', id: `B${phone.slice(-4)}` });
}

/**
 * "flaky": answers 503 for the first `failTimes` attempts of each lead (counted by its
 * Idempotency-Key), then decides: postal codes starting with 9 are declined, emails at
 * `@outage.example` never get past the errors, everything else is accepted.
 */
export function flakyBuyer(request: SimRequest, memory: SimMemory): SimAnswer {
  const key = String(request.headers['idempotency-key'] ?? 'none');
  const seen = (memory.attemptsByKey.get(key) ?? 0) + 1;
  memory.attemptsByKey.set(key, seen);
  const failTimes = Number(request.query.get('failTimes') ?? '2');
  const email = request.fields.email ?? '';
  if (seen <= failTimes || email.endsWith('@outage.example')) {
    return { status: 503, contentType: 'text/plain', body: 'temporarily unavailable' };
  }
  if ((request.fields.postal_code ?? '').startsWith('9')) {
    return { status: 200, contentType: 'text/plain', body: 'REJECT: no coverage for this ZIP' };
  }
  return { status: 200, contentType: 'text/plain', body: 'OK' };
}

export const BUYERS: Record<string, (request: SimRequest, memory: SimMemory) => SimAnswer> = {
  '/classic': classicXmlBuyer,
  '/json': jsonBuyer,
  '/flaky': flakyBuyer,
};
