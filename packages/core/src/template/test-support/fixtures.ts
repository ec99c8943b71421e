import type { RequestTemplate, SystemValues } from '../request.js';

/** A value that tries every escape: URL and form specials, markup, quotes, CR LF, unicode. */
export const NASTY = `a&b=c <d> "q" 'x'\r\nX-Evil: 1 é\u{1F600} #{email}`;

/** The system values used across template tests. */
export const SYSTEM: SystemValues = {
  leadId: 'lead-1',
  campaignId: 'solar-us',
  collectedAt: '2024-05-06T07:08:09.000Z',
};

/** A POST form destination with nothing else set, overridden per test. */
export function destination(overrides: Partial<RequestTemplate>): RequestTemplate {
  return {
    url: 'https://buyer.example/leads',
    method: 'POST',
    format: 'form',
    body: {},
    xmlRoot: 'lead',
    headers: {},
    ...overrides,
  };
}
