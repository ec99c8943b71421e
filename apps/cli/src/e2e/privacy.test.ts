import { createRedis } from '@leadrelay/runtime';
import { answer, startBuyer, type TestBuyer } from '../test-support/buyer.js';
import { dest, FIELDS, source, startTestStack, type TestStack } from '../test-support/stack.js';

/** Values that must never leave the lead store. */
const LEAD = {
  email: 'Unique.Person.7731@Example.org',
  phone: '(628) 555-0199',
  state: 'Oregon',
  first_name: 'Zebulon',
};
const SECRETS = [
  'unique.person.7731',
  'Unique.Person.7731',
  '6285550199',
  '555-0199',
  'Zebulon',
  'ZEBULON',
];

describe('personal data stays in the lead store', () => {
  let stack: TestStack;
  let buyers: TestBuyer[];

  beforeAll(async () => {
    buyers = await Promise.all([
      startBuyer(answer(200, '<result>failure</result><reason>declined ZEBULON</reason>')),
      startBuyer(answer(503, 'down')),
      startBuyer(answer(200, '<result>success</result>')),
    ]);
    const all = { success: 'continue', failure: 'continue', error: 'continue_retry_later' };
    stack = await startTestStack({
      sources: [source('p')],
      campaigns: [
        {
          id: 'p',
          fields: [...FIELDS, { name: 'first_name', type: 'text' }],
          destinations: buyers.map((b, i) =>
            dest(`d${i}`, b.url, {
              behavior: all,
              body: { email: '#{email}', phone: '#{phone}', name: '#{first_name}' },
            }),
          ),
        },
      ],
    });
  });

  afterAll(async () => {
    await stack.close();
    await stack.cleanup();
    await Promise.all(buyers.map((b) => b.close()));
  });

  test('no job payload, job return value or log line holds a lead field value', async () => {
    const { lead } = (await (await stack.post('p', LEAD)).json()) as { lead: { id: string } };
    await stack.settled(lead.id);
    expect(buyers[2]?.requests[0]?.body).toContain('Zebulon'); // the buyer itself does get the lead

    const redis = createRedis(
      process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      'blocking',
      'privacy-test',
    );
    const keys = await redis.keys(`${stack.prefix}:*`);
    const jobKeys = keys.filter((key) => !key.includes(':lead:'));
    expect(jobKeys.length).toBeGreaterThan(5);
    const dumped: string[] = [];
    for (const key of jobKeys) {
      const type = await redis.type(key);
      if (type === 'hash') dumped.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'stream') dumped.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      else if (type === 'list') dumped.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'zset') dumped.push(JSON.stringify(await redis.zrange(key, 0, -1)));
      else if (type === 'string') dumped.push(String(await redis.get(key)));
    }
    redis.disconnect();
    const everything = dumped.join('\n') + stack.logs.join('');
    expect(everything).toContain(lead.id);
    // The first buyer's reason echoes the first name back: it is kept on the lead, not in jobs.
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
    // The debug line with the buyer's answer is there, with the echoed name masked.
    expect(stack.logs.join('')).toContain('declined [lead field]');
  });
});
