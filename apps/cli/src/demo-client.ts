/** What the demo learned about one posted lead. */
export interface LeadResult {
  httpStatus: number;
  leadId: string | null;
  status: string;
  destinations: {
    id: string | null;
    outcome: string | null;
    reason: string | null;
    attempts: number;
  }[];
  attempts: { destinationId: string; outcome: string }[];
}

const POST_CONCURRENCY = 8;
const POLL_INTERVAL_MS = 100;

/** Posts one lead, rotating through the input styles sources use: JSON, form, query string. */
async function postOne(
  apiUrl: string,
  campaignId: string,
  apiKey: string,
  lead: Record<string, string>,
  n: number,
) {
  const base = `${apiUrl}/v1/campaigns/${encodeURIComponent(campaignId)}/leads`;
  const headers: Record<string, string> = { 'x-api-key': apiKey };
  let url = base;
  let body: string | undefined;
  if (n % 3 === 0) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(lead);
  } else if (n % 3 === 1) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(lead).toString();
  } else {
    url = `${base}?${new URLSearchParams(lead).toString()}`;
  }
  const response = await fetch(url, {
    method: 'POST',
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const answer = (await response.json()) as { outcome: string; lead?: { id: string } };
  return { httpStatus: response.status, leadId: answer.lead?.id ?? null, outcome: answer.outcome };
}

/** Posts every lead with bounded concurrency; returns one result per lead, in input order. */
export async function postLeads(
  apiUrl: string,
  campaignId: string,
  apiKey: string,
  leads: Record<string, string>[],
) {
  const results: { httpStatus: number; leadId: string | null; outcome: string }[] = new Array(
    leads.length,
  );
  let next = 0;
  async function lane() {
    while (next < leads.length) {
      const n = next++;
      results[n] = await postOne(apiUrl, campaignId, apiKey, leads[n] as Record<string, string>, n);
    }
  }
  await Promise.all(Array.from({ length: POST_CONCURRENCY }, lane));
  return results;
}

/** Polls `GET /v1/leads/{id}` until no lead is pending or `timeoutMs` passes. */
export async function waitUntilFinal(
  apiUrl: string,
  apiKey: string,
  posted: { httpStatus: number; leadId: string | null }[],
  timeoutMs: number,
): Promise<LeadResult[]> {
  const results: LeadResult[] = posted.map((p) => ({
    httpStatus: p.httpStatus,
    leadId: p.leadId,
    status: p.httpStatus === 422 ? 'invalid' : p.httpStatus === 202 ? 'pending' : 'not accepted',
    destinations: [],
    attempts: [],
  }));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = results.filter(
      (r) =>
        r.leadId &&
        (r.status === 'pending' || r.destinations.length === 0) &&
        r.status !== 'invalid',
    );
    if (open.length === 0 || Date.now() > deadline) return results;
    for (const result of open) {
      const response = await fetch(`${apiUrl}/v1/leads/${result.leadId}`, {
        headers: { 'x-api-key': apiKey },
      });
      if (!response.ok) continue;
      const view = (await response.json()) as Omit<LeadResult, 'httpStatus' | 'leadId'>;
      result.status = view.status;
      result.destinations = view.destinations;
      result.attempts = view.attempts;
    }
    if (results.some((r) => r.status === 'pending')) {
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  }
}
