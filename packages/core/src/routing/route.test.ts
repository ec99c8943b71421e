import type { Behavior, CampaignConfig, DestinationConfig, Outcome } from '../config/types.js';
import { BEHAVIORS, OUTCOMES } from '../config/types.js';
import {
  applyOutcome,
  pendingDeliveries,
  RETRIES_EXHAUSTED_REASON,
  startRouting,
} from './route.js';
import type { AttemptOutcome, RoutingDecision, RoutingState } from './types.js';

const NOW = 1_700_000_000_000;

function destination(id: string, overrides: Partial<DestinationConfig> = {}): DestinationConfig {
  return {
    id,
    url: `http://127.0.0.1:9/${id}`,
    method: 'POST',
    format: 'form',
    body: {},
    xmlRoot: 'lead',
    headers: {},
    timeoutMs: 1000,
    parser: { kind: 'search' },
    errorStatuses: [408, 429, '5xx'],
    behavior: { success: 'stop', failure: 'continue', error: 'stop_retry_later' },
    retry: {
      backoff: 'fixed',
      delayMs: 1000,
      maxDelayMs: 60_000,
      maxAttempts: 3,
      maxAgeMs: 3_600_000,
      jitter: 0,
    },
    onRetriesExhausted: 'stop',
    concurrency: 1,
    maxResponseBytes: 1 << 20,
    pauseAfterConsecutiveErrors: 0,
    pauseCooldownMs: 60_000,
    ...overrides,
  };
}

function campaign(...destinations: DestinationConfig[]): CampaignConfig {
  return { id: 'c', fields: [], deliveredWhen: 1, destinations };
}

function event(destinationIndex: number, attempt: number, outcome: Outcome): AttemptOutcome {
  return {
    destinationIndex,
    attempt,
    outcome,
    reason: outcome === 'success' ? null : 'r',
    atMs: NOW,
  };
}

function applied(decision: RoutingDecision) {
  if (decision.kind !== 'applied') throw new Error(`expected applied, got ${decision.reason}`);
  return decision;
}

describe('every behavior × outcome on the first of two destinations', () => {
  const rows: [Behavior, Outcome][] = BEHAVIORS.flatMap((b) =>
    OUTCOMES.map((o) => [b, o] as [Behavior, Outcome]),
  );

  test.each(rows)('%s on %s', (behavior, outcome) => {
    const c = campaign(
      destination('a', { behavior: { success: behavior, failure: behavior, error: behavior } }),
      destination('b'),
    );
    const decision = applied(
      applyOutcome(c, startRouting(c).state, event(0, 1, outcome), NOW, 0.5),
    );
    const deliveries = decision.actions.filter((a) => a.type === 'deliver');
    const moveOn = behavior === 'continue' || behavior === 'continue_retry_later';
    const retry = behavior === 'continue_retry_later' || behavior === 'stop_retry_later';

    expect(deliveries).toEqual([
      ...(retry ? [{ type: 'deliver', destinationIndex: 0, attempt: 2, delayMs: 1000 }] : []),
      ...(moveOn ? [{ type: 'deliver', destinationIndex: 1, attempt: 1, delayMs: 0 }] : []),
    ]);
    expect(decision.state.destinations[0]?.advanced).toBe(moveOn);
    expect(decision.state.destinations[0]?.status).toBe(retry ? 'retrying' : 'done');
    expect(decision.state.destinations[1]?.status).toBe(moveOn ? 'queued' : 'idle');
    const settles = !moveOn && !retry;
    expect(decision.state.status === 'pending').toBe(!settles);
    if (settles) {
      const expected =
        outcome === 'success' ? 'delivered' : outcome === 'failure' ? 'rejected' : 'error';
      expect(decision.actions).toContainEqual({ type: 'settle', status: expected });
    }
  });
});

