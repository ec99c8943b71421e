import { answer, startBuyer, type TestBuyer } from '../test-support/buyer.js';
import {
  dest,
  FIELDS,
  LEAD,
  source,
  startTestStack,
  SUCCESS_XML,
  type TestStack,
} from '../test-support/stack.js';

describe('idempotent ingest (Idempotency-Key on POST …/leads)', () => {
  let stack: TestStack;
  let buyer: TestBuyer;

  beforeAll(async () => {
    buyer = await startBuyer(answer(200, SUCCESS_XML));
    stack = await startTestStack({
      sources: [source('i')],
      campaigns: [{ id: 'i', fields: FIELDS, destinations: [dest('a', buyer.url)] }],
    });
  });

  afterAll(async () => {
    await stack.close();
    await stack.cleanup();
    await buyer.close();
  });

  const post = (key: string, fields: Record<string, unknown> = LEAD) =>
    stack.post('i', fields, { 'idempotency-key': key });
  const idOf = async (response: Response) =>
    ((await response.json()) as { lead: { id: string } }).lead.id;

  test('a repeat returns the same lead id and the lead is delivered once', async () => {
    const first = await post('order-1001');
    const again = await post('order-1001');
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const id = await idOf(first);
    expect(await idOf(again)).toBe(id);
    await stack.settled(id);
    const delivered = buyer.requests.filter((r) =>
      String(r.headers['idempotency-key']).startsWith(id),
    );
    expect(delivered).toHaveLength(1);
  });

  test('concurrent identical requests race safely onto one lead', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => post('order-2002')));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(202));
    const ids = new Set(await Promise.all(responses.map(idOf)));
    expect(ids.size).toBe(1);
    const [id] = [...ids] as [string];
    await stack.settled(id);
    expect(
      buyer.requests.filter((r) => String(r.headers['idempotency-key']).startsWith(id)),
    ).toHaveLength(1);
  });

  test('the same key with other fields is a conflict, and an invalid lead replays as invalid', async () => {
    await post('order-3003');
    const conflict = await post('order-3003', { ...LEAD, phone: '4155550999' });
    expect(conflict.status).toBe(409);
    const invalid = await post('order-4004', { email: 'nope' });
    const replayed = await post('order-4004', { email: 'nope' });
    expect(invalid.status).toBe(422);
    expect(replayed.status).toBe(422);
    expect(await idOf(replayed)).toBe(await idOf(invalid));
    expect((await post('x'.repeat(256))).status).toBe(400);
  });
});
