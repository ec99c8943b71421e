import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import {
  compileDestinationRequest,
  compileParser,
  ConfigError,
  validateCampaignsFile,
  type CampaignConfig,
  type CampaignsFile,
  type CompiledParser,
  type CompiledRequest,
  type DestinationConfig,
  type SourceConfig,
} from '@leadrelay/core';
import { deliveryQueueName } from './queues.js';

/** A destination with everything compiled once at start: parser, request template, queue. */
export interface DestinationRuntime {
  campaign: CampaignConfig;
  index: number;
  config: DestinationConfig;
  queueName: string;
  parser: CompiledParser;
  request: CompiledRequest;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** The loaded campaigns file, indexed for the hot paths (ingest, delivery, routing). */
export class Catalog {
  private readonly campaigns = new Map<string, CampaignConfig>();
  private readonly runtimes = new Map<string, DestinationRuntime[]>();
  private readonly sourceDigests: { source: SourceConfig; digest: Buffer }[];

  constructor(readonly file: CampaignsFile) {
    for (const campaign of file.campaigns) {
      this.campaigns.set(campaign.id, campaign);
      this.runtimes.set(
        campaign.id,
        campaign.destinations.map((config, index) => ({
          campaign,
          index,
          config,
          queueName: deliveryQueueName(campaign.id, config.id),
          parser: compileParser(config.parser),
          request: compileDestinationRequest(config),
        })),
      );
    }
    this.sourceDigests = file.sources.map((source) => ({ source, digest: digest(source.apiKey) }));
  }

  campaign(campaignId: string): CampaignConfig | undefined {
    return this.campaigns.get(campaignId);
  }

  destination(campaignId: string, index: number): DestinationRuntime | undefined {
    return this.runtimes.get(campaignId)?.[index];
  }

  /** Every destination of every campaign, in file order. */
  destinations(): DestinationRuntime[] {
    return [...this.runtimes.values()].flat();
  }

  /**
   * Destinations matching a `WORKER_DESTINATIONS` value: `*`, or a comma list whose entries
   * are a destination id (in any campaign) or `campaign.destination`. An entry matching
   * nothing is an error, so a typo never leaves a buyer without a worker silently.
   */
  select(filter: string): DestinationRuntime[] {
    const all = this.destinations();
    if (filter.trim() === '*' || filter.trim() === '') return all;
    const entries = filter
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const unknown = entries.filter(
      (entry) =>
        !all.some((d) => d.config.id === entry || `${d.campaign.id}.${d.config.id}` === entry),
    );
    if (unknown.length > 0) {
      throw new ConfigError(
        unknown.map((entry) => ({
          path: 'WORKER_DESTINATIONS',
          message: `"${entry}" names no destination (use an id or campaign.destination)`,
        })),
      );
    }
    return all.filter((d) =>
      entries.some((entry) => d.config.id === entry || `${d.campaign.id}.${d.config.id}` === entry),
    );
  }

  /** The source owning `apiKey`, compared in constant time against every configured key. */
  authenticate(apiKey: string): SourceConfig | undefined {
    const candidate = digest(apiKey);
    let found: SourceConfig | undefined;
    for (const entry of this.sourceDigests) {
      if (timingSafeEqual(candidate, entry.digest)) found = entry.source;
    }
    return found;
  }
}

/** Reads, parses (YAML or JSON) and validates a campaigns file; errors name the exact path. */
export async function loadCatalog(
  path: string,
  env: Record<string, string | undefined> = process.env,
): Promise<Catalog> {
  if (!path) {
    throw new ConfigError([
      { path: 'CAMPAIGNS_FILE', message: 'is not set (path of the campaigns YAML or JSON file)' },
    ]);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError([
      { path: 'CAMPAIGNS_FILE', message: `cannot read ${path}: ${(error as Error).message}` },
    ]);
  }
  let raw: unknown;
  try {
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError([
      { path: path, message: `not valid YAML/JSON: ${(error as Error).message}` },
    ]);
  }
  return new Catalog(validateCampaignsFile(raw, env));
}
