import fc from 'fast-check';
import { decodeRoutingState, encodeRoutingState } from './codec.js';
import { IDLE_DESTINATION } from './route.js';
import type { DestinationState, RoutingState } from './types.js';

const NEW_LEAD: RoutingState = {
  status: 'pending',
  destinations: [
    { ...IDLE_DESTINATION, status: 'queued', pendingAttempt: 1 },
    { ...IDLE_DESTINATION },
    { ...IDLE_DESTINATION },
  ],
  settledAtMs: null,
};

const destinationState: fc.Arbitrary<DestinationState> = fc.record({
  status: fc.constantFrom('idle', 'queued', 'retrying', 'done'),
  attempts: fc.nat(20),
  pendingAttempt: fc.option(fc.integer({ min: 1, max: 21 })),
  dueAtMs: fc.option(fc.nat()),
  firstAttemptAtMs: fc.option(fc.nat()),
  outcome: fc.option(fc.constantFrom('success', 'failure', 'error')),
  reason: fc.option(fc.string()),
  advanced: fc.boolean(),
});

const routingState: fc.Arbitrary<RoutingState> = fc.record({
  status: fc.constantFrom('pending', 'delivered', 'rejected', 'error'),
  destinations: fc.array(destinationState, { minLength: 1, maxLength: 8 }),
  settledAtMs: fc.option(fc.nat()),
});

describe('routing state codec', () => {
  it('reads back exactly what it wrote, for any state', () => {
    fc.assert(
      fc.property(routingState, (state) => {
        expect(decodeRoutingState(encodeRoutingState(state))).toEqual(state);
      }),
    );
  });

  it('reads the full JSON that earlier versions stored', () => {
    fc.assert(
      fc.property(routingState, (state) => {
        expect(decodeRoutingState(JSON.stringify(state))).toEqual(state);
      }),
    );
  });

  it('leaves idle values out: a new lead of three destinations stays under 100 bytes', () => {
    const text = encodeRoutingState(NEW_LEAD);
    expect(text).toBe(
      '{"status":"pending","destinations":[{"status":"queued","pendingAttempt":1},{},{}]}',
    );
    expect(JSON.stringify(NEW_LEAD).length).toBeGreaterThan(4 * text.length);
  });

  it('keeps values that differ from idle even when they look empty', () => {
    const state: RoutingState = {
      status: 'rejected',
      destinations: [{ ...IDLE_DESTINATION, status: 'done', attempts: 1, reason: '' }],
      settledAtMs: 0,
    };
    expect(decodeRoutingState(encodeRoutingState(state))).toEqual(state);
  });
});
