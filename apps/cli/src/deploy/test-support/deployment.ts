import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { validateCampaignsFile } from '@leadrelay/core';
import { dashboardCredentials } from '@leadrelay/dashboard';
import { Catalog, loadSettings, type Settings } from '@leadrelay/runtime';
import { CLI } from '../../test-support/process.js';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../../../../', import.meta.url));

export function repoFile(path: string): string {
  return readFileSync(`${REPO}${path}`, 'utf8');
}

/** The root package.json version: the image tag every manifest must use. */
export const VERSION = (JSON.parse(repoFile('package.json')) as { version: string }).version;

/**
 * The roles `leadrelay` accepts, read from the built CLI's own usage text (the "roles" block),
 * so manifests are checked against what the program really runs.
 */
export function cliRoles(): string[] {
  const usage = execFileSync(process.execPath, [CLI, 'help'], { encoding: 'utf8' });
  const block = /^roles[^\n]*\n([\s\S]*?)\n\S/m.exec(usage)?.[1] ?? '';
  return [...block.matchAll(/^ {2}([a-z][a-z-]*)\s/gm)].map((match) => match[1] as string);
}

export interface DockerStage {
  from: string;
  name: string | undefined;
  instructions: { keyword: string; args: string }[];
}

/** The stages of the Dockerfile, with line continuations joined and comments dropped. */
export function dockerfileStages(text = repoFile('Dockerfile')): DockerStage[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: DockerStage[] = [];
  for (const line of lines) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const [from = '', as, name] = args.split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

/** What the image runs: the final stage's ENTRYPOINT (exec form) and USER. */
export function imageRuntime(): { entrypoint: string[]; user: string; env: string[] } {
  const final = dockerfileStages().at(-1);
  const last = (keyword: string) =>
    final?.instructions.filter((i) => i.keyword === keyword).at(-1)?.args ?? '';
  return {
    entrypoint: JSON.parse(last('ENTRYPOINT') || '[]') as string[],
    user: last('USER'),
    env: final?.instructions.filter((i) => i.keyword === 'ENV').map((i) => i.args) ?? [],
  };
}

/** How a role process loads: its settings, and the catalog from its campaigns file. */
export interface LoadedRole {
  settings: Settings;
  catalog: Catalog;
}

/**
 * Loads settings and the campaigns file exactly as a role process would at startup (every
 * `${VAR}` must be in `env`, WORKER_DESTINATIONS must name real destinations, the dashboard
 * needs its credentials). Throws what the process would die of.
 */
export function loadRole(role: string, env: Record<string, string>, campaigns: string): LoadedRole {
  const settings = loadSettings(env);
  const catalog = new Catalog(validateCampaignsFile(parse(campaigns), env));
  if (role === 'worker' || role === 'all') catalog.select(settings.workerDestinations);
  if (role === 'dashboard') dashboardCredentials(settings);
  return { settings, catalog };
}

/** Names of settings, headers or fields that carry credentials. */
export const SECRET_NAME =
  /pass(word|wd)?([-_]|$)|secret|token|credential|api[-_]?key|(^|[-_])key$|^authorization$/i;

/** A URL with a password in it. */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:[^/@\s]+@/i;

/** A value taken from the environment: `${VAR}` (campaigns file) or `${VAR:-default}` (compose). */
const ENV_REFERENCE = /\$\{[A-Za-z_][A-Za-z0-9_]*(\}|:?-)/;

/**
 * Where a campaigns file (raw, before `${VAR}` substitution) holds a credential itself instead
 * of naming an environment variable: source API keys, credential-like headers and body
 * fields, passwords in URLs.
 */
export function secretsInCampaigns(text: string): string[] {
  const raw = parse(text) as {
    sources?: { id?: string; apiKey?: unknown }[];
    campaigns?: { id?: string; destinations?: Record<string, unknown>[] }[];
  };
  const found: string[] = [];
  for (const source of raw.sources ?? []) {
    if (!/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(String(source.apiKey))) {
      found.push(`sources.${source.id}.apiKey is not a \${VAR} reference`);
    }
  }
  for (const campaign of raw.campaigns ?? []) {
    for (const destination of campaign.destinations ?? []) {
      const where = `campaigns.${campaign.id}.destinations.${String(destination.id)}`;
      if (URL_WITH_PASSWORD.test(String(destination.url)))
        found.push(`${where}.url has a password`);
      for (const part of ['headers', 'body'] as const) {
        const entries = destination[part];
        if (!entries || typeof entries !== 'object') continue;
        for (const [name, value] of Object.entries(entries)) {
          if (SECRET_NAME.test(name) && !ENV_REFERENCE.test(String(value))) {
            found.push(`${where}.${part}.${name} holds a literal credential`);
          }
        }
      }
    }
  }
  return found;
}

/** Where a plain settings map (ConfigMap data, compose environment) holds a credential. */
export function secretsInSettings(entries: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(entries)) {
    if (SECRET_NAME.test(name) && !ENV_REFERENCE.test(value)) found.push(`${name} is a literal`);
    if (URL_WITH_PASSWORD.test(value)) found.push(`${name} holds a URL with a password`);
  }
  return found;
}

/** Whether kubectl is installed; the deployment tests need it and say so when it is not. */
export function requireKubectl(path = process.env.PATH ?? ''): void {
  const found = path.split(':').some((dir) => dir && existsSync(`${dir}/kubectl`));
  if (!found) {
    throw new Error(
      'kubectl is not installed: the deployment tests render k8s/ with `kubectl kustomize` ' +
        '(offline, no cluster needed). Install kubectl (1.27 or later) and run `npm test` again.',
    );
  }
}
