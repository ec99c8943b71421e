import type { ConfigIssue } from '../../errors.js';
import { ConfigError } from '../../errors.js';
import { IssueCollector } from '../issues.js';

/** A classic parser config that the parsing module accepts. */
export const PARSER = {
  kind: 'classic',
  validPattern: '<result>(.*)</result>',
  successPattern: '^success$',
};

/** The environment the fixtures' `${VAR}` references resolve against. */
export const ENV: Record<string, string | undefined> = {
  SOURCE_WEB_FORMS_KEY: 'wf-0123456789abcdef',
  ACME_KEY: 'acme-secret',
};

/** A minimal valid destination (raw), with overrides. */
export function rawDestination(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'acme', url: 'https://buyer.example/leads', parser: { ...PARSER }, ...overrides };
}

/** A minimal valid campaigns file (raw): one source, one campaign, one destination. */
export function rawFile(): {
  sources: Record<string, unknown>[];
  campaigns: Record<string, unknown>[];
} {
  return {
    sources: [{ id: 'web-forms', apiKey: '${SOURCE_WEB_FORMS_KEY}', campaigns: ['solar-us'] }],
    campaigns: [
      {
        id: 'solar-us',
        fields: [{ name: 'email', type: 'email', required: true }],
        destinations: [rawDestination()],
      },
    ],
  };
}

/** Runs a validator step and returns what it produced plus the issues it recorded. */
export function collect<T>(run: (issues: IssueCollector) => T): {
  value: T;
  issues: ConfigIssue[];
} {
  const issues = new IssueCollector();
  const value = run(issues);
  return { value, issues: issues.issues };
}

/** The issues a ConfigError carries, as `path: message` lines; fails if nothing is thrown. */
export function issueLines(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}
