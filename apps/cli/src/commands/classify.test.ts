import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runClassify } from './classify.js';

const FIXTURE = fileURLToPath(
  new URL('../../../../packages/core/test-fixtures/response-parsing.json', import.meta.url),
);

/** Runs the command, collecting what it writes. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runClassify(
    args,
    { write: (text) => void (out += text) },
    { write: (text) => void (err += text) },
  );
  return { code, out, err };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadrelay-classify-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('leadrelay classify', () => {
  test('every shared case passes', async () => {
    const { code, out, err } = await run([FIXTURE]);
    const lines = out.trimEnd().split('\n');

    expect(err).toBe('');
    expect(code).toBe(0);
    expect(lines).toHaveLength(45);
    expect(lines[44]).toBe('44 passed, 0 failed');
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      id: 'classic-xml-success',
      outcome: 'success',
      reason: null,
    });
    expect(JSON.parse(lines[1] ?? '')).toEqual({
      id: 'classic-xml-failure-reason',
      outcome: 'failure',
      reason: 'Duplicate lead',
    });
  });

  test('a wrong expectation fails the run with exit code 1', async () => {
    const fixture = JSON.parse(await readFile(FIXTURE, 'utf8')) as {
      cases: { id: string; expect: Record<string, unknown> }[];
    };
    const first = fixture.cases[0];
    if (first === undefined) throw new Error('fixture has no case');
    first.expect = { outcome: 'failure' };
    const file = join(dir, 'cases.json');
    await writeFile(file, JSON.stringify(fixture));

    const { code, out, err } = await run([file]);

    expect(code).toBe(1);
    expect(out.trimEnd().split('\n').at(-1)).toBe('43 passed, 1 failed');
    expect(err).toBe('classic-xml-success: outcome success, expected failure\n');
  });

  test('a rejected parser config is printed as configError', async () => {
    const file = join(dir, 'cases.json');
    const parser = { kind: 'classic', validPattern: '(a)(b)' };
    const response = { status: 200, headers: {}, body: 'ab' };
    const cases = [
      { id: 'bad', parser, response, expect: { configError: true } },
      { id: 'unchecked', parser: { kind: 'search' }, response },
    ];
    await writeFile(file, JSON.stringify({ cases }));

    const { code, out } = await run([file]);

    expect(code).toBe(0);
    expect(out.split('\n')).toEqual([
      JSON.stringify({
        id: 'bad',
        configError: 'parser.validPattern: must have exactly one capture group (has 2)',
      }),
      JSON.stringify({ id: 'unchecked', outcome: 'success', reason: null }),
      '1 passed, 0 failed',
      '',
    ]);
  });

  test('without expectations no summary is printed', async () => {
    const file = join(dir, 'cases.json');
    const response = { status: 404, headers: {}, body: 'gone' };
    await writeFile(
      file,
      JSON.stringify({ cases: [{ id: 'x', parser: { kind: 'search' }, response }] }),
    );

    const { code, out } = await run([file]);

    expect(code).toBe(0);
    expect(out).toMatch(/^\{"id":"x","outcome":"failure","reason":"HTTP 404 Not Found[^\n]*\}\n$/);
  });

  test.each([
    ['no argument', [], /^usage: leadrelay classify <cases\.json>/],
    [
      'a missing file',
      ['/nonexistent/cases.json'],
      /cannot read \/nonexistent\/cases\.json: no such file/,
    ],
  ])('%s exits 2', async (_name, args, message) => {
    const { code, out, err } = await run(args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
  });

  test('bad JSON and a file that is no cases file exit 2', async () => {
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"cases": [');
    const wrong = join(dir, 'wrong.json');
    await writeFile(wrong, JSON.stringify({ cases: [{ id: 'a', parser: {}, response: {} }] }));

    const first = await run([broken]);
    const second = await run([wrong]);

    expect([first.code, second.code]).toEqual([2, 2]);
    expect(first.err).toMatch(/broken\.json is not valid JSON/);
    expect(second.err).toMatch(
      /is not a cases file:\n {2}cases\[0\]\.response\.status: must be an integer/,
    );
  });
});
