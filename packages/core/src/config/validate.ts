import { ConfigError, formatPath } from '../errors.js';
import { substituteEnv } from './env.js';
import { validateDestination } from './destination.js';
import { validateFieldRules } from './fields.js';
import {
  IssueCollector,
  checkKeys,
  checkUnique,
  isRawObject,
  own,
  readId,
  readInteger,
  readRequiredList,
  readString,
  type Path,
  type RawObject,
} from './issues.js';
import type { CampaignConfig, CampaignsFile, SourceConfig } from './types.js';

/** Shortest API key accepted, in characters. */
export const MIN_API_KEY_LENGTH = 16;

/**
 * Validates the parsed contents of `CAMPAIGNS_FILE` (YAML or JSON, already parsed) and returns
 * it fully defaulted and deeply frozen.
 *
 * First `${VAR}` references in string values are replaced from `env` (`$${` is a literal
 * `${`); then every rule is checked: ids (1 to 64 of A-Z a-z 0-9 _ -, unique: campaigns
 * globally, destinations within their campaign, sources), sources naming existing campaigns
 * with unique API keys of at least {@link MIN_API_KEY_LENGTH} characters, field rules,
 * destinations (see `validateDestination`), `deliveredWhen` (default 1, at most the number of
 * destinations), and no unknown keys anywhere. Null values count as absent. References fill in
 * text only: a numeric setting written as `${VAR}` is a string, hence an issue.
 *
 * @throws ConfigError listing every issue found, each with its exact path
 *   (`campaigns[0].destinations[1].behavior.error: must be one of …`).
 */
export function validateCampaignsFile(
  raw: unknown,
  env: Readonly<Record<string, string | undefined>>,
): CampaignsFile {
  const substitution = substituteEnv(raw, env);
  const issues = new IssueCollector(substitution.issues);
  const root = substitution.value;
  if (!isRawObject(root)) {
    issues.add([], 'must be an object with sources and campaigns');
    throw new ConfigError(issues.issues);
  }
  checkKeys(issues, root, ['sources', 'campaigns'], []);

  const rawCampaigns = readRequiredList(issues, root, 'campaigns', [], {
    emptyMessage: 'must list at least one campaign',
  });
  const campaignIds = new Set(
    rawCampaigns.map((campaign) => (isRawObject(campaign) ? own(campaign, 'id') : undefined)),
  );

  const sources = readRequiredList(issues, root, 'sources', []).map((source, index) =>
    validateSource(issues, source, ['sources', index], campaignIds),
  );
  checkUnique(issues, idEntries(sources, ['sources']), () => 'duplicate source id');
  checkUnique(
    issues,
    sources.map((source, index) => ({ value: source.apiKey, path: ['sources', index, 'apiKey'] })),
    (first) => `is the same as ${formatPath(first)} (every source needs its own key)`,
  );

  const campaigns = rawCampaigns.map((campaign, index) =>
    validateCampaign(issues, campaign, ['campaigns', index]),
  );
  checkUnique(issues, idEntries(campaigns, ['campaigns']), () => 'duplicate campaign id');

  if (issues.issues.length > 0) throw new ConfigError(issues.issues);
  return deepFreeze({ sources, campaigns });
}

function validateSource(
  issues: IssueCollector,
  raw: unknown,
  path: Path,
  campaignIds: ReadonlySet<unknown>,
): SourceConfig {
  if (!isRawObject(raw)) {
    issues.add(path, 'must be an object with id, apiKey and campaigns');
    return { id: '', apiKey: '', campaigns: [] };
  }
  checkKeys(issues, raw, ['id', 'apiKey', 'campaigns'], path);

  const id = readId(issues, raw, 'id', path);
  const apiKey = readString(issues, raw, 'apiKey', path);
  if (typeof own(raw, 'apiKey') === 'string') {
    if (apiKey.length < MIN_API_KEY_LENGTH) {
      issues.add([...path, 'apiKey'], `must be at least ${MIN_API_KEY_LENGTH} characters`);
    } else if (apiKey.trim() !== apiKey) {
      issues.add([...path, 'apiKey'], 'must not start or end with whitespace');
    }
  }

  const listed = readRequiredList(issues, raw, 'campaigns', path, {
    hint: 'the campaign ids this source may post to',
    emptyMessage: 'must list at least one campaign id',
  });
  const campaigns: string[] = [];
  listed.forEach((campaignId, index) => {
    const at = [...path, 'campaigns', index];
    if (typeof campaignId !== 'string') issues.add(at, 'must be a campaign id');
    else if (!campaignIds.has(campaignId)) issues.add(at, `names no campaign ("${campaignId}")`);
    else if (campaigns.includes(campaignId)) issues.add(at, `lists "${campaignId}" twice`);
    else campaigns.push(campaignId);
  });
  return { id, apiKey, campaigns };
}

function validateCampaign(issues: IssueCollector, raw: unknown, path: Path): CampaignConfig {
  if (!isRawObject(raw)) {
    issues.add(path, 'must be an object with id and destinations');
    return { id: '', fields: [], deliveredWhen: 1, destinations: [] };
  }
  checkKeys(issues, raw, ['id', 'fields', 'deliveredWhen', 'destinations'], path);

  const id = readId(issues, raw, 'id', path);
  const fields = validateFieldRules(issues, own(raw, 'fields'), [...path, 'fields']);

  const destinations = readRequiredList(issues, raw, 'destinations', path, {
    emptyMessage: 'must list at least one destination',
  }).map((destination, index) =>
    validateDestination(issues, destination, [...path, 'destinations', index]),
  );
  checkUnique(
    issues,
    idEntries(destinations, [...path, 'destinations']),
    () => 'duplicate destination id in this campaign',
  );

  const deliveredWhen = readInteger(issues, raw, 'deliveredWhen', path, { min: 1, fallback: 1 });
  if (destinations.length > 0 && deliveredWhen > destinations.length) {
    issues.add(
      [...path, 'deliveredWhen'],
      `must be at most ${destinations.length}, the number of destinations`,
    );
  }
  return { id, fields, deliveredWhen, destinations };
}

function idEntries(items: readonly { id: string }[], path: Path): { value: string; path: Path }[] {
  return items.map((item, index) => ({ value: item.id, path: [...path, index, 'id'] }));
}

function deepFreeze<T>(value: T, seen = new WeakSet<object>()): T {
  if (typeof value === 'object' && value !== null && !seen.has(value)) {
    seen.add(value);
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item, seen);
  }
  return value;
}
