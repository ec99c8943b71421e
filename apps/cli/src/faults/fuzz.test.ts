import fc from 'fast-check';
import { createRedis } from '@leadrelay/runtime';
import {
  dest,
  FIELDS,
  SOURCE_KEY,
  source,
  startTestStack,
  TEST_REDIS_URL,
  type TestStack,
} from '../test-support/stack.js';

const CONTENT_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=iso-8859-1',
  'text/plain',
  'text/json',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  '',
];

/** A body of any shape: JSON values, objects with hostile keys and values, raw text, bytes. */
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom(
    '#{email}',
    '#{xxLeadId}',
    '\r\nX-Evil: 1',
    '&=&=',
    '<x>',
    '"\'',
    '\u0000',
    '\uD800',
    '__proto__',
    '1e400',
  ),
);
const body = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc
    .dictionary(
      hostileString,
      fc.oneof(
        hostileString,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(hostileString, { maxLength: 3 }),
      ),
    )
    .map((o) => JSON.stringify(o)),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

describe('fuzzing the ingest API (fast-check)', () => {
  let stack: TestStack;
  const redis = createRedis(TEST_REDIS_URL, 'blocking', 'fuzz');

  beforeAll(async () => {
    stack = await startTestStack(
      {
        sources: [source('f')],
        campaigns: [
          { id: 'f', fields: FIELDS, destinations: [dest('a', 'http://127.0.0.1:9/none')] },
        ],
      },
      { roles: ['api'] },
    );
  });

  afterAll(async () => {
    await stack.close();
    await stack.cleanup();
    redis.disconnect();
  });

  const count = async (pattern: string) => (await redis.keys(`${stack.prefix}:${pattern}`)).length;

  test('no client input yields a 5xx; only accepted leads enqueue, only 202/422 store', async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom(...CONTENT_TYPES),
        fc.constantFrom(SOURCE_KEY, 'wrong-key-000000000000', ''),
        fc.constantFrom('f', 'nope', '%00', '..%2F'),
        fc.constantFrom('', '?email=a%40b.co&phone=4155550100', '?a[b]=1&__proto__[x]=1', '?%ZZ'),
        async (payload, contentType, key, campaign, query) => {
          const leadsBefore = await count('lead:*');
          const jobsBefore = await count('{deliver.f.a}:*-0-1');
          const headers: Record<string, string> = {};
          if (contentType) headers['content-type'] = contentType;
          if (key) headers['x-api-key'] = key;
          const response = await fetch(`${stack.apiUrl}/v1/campaigns/${campaign}/leads${query}`, {
            method: 'POST',
            headers,
            body: payload,
          });
          const text = await response.text();
          expect(response.status).toBeLessThan(500);
          const leadsAfter = await count('lead:*');
          const jobsAfter = await count('{deliver.f.a}:*-0-1');
          if (response.status === 202) {
            expect(jobsAfter).toBe(jobsBefore + 1);
          } else {
            expect(jobsAfter).toBe(jobsBefore);
            expect(leadsAfter).toBe(response.status === 422 ? leadsBefore + 1 : leadsBefore);
            expect(JSON.parse(text)).toMatchObject({ reasons: expect.any(Array) });
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
