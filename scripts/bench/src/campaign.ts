import { DESTINATION_LIMITS } from '@leadrelay/core';

/**
 * The campaigns the benchmark runs, written as a user writes a campaigns file: validated by the
 * product's own loader in the stack child.
 */

export const SOURCE_KEY = 'bench-source-key-not-a-secret';
export const CAMPAIGN_ID = 'bench';
export const DEAD_CAMPAIGN_ID = 'bench-dead';
/** The destinations of the end-to-end campaign, in order; buyer paths are `/<id>`. */
export const DESTINATION_IDS = ['d0', 'd1', 'd2'] as const;
/**
 * Deliveries in flight per destination and worker process: the product's default unless an
 * experiment sets it.
 */
export const DESTINATION_CONCURRENCY = DESTINATION_LIMITS.concurrency.fallback;

/** A typical lead: six declared fields, about 150 bytes of JSON. */
export const LEAD = {
  first_name: 'Pat',
  last_name: 'Doe',
  email: 'pat.doe@example.com',
  phone: '(415) 555-0134',
  state: 'CA',
  postal_code: '94107',
};
export const LEAD_JSON = JSON.stringify(LEAD);

function destination(
  id: string,
  url: string,
  behavior: Record<string, string>,
  concurrency?: number,
) {
  return {
    id,
    url,
    method: 'POST',
    format: 'form',
    body: {
      first_name: '#{first_name}',
      last_name: '#{last_name}',
      email: '#{email}',
      phone: '#{phone}',
      state: '#{state}',
      postal_code: '#{postal_code}',
      lead_ref: '#{xxLeadId}',
    },
    timeoutMs: 5000,
    parser: {
      kind: 'classic',
      validPattern: '<result>(.*)</result>',
      successPattern: '^success$',
      reasonPattern: '<reason>([^<]*)</reason>',
    },
    behavior,
    retry: { backoff: 'fixed', delayMs: 1000, maxAttempts: 3, maxAgeMs: 60_000 },
    ...(concurrency === undefined ? {} : { concurrency }),
  };
}

const FIELDS = [
  { name: 'first_name', type: 'text' },
  { name: 'last_name', type: 'text' },
  { name: 'email', type: 'email', required: true },
  { name: 'phone', type: 'phone', required: true },
  { name: 'state', type: 'state' },
  { name: 'postal_code', type: 'postal_code' },
];

const CONTINUE = { success: 'continue', failure: 'continue', error: 'continue' };

/**
 * The end-to-end campaign: three destinations, every outcome `continue`, so each lead gets
 * exactly three deliveries and three route steps. With `deadUrl`, a second campaign whose one
 * destination is never up, for the scheduled-retries phase. `concurrency` overrides the
 * destinations' (an experiment).
 */
export function campaignsFile(
  buyerUrl: string,
  options: { deadUrl?: string | undefined; concurrency?: number | undefined } = {},
) {
  const { deadUrl, concurrency } = options;
  const campaigns: unknown[] = [
    {
      id: CAMPAIGN_ID,
      fields: FIELDS,
      destinations: DESTINATION_IDS.map((id) =>
        destination(id, `${buyerUrl}/${id}`, CONTINUE, concurrency),
      ),
    },
  ];
  if (deadUrl) {
    campaigns.push({
      id: DEAD_CAMPAIGN_ID,
      fields: FIELDS,
      destinations: [
        {
          ...destination('dead', deadUrl, {
            success: 'stop',
            failure: 'stop',
            error: 'stop_retry_later',
          }),
          retry: { preset: 'classic' },
        },
      ],
    });
  }
  return {
    sources: [
      {
        id: 'bench-source',
        apiKey: SOURCE_KEY,
        campaigns: campaigns.map((c) => (c as { id: string }).id),
      },
    ],
    campaigns,
  };
}

/** Headers of every ingest POST. */
export const INGEST_HEADERS = { 'content-type': 'application/json', 'x-api-key': SOURCE_KEY };

export function ingestPath(campaignId = CAMPAIGN_ID): string {
  return `/v1/campaigns/${campaignId}/leads`;
}
