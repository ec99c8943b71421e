/**
 * The error registry of @leadrelay/core. Every error the core raises has a stable code
 * (`LR_<AREA>_<WHAT>`); callers branch on the code, never on message text. HTTP statuses are
 * assigned at the API edge, not here.
 */
export const ERROR_CODES = {
  LR_CONFIG_INVALID: 'campaign configuration is invalid',
  LR_CONFIG_PATTERN: 'a pattern or path in the configuration is not usable',
  LR_LEAD_INVALID: 'lead failed acceptance criteria',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One problem found in configuration, located by its exact path (`campaigns[0].id`). */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** Thrown when configuration fails validation; carries every issue found, not just the first. */
export class ConfigError extends Error {
  readonly code: ErrorCode = 'LR_CONFIG_INVALID';

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Formats a path from segments: `['campaigns', 0, 'id']` → `campaigns[0].id`. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}
