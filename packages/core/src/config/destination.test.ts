import { DEFAULT_RETRY_POLICY } from '../retry/policy.js';
import type { DestinationConfig } from './types.js';
import { validateDestination } from './destination.js';
import { PARSER, collect, rawDestination } from './test-support/fixtures.js';

const validate = (overrides: Record<string, unknown>) =>
  collect((c) => validateDestination(c, rawDestination(overrides), ['d']));
const lines = (overrides: Record<string, unknown>): string[] =>
  validate(overrides).issues.map((i) => `${i.path}: ${i.message}`);

describe('validateDestination', () => {
  test('fills in every default', () => {
    const { value, issues } = validate({});
    expect(issues).toEqual([]);
    expect(value).toEqual({
      id: 'acme',
      url: 'https://buyer.example/leads',
      method: 'POST',
      format: 'form',
      body: {},
      xmlRoot: 'lead',
      headers: {},
      timeoutMs: 5000,
      parser: expect.objectContaining(PARSER) as unknown,
      errorStatuses: [408, 429, '5xx'],
      behavior: { success: 'stop', failure: 'continue', error: 'stop_retry_later' },
      retry: { ...DEFAULT_RETRY_POLICY },
      onRetriesExhausted: 'stop',
      concurrency: 10,
      maxResponseBytes: 1_048_576,
      pauseAfterConsecutiveErrors: 0,
      pauseCooldownMs: 60_000,
    } satisfies Omit<Record<keyof DestinationConfig, unknown>, 'rateLimit'>);
  });

  const valid: [string, Record<string, unknown>, Partial<DestinationConfig>][] = [
    ['GET implies query', { method: 'GET' }, { method: 'GET', format: 'query' }],
    ['GET with query', { method: 'GET', format: 'query' }, { format: 'query' }],
    ['POST with query', { format: 'query' }, { method: 'POST', format: 'query' }],
    ['json', { format: 'json', body: '{"e":"#{email}"}' }, { body: '{"e":"#{email}"}' }],
    ['xml root', { format: 'xml', xmlRoot: 'Lead_1' }, { xmlRoot: 'Lead_1' }],
    [
      'partial behavior merges over the defaults',
      { behavior: { error: 'continue_retry_later' } },
      { behavior: { success: 'stop', failure: 'continue', error: 'continue_retry_later' } },
    ],
    [
      'error statuses, "503" written as text',
      { errorStatuses: [500, '4xx', '503'] },
      { errorStatuses: [500, '4xx', 503] },
    ],
    ['no error statuses', { errorStatuses: [] }, { errorStatuses: [] }],
    [
      'limits at their bounds',
      { timeoutMs: 120_000, concurrency: 1000, maxResponseBytes: 1 },
      { timeoutMs: 120_000, concurrency: 1000, maxResponseBytes: 1 },
    ],
    ['rate limit', { rateLimit: { max: 5, perMs: 1000 } }, { rateLimit: { max: 5, perMs: 1000 } }],
    [
      'auto-pause',
      { pauseAfterConsecutiveErrors: 3, pauseCooldownMs: 500 },
      { pauseAfterConsecutiveErrors: 3, pauseCooldownMs: 500 },
    ],
    [
      'classic retry',
      { retry: { preset: 'classic' } },
      { retry: expect.objectContaining({ maxAttempts: 10_081 }) as never },
    ],
    [
      'continue when exhausted',
      { onRetriesExhausted: 'continue' },
      { onRetriesExhausted: 'continue' },
    ],
  ];

  test.each(valid)('valid: %s', (_name, overrides, expected) => {
    const { value, issues } = validate(overrides);
    expect(issues).toEqual([]);
    expect(value).toMatchObject(expected);
  });

  const BEHAVIOR_ONE_OF = 'must be one of continue, continue_retry_later, stop, stop_retry_later';
  const invalid: [string, Record<string, unknown>, string[]][] = [
    [
      'missing id and url',
      { id: undefined, url: undefined },
      ['d.id: is required', 'd.url: is required'],
    ],
    [
      'id with a colon',
      { id: 'acme:1' },
      ['d.id: must be 1 to 64 characters from A-Z, a-z, 0-9, _ and -'],
    ],
    ['bad method', { method: 'PUT' }, ['d.method: must be one of POST, GET']],
    ['lower-case method', { method: 'post' }, ['d.method: must be one of POST, GET']],
    ['bad format', { format: 'soap' }, ['d.format: must be one of form, json, xml, query']],
    [
      'GET with a body format',
      { method: 'GET', format: 'json' },
      ['d.format: must be query for GET requests (a GET request has no body)'],
    ],
    ['bad xmlRoot', { xmlRoot: 'my lead' }, ['d.xmlRoot: is not a valid XML element name']],
    [
      'timeout too long',
      { timeoutMs: 120_001 },
      ['d.timeoutMs: must be an integer from 1 to 120000'],
    ],
    ['timeout zero', { timeoutMs: 0 }, ['d.timeoutMs: must be an integer from 1 to 120000']],
    [
      'concurrency too high',
      { concurrency: 1001 },
      ['d.concurrency: must be an integer from 1 to 1000'],
    ],
    [
      'response cap not an integer',
      { maxResponseBytes: '1MB' },
      ['d.maxResponseBytes: must be an integer from 1 to 10485760'],
    ],
    ['rate limit without perMs', { rateLimit: { max: 5 } }, ['d.rateLimit.perMs: is required']],
    [
      'rate limit typo',
      { rateLimit: { max: 5, per: 1000 } },
      ['d.rateLimit.per: unknown key (did you mean perMs?)', 'd.rateLimit.perMs: is required'],
    ],
    [
      'auto-pause cooldown too short',
      { pauseCooldownMs: 10 },
      ['d.pauseCooldownMs: must be an integer from 100 to 86400000'],
    ],
    ['missing parser', { parser: undefined }, ['d.parser: is required (kind: classic or search)']],
    ['behavior typo', { behavior: { error: 'retry' } }, [`d.behavior.error: ${BEHAVIOR_ONE_OF}`]],
    [
      'behavior unknown outcome',
      { behavior: { sucess: 'stop' } },
      ['d.behavior.sucess: unknown key (did you mean success?)'],
    ],
    [
      'behavior not an object',
      { behavior: 'stop' },
      ['d.behavior: must be an object such as { success: stop, failure: continue }'],
    ],
    [
      'error statuses out of range',
      { errorStatuses: [99, 600, '6xx', 'xx', 500.5] },
      [0, 1, 2, 3, 4].map(
        (i) =>
          `d.errorStatuses[${i}]: must be a status code from 100 to 599 or a class from "1xx" to "5xx"`,
      ),
    ],
    [
      'error statuses not a list',
      { errorStatuses: '5xx' },
      ['d.errorStatuses: must be a list of status codes and classes such as "5xx"'],
    ],
    [
      'bad onRetriesExhausted',
      { onRetriesExhausted: 'retry' },
      ['d.onRetriesExhausted: must be one of stop, continue'],
    ],
    [
      'bad retry',
      { retry: { delayMs: -1 } },
      ['d.retry.delayMs: must be an integer from 1 to 2147483647'],
    ],
    ['unknown key', { timeout: 5000 }, ['d.timeout: unknown key (did you mean timeoutMs?)']],
    ['bad url', { url: 'ftp://x.example' }, ['d.url: must be an absolute http or https URL']],
    ['empty url', { url: '' }, ['d.url: must be an absolute http or https URL']],
    [
      'bad header',
      { headers: { 'Bad Header': 'x' } },
      ['d.headers.Bad Header: is not a valid HTTP header name'],
    ],
    [
      'body of the wrong kind',
      { body: '#{raw}' },
      ['d.body: must be a field map for format form (template strings need json or xml)'],
    ],
  ];

  test.each(invalid)('invalid: %s', (_name, overrides, expected) => {
    expect(lines(overrides)).toEqual(expected);
  });

  test('parser issues come from the parsing module at the parser path', () => {
    const issues = lines({ parser: { kind: 'classic', validPattern: '(a)(b)' } });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^d\.parser\.validPattern: /);
  });

  test('a destination that is not an object', () => {
    const { issues } = collect((c) => validateDestination(c, 'acme', ['d']));
    expect(issues).toEqual([{ path: 'd', message: 'must be an object' }]);
  });
});