describe('waterfall semantics', () => {
  test('exclusive fallback: failure continues, success stops and settles delivered', () => {
    const c = campaign(destination('a'), destination('b'), destination('c'));
    let state = startRouting(c).state;
    state = applied(applyOutcome(c, state, event(0, 1, 'failure'), NOW, 0)).state;
    const decision = applied(applyOutcome(c, state, event(1, 1, 'success'), NOW, 0));
    expect(decision.actions).toEqual([{ type: 'settle', status: 'delivered' }]);
    expect(decision.state.destinations.map((d) => d.status)).toEqual(['done', 'done', 'idle']);
  });

  test('continue on the last destination settles', () => {
    const all = { success: 'continue', failure: 'continue', error: 'continue' } as const;
    const c = campaign(destination('a', { behavior: all }), destination('b', { behavior: all }));
    let state = startRouting(c).state;
    state = applied(applyOutcome(c, state, event(0, 1, 'success'), NOW, 0)).state;
    const decision = applied(applyOutcome(c, state, event(1, 1, 'failure'), NOW, 0));
    expect(decision.actions).toEqual([{ type: 'settle', status: 'delivered' }]);
  });

  test('continue_retry_later advances once even when the retry later succeeds', () => {
    const c = campaign(
      destination('a', {
        behavior: { success: 'continue', failure: 'continue', error: 'continue_retry_later' },
      }),
      destination('b', { behavior: { success: 'stop', failure: 'stop', error: 'stop' } }),
    );
    let state = startRouting(c).state;
    let decision = applied(applyOutcome(c, state, event(0, 1, 'error'), NOW, 0));
    expect(decision.actions.filter((a) => a.type === 'deliver')).toHaveLength(2);
    state = decision.state;
    state = applied(applyOutcome(c, state, event(1, 1, 'success'), NOW, 0)).state;
    expect(state.status).toBe('pending');
    decision = applied(applyOutcome(c, state, event(0, 2, 'success'), NOW, 0));
    expect(decision.actions).toEqual([{ type: 'settle', status: 'delivered' }]);
    expect(decision.state.destinations[0]?.attempts).toBe(2);
  });

  test('a retried error that becomes a failure follows the failure rule', () => {
    const c = campaign(destination('a'), destination('b'));
    let state = startRouting(c).state;
    state = applied(applyOutcome(c, state, event(0, 1, 'error'), NOW, 0)).state;
    const decision = applied(applyOutcome(c, state, event(0, 2, 'failure'), NOW, 0));
    expect(decision.actions).toEqual([
      { type: 'deliver', destinationIndex: 1, attempt: 1, delayMs: 0 },
    ]);
  });
});

describe('retries exhausted', () => {
  function exhaust(onRetriesExhausted: 'stop' | 'continue') {
    const c = campaign(destination('a', { onRetriesExhausted }), destination('b'));
    let state: RoutingState = startRouting(c).state;
    let decision: RoutingDecision | undefined;
    for (let attempt = 1; attempt <= 3; attempt++) {
      decision = applied(applyOutcome(c, state, event(0, attempt, 'error'), NOW, 0));
      state = decision.state;
    }
    return applied(decision as RoutingDecision);
  }

  test('stop: the lead settles error with reason "retries exhausted"', () => {
    const decision = exhaust('stop');
    expect(decision.retriesExhausted).toBe(true);
    expect(decision.actions).toEqual([{ type: 'settle', status: 'error' }]);
    expect(decision.state.destinations[0]).toMatchObject({
      outcome: 'error',
      reason: RETRIES_EXHAUSTED_REASON,
      attempts: 3,
    });
  });

  test('continue: the next destination receives the lead', () => {
    const decision = exhaust('continue');
    expect(decision.actions).toEqual([
      { type: 'deliver', destinationIndex: 1, attempt: 1, delayMs: 0 },
    ]);
  });
});

describe('exactly-once routing', () => {
  const c = campaign(destination('a'), destination('b'));

  test('the same attempt routed twice is a duplicate and changes nothing', () => {
    const state = applied(
      applyOutcome(c, startRouting(c).state, event(0, 1, 'failure'), NOW, 0),
    ).state;
    expect(applyOutcome(c, state, event(0, 1, 'failure'), NOW, 0)).toEqual({
      kind: 'duplicate',
      reason: 'not_pending',
    });
  });

  test('a stale attempt number is a duplicate', () => {
    const state = applied(
      applyOutcome(c, startRouting(c).state, event(0, 1, 'error'), NOW, 0),
    ).state;
    expect(applyOutcome(c, state, event(0, 1, 'error'), NOW, 0)).toEqual({
      kind: 'duplicate',
      reason: 'already_routed',
    });
  });

  test('pendingDeliveries re-issues scheduled retries with the remaining delay', () => {
    const state = applied(
      applyOutcome(c, startRouting(c).state, event(0, 1, 'error'), NOW, 0),
    ).state;
    expect(pendingDeliveries(state, NOW + 400)).toEqual([
      { type: 'deliver', destinationIndex: 0, attempt: 2, delayMs: 600 },
    ]);
  });

  test('deliveredWhen 2 with one success settles rejected', () => {
    const all = { success: 'continue', failure: 'continue', error: 'continue' } as const;
    const two = {
      ...campaign(destination('a', { behavior: all }), destination('b', { behavior: all })),
      deliveredWhen: 2,
    };
    let state = startRouting(two).state;
    state = applied(applyOutcome(two, state, event(0, 1, 'success'), NOW, 0)).state;
    const decision = applied(applyOutcome(two, state, event(1, 1, 'error'), NOW, 0));
    expect(decision.actions).toEqual([{ type: 'settle', status: 'rejected' }]);
  });
});
