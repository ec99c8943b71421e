import { answer, sequence, startBuyer, type TestBuyer } from '../test-support/buyer.js';
import { waitFor } from '../test-support/wait.js';
import {
  dest,
  FAILURE_XML,
  FIELDS,
  LEAD,
  source,
  startTestStack,
  SUCCESS_XML,
  type TestStack,
} from '../test-support/stack.js';

/** The value of one series in a Prometheus text exposition, or undefined. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.split(' ').at(-1));
  }
  return undefined;
}

describe('/metrics after leads flow', () => {
  let stack: TestStack;
  let buyers: TestBuyer[];

  beforeAll(async () => {
    buyers = await Promise.all([
      startBuyer(answer(200, FAILURE_XML)),
      startBuyer(sequence(answer(503, 'busy'), answer(200, SUCCESS_XML))),
    ]);
    stack = await startTestStack({
      sources: [source('m')],
      campaigns: [
        {
          id: 'm',
          fields: FIELDS,
          destinations: [dest('first', buyers[0]!.url), dest('second', buyers[1]!.url)],
        },
      ],
    });
  });

  afterAll(async () => {
    await stack.close();
    await stack.cleanup();
    await Promise.all(buyers.map((b) => b.close()));
  });

  test('exposes every documented series with the values the run produced', async () => {
    const { lead } = (await (await stack.post('m', LEAD)).json()) as { lead: { id: string } };
    await stack.post('m', { email: 'broken' });
    await stack.post('nope', LEAD);
    await stack.settled(lead.id);

    const response = await fetch(`${stack.apiUrl}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    expect(
      sample(text, 'leadrelay_leads_received_total', { campaign: 'm', result: 'queued' }),
    ).toBe(1);
    expect(
      sample(text, 'leadrelay_leads_received_total', { campaign: 'm', result: 'invalid' }),
    ).toBe(1);
    expect(
      sample(text, 'leadrelay_leads_received_total', {
        campaign: 'unknown',
        result: 'unknown_campaign',
      }),
    ).toBe(1);
    expect(text).not.toContain('campaign="nope"');
    expect(
      sample(text, 'leadrelay_deliveries_total', { destination: 'first', outcome: 'failure' }),
    ).toBe(1);
    expect(
      sample(text, 'leadrelay_deliveries_total', { destination: 'second', outcome: 'error' }),
    ).toBe(1);
    expect(
      sample(text, 'leadrelay_deliveries_total', { destination: 'second', outcome: 'success' }),
    ).toBe(1);
    expect(
      sample(text, 'leadrelay_delivery_duration_seconds_count', {
        destination: 'second',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(
      sample(text, 'leadrelay_delivery_duration_seconds_sum', { destination: 'first' }),
    ).toBeGreaterThan(0);
    expect(sample(text, 'leadrelay_retries_scheduled_total', { destination: 'second' })).toBe(1);
    expect(
      sample(text, 'leadrelay_leads_settled_total', { campaign: 'm', status: 'delivered' }),
    ).toBe(1);
    expect(
      sample(text, 'leadrelay_queue_jobs', { queue: '{deliver.m.second}', state: 'completed' }),
    ).toBe(2);
    expect(sample(text, 'leadrelay_queue_jobs', { queue: '{route}', state: 'waiting' })).toBe(0);
    expect(sample(text, 'leadrelay_oldest_pending_lead_age_seconds')).toBe(0);
    expect(text).not.toMatch(/example\.com|4155550134/i);
  });

  test('the oldest pending lead ages while a retry is scheduled', async () => {
    const slow = await startBuyer(answer(503, 'busy'));
    const pending = await startTestStack({
      sources: [source('p')],
      campaigns: [
        {
          id: 'p',
          fields: FIELDS,
          destinations: [
            dest('slow', slow.url, {
              retry: { backoff: 'fixed', delayMs: 60_000, maxAttempts: 2, maxAgeMs: 600_000 },
            }),
          ],
        },
      ],
    });
    try {
      await pending.post('p', LEAD);
      await slow.received(1);
      const age = await waitFor(async () => {
        const text = await (await fetch(`${pending.apiUrl}/metrics`)).text();
        const delayed = sample(text, 'leadrelay_queue_jobs', {
          queue: '{deliver.p.slow}',
          state: 'delayed',
        });
        return delayed === 1
          ? sample(text, 'leadrelay_oldest_pending_lead_age_seconds')
          : undefined;
      }, 'the retry to be scheduled');
      expect(age).toBeGreaterThan(0);
    } finally {
      await pending.close();
      await pending.cleanup();
      await slow.close();
    }
  });
});
