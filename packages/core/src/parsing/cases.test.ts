import { readFileSync } from 'node:fs';
import type { Outcome, StatusMatcher } from '../config/types.js';
import { compileParser, validateParserConfig } from './index.js';

interface FixtureCase {
  id: string;
  parser: unknown;
  errorStatuses?: StatusMatcher[];
  response: { status: number; headers: Record<string, string>; body: string };
  expect: {
    outcome?: Outcome;
    reason?: string | null;
    reasonMatches?: string;
    configError?: boolean;
  };
}

const fixture = JSON.parse(
  readFileSync(new URL('../../test-fixtures/response-parsing.json', import.meta.url), 'utf8'),
) as { cases: FixtureCase[] };

const NOW_MS = Date.UTC(2025, 0, 1);

describe('response-parsing test vectors', () => {
  test('the fixture holds the 44 shared cases', () => {
    expect(fixture.cases).toHaveLength(44);
  });

  test.each(fixture.cases.map((item) => [item.id, item] as const))('%s', (_id, item) => {
    const { config, issues } = validateParserConfig(item.parser, 'parser');
    if (item.expect.configError === true) {
      expect(issues.length).toBeGreaterThan(0);
      return;
    }
    expect(issues).toEqual([]);
    if (config === undefined) throw new Error('validated config missing');

    const result = compileParser(config).classify(item.response, {
      errorStatuses: item.errorStatuses ?? [408, 429, '5xx'],
      maxResponseBytes: 1024 * 1024,
      nowMs: NOW_MS,
    });

    if (item.expect.outcome !== undefined) expect(result.outcome).toBe(item.expect.outcome);
    if ('reason' in item.expect) expect(result.reason).toBe(item.expect.reason ?? null);
    if (item.expect.reasonMatches !== undefined) {
      expect(result.reason).toMatch(new RegExp(item.expect.reasonMatches));
    }
    if (result.outcome === 'success') expect(result.reason).toBeNull();
    else expect(result.reason).toEqual(expect.stringMatching(/\S/));
  });
});
