import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startBuyer, type TestBuyer } from '../test-support/buyer.js';
import { freePort } from '../local-redis.js';
import {
  dest,
  FIELDS,
  LEAD,
  source,
  startTestStack,
  type TestStack,
} from '../test-support/stack.js';

const STOP = { success: 'stop', failure: 'stop', error: 'stop' };

describe('transport problems are errors with a specific reason', () => {
  let stack: TestStack | undefined;
  const closers: (() => Promise<void>)[] = [];

  afterEach(async () => {
    await stack?.close();
    await stack?.cleanup();
    await Promise.all(closers.splice(0).map((close) => close()));
    stack = undefined;
  });

  async function deliverOnce(url: string, timeoutMs = 1000) {
    stack = await startTestStack({
      sources: [source('c1')],
      campaigns: [
        { id: 'c1', fields: FIELDS, destinations: [dest('a', url, { behavior: STOP, timeoutMs })] },
      ],
    });
    const response = await stack.post('c1', LEAD);
    const { lead } = (await response.json()) as { lead: { id: string } };
    return stack.settled(lead.id);
  }

  test('a buyer that hangs past the timeout', async () => {
    // Accepts the request and never answers.
    const buyer: TestBuyer = await startBuyer(() => undefined);
    closers.push(() => buyer.close());
    const started = Date.now();
    const lead = await deliverOnce(`${buyer.url}/hang`, 300);

    expect(lead.status).toBe('error');
    expect(lead.destinations[0]?.reason).toBe('timeout: no complete answer within 300 ms');
    expect(lead.attempts[0]?.httpStatus).toBeNull();
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('a refused connection', async () => {
    const port = await freePort(); // nothing listens here
    const lead = await deliverOnce(`http://127.0.0.1:${port}/leads`);
    expect(lead.status).toBe('error');
    expect(lead.destinations[0]?.reason).toBe('connection refused');
  });

  test('a redirect is not followed and is an error naming it', async () => {
    const buyer = await startBuyer((_request, response) => {
      response.writeHead(302, { location: 'http://127.0.0.1:9/elsewhere' });
      response.end('<result>success</result>');
    });
    closers.push(() => buyer.close());
    const lead = await deliverOnce(`${buyer.url}/moved`);
    expect(lead.status).toBe('error');
    expect(lead.destinations[0]?.reason).toBe(
      'HTTP 302 redirect not followed: configure the final URL',
    );
    expect(buyer.requests).toHaveLength(1);
  });

  test('a buyer that answers garbage instead of HTTP', async () => {
    const server: Server = createServer((socket) =>
      socket.end('NOT HTTP AT ALL\r\n\r\n', () => socket.destroy()),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    const lead = await deliverOnce(`http://127.0.0.1:${port}/leads`);
    expect(lead.status).toBe('error');
    expect(lead.destinations[0]?.reason).toMatch(/^malformed HTTP response from the buyer \(HPE_/);
  });

  test('a buyer that drips its answer slower than the timeout allows', async () => {
    const buyer = await startBuyer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/xml' });
      const timer = setInterval(
        () => (response.destroyed ? clearInterval(timer) : response.write('<')),
        50,
      );
      response.on('close', () => clearInterval(timer));
    });
    closers.push(() => buyer.close());
    const lead = await deliverOnce(`${buyer.url}/drip`, 400);
    expect(lead.destinations[0]?.reason).toBe('timeout: no complete answer within 400 ms');
  });

  test('a buyer that resets the connection halfway through its body', async () => {
    const server: Server = createServer((socket) => {
      socket.once('data', () => {
        socket.write(
          'HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: 1000\r\n\r\n<result>suc',
        );
        setImmediate(() => socket.resetAndDestroy());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    const lead = await deliverOnce(`http://127.0.0.1:${port}/leads`);
    expect(lead.destinations[0]?.reason).toBe('connection reset by the buyer');
  });

  test('a buyer that sends a body past the size cap', async () => {
    const buyer = await startBuyer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(Buffer.alloc(3 * 1024 * 1024, 0x61));
    });
    closers.push(() => buyer.close());
    const lead = await deliverOnce(`${buyer.url}/huge`);
    expect(lead.destinations[0]?.reason).toBe('response too large');
  });

  test('a buyer that resets the connection', async () => {
    const server: Server = createServer((socket) => socket.resetAndDestroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    const lead = await deliverOnce(`http://127.0.0.1:${port}/leads`);
    expect(lead.status).toBe('error');
    expect(lead.destinations[0]?.reason).toBe('connection reset by the buyer');
  });
});
