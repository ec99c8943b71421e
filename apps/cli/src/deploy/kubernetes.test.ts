import { posix } from 'node:path';
import { parse } from 'yaml';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import {
  cliRoles,
  imageRuntime,
  loadRole,
  repoFile,
  secretsInCampaigns,
  secretsInSettings,
  SECRET_NAME,
  VERSION,
} from './test-support/deployment.js';
import {
  byKind,
  containerEnv,
  dataOf,
  documentedSecrets,
  named,
  renderOverlay,
  schemaProblems,
  workloads,
  type ExternalSecrets,
  type KubeObject,
} from './test-support/manifests.js';

const OVERLAYS = ['dev', 'prod'] as const;
const roles = cliRoles();
const rendered = new Map(OVERLAYS.map((overlay) => [overlay, renderOverlay(overlay)]));
const external: Record<string, ExternalSecrets> = {
  dev: new Map(),
  prod: documentedSecrets(repoFile('k8s/overlays/prod/kustomization.yaml')),
};

/** Containers running the leadrelay image, with their role (the first argument). */
function leadrelayContainers(objects: KubeObject[]) {
  return workloads(objects).flatMap(({ object, pod, containers }) =>
    containers
      .filter((c) => /(^|\/)leadrelay(:|$)/.test(c.image ?? ''))
      .map((container) => ({ object, pod, container, role: container.args?.[0] ?? '' })),
  );
}

/** The port number a probe targets, resolving a named container port. */
function probePort(probe: IProbe | undefined, container: IContainer): number | undefined {
  const port = probe?.httpGet?.port;
  if (typeof port === 'number') return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/** The pause a preStop `sleep N` adds before SIGTERM, in ms. */
function preStopMs(container: IContainer): number {
  const command = container.lifecycle?.preStop?.exec?.command ?? [];
  return command[0] === 'sleep' ? Number(command[1]) * 1000 : 0;
}

/** The campaigns file a container reads: the ConfigMap key mounted at CAMPAIGNS_FILE. */
function campaignsText(
  objects: KubeObject[],
  pod: { volumes?: unknown[] },
  file: string,
  container: IContainer,
) {
  const mount = container.volumeMounts?.find((m) => m.mountPath === posix.dirname(file));
  const volume = (
    pod.volumes as { name: string; configMap?: { name: string } }[] | undefined
  )?.find((v) => v.name === mount?.name);
  const map = volume?.configMap ? named(objects, 'ConfigMap', volume.configMap.name) : undefined;
  return map ? dataOf(map)[posix.basename(file)] : undefined;
}

describe.each(OVERLAYS)('k8s/overlays/%s (kubectl kustomize, offline)', (overlay) => {
  const objects = rendered.get(overlay) as KubeObject[];

  test('every object validates against its Kubernetes or KEDA schema, with no unknown field', () => {
    expect(objects.length).toBeGreaterThan(10);
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  test('every leadrelay container runs the image entrypoint with a role the CLI accepts', () => {
    const containers = leadrelayContainers(objects);
    expect(new Set(containers.map((c) => c.role))).toEqual(
      new Set([
        'api',
        'worker',
        'router',
        'dashboard',
        ...(overlay === 'dev' ? ['buyer-sim'] : []),
      ]),
    );
    for (const { container, role } of containers) {
      expect(roles).toContain(role);
      expect(container.args).toHaveLength(1);
      // No `command`: the image's ENTRYPOINT (`node apps/cli/bin/leadrelay.js`) runs.
      expect(container.command).toBeUndefined();
      expect(container.image).toMatch(
        new RegExp(`(^|/)leadrelay:${VERSION.replace(/\./g, '\\.')}$`),
      );
    }
  });

  test('each role starts with its environment: settings valid, every ${VAR} and Secret there', () => {
    const problems: string[] = [];
    for (const { object, pod, container, role } of leadrelayContainers(objects)) {
      if (role === 'buyer-sim') continue;
      const where = `${object.metadata.name}`;
      const { env, problems: missing } = containerEnv(container, objects, external[overlay]!);
      problems.push(...missing.map((p) => `${where}: ${p}`));
      const text = campaignsText(objects, pod, env.CAMPAIGNS_FILE ?? '', container);
      if (!text) {
        problems.push(`${where}: no campaigns file mounted at ${env.CAMPAIGNS_FILE}`);
        continue;
      }
      try {
        loadRole(role, env, text);
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('liveness on /healthz and readiness on /readyz, on the port the role serves them', () => {
    for (const { object, container, role } of leadrelayContainers(objects)) {
      const { env } = containerEnv(container, objects, external[overlay]!);
      // The api role serves them on PORT; worker, router and dashboard on OPS_PORT; the
      // buyer simulator has /healthz only.
      const port =
        role === 'buyer-sim'
          ? Number(env.PORT)
          : role === 'api'
            ? Number(env.PORT ?? 3000)
            : Number(env.OPS_PORT ?? 9464);
      const context = `${object.metadata.name} (${role})`;
      expect([context, container.livenessProbe?.httpGet?.path]).toEqual([context, '/healthz']);
      expect([context, probePort(container.livenessProbe, container)]).toEqual([context, port]);
      const readiness = role === 'buyer-sim' ? '/healthz' : '/readyz';
      expect([context, container.readinessProbe?.httpGet?.path]).toEqual([context, readiness]);
      expect([context, probePort(container.readinessProbe, container)]).toEqual([context, port]);
    }
    // Every other container (Redis) has both probes too.
    for (const { containers } of workloads(objects)) {
      for (const container of containers) {
        expect([container.name, !!container.livenessProbe, !!container.readinessProbe]).toEqual([
          container.name,
          true,
          true,
        ]);
      }
    }
  });

  test('terminationGracePeriodSeconds exceeds the preStop pause plus SHUTDOWN_TIMEOUT_MS', () => {
    for (const { object, pod, container, role } of leadrelayContainers(objects)) {
      if (role === 'buyer-sim') continue;
      const { env } = containerEnv(container, objects, external[overlay]!);
      const shutdownMs = Number(env.SHUTDOWN_TIMEOUT_MS ?? 25_000);
      const graceMs = (pod.terminationGracePeriodSeconds ?? 30) * 1000;
      expect([object.metadata.name, graceMs > preStopMs(container) + shutdownMs]).toEqual([
        object.metadata.name,
        true,
      ]);
    }
  });

  test('no secret value in a ConfigMap or a plain env value; credentials come from Secrets', () => {
    const found: string[] = [];
    for (const map of byKind(objects, 'ConfigMap')) {
      for (const [key, value] of Object.entries(dataOf(map))) {
        const isCampaigns = /^\s*(sources|campaigns):/m.test(value);
        if (isCampaigns) found.push(...secretsInCampaigns(value).map((p) => `${key}: ${p}`));
        else found.push(...secretsInSettings({ [key]: value }));
      }
    }
    for (const { object, container } of workloads(objects).flatMap((w) =>
      w.containers.map((container) => ({ object: w.object, container })),
    )) {
      for (const variable of container.env ?? []) {
        if (variable.value !== undefined && SECRET_NAME.test(variable.name)) {
          found.push(`${object.metadata.name}: ${variable.name} is a literal`);
        }
      }
      const redisUrl = container.env?.find((v) => v.name === 'REDIS_URL');
      if (redisUrl) expect(redisUrl.valueFrom?.secretKeyRef).toBeDefined();
    }
    expect(found).toEqual([]);
  });

  test('pods run as the image user, non-root, read-only, with requests and limits', () => {
    const [uid] = imageRuntime().user.split(':').map(Number);
    for (const { object, pod, containers } of workloads(objects)) {
      const name = object.metadata.name;
      expect([name, pod.securityContext?.runAsNonRoot]).toEqual([name, true]);
      for (const container of containers) {
        if (/(^|\/)leadrelay(:|$)/.test(container.image ?? '')) {
          expect([name, pod.securityContext?.runAsUser]).toEqual([name, uid]);
        }
        expect([name, container.securityContext?.allowPrivilegeEscalation]).toEqual([name, false]);
        expect([name, container.securityContext?.readOnlyRootFilesystem]).toEqual([name, true]);
        for (const bound of ['requests', 'limits'] as const) {
          expect([name, bound, Object.keys(container.resources?.[bound] ?? {}).sort()]).toEqual([
            name,
            bound,
            ['cpu', 'memory'],
          ]);
        }
      }
    }
  });

  test('Services, disruption budgets and autoscalers point at workloads that exist', () => {
    const pods = workloads(objects).map(({ object }) => ({
      name: object.metadata.name,
      labels: (
        object as unknown as {
          spec: { template: { metadata: { labels: Record<string, string> } } };
        }
      ).spec.template.metadata.labels,
    }));
    const selects = (selector: Record<string, string>) =>
      pods.filter((pod) => Object.entries(selector).every(([k, v]) => pod.labels[k] === v));
    for (const service of byKind(objects, 'Service')) {
      const { selector } = (service as unknown as { spec: { selector: Record<string, string> } })
        .spec;
      expect([service.metadata.name, selects(selector).length]).toEqual([service.metadata.name, 1]);
    }
    for (const budget of byKind(objects, 'PodDisruptionBudget')) {
      const spec = (
        budget as unknown as { spec: { selector: { matchLabels: Record<string, string> } } }
      ).spec;
      expect([budget.metadata.name, selects(spec.selector.matchLabels).length]).toEqual([
        budget.metadata.name,
        1,
      ]);
    }
    for (const scaler of [
      ...byKind(objects, 'HorizontalPodAutoscaler'),
      ...byKind(objects, 'ScaledObject'),
    ]) {
      const target = (scaler as unknown as { spec: { scaleTargetRef: { name: string } } }).spec
        .scaleTargetRef;
      expect(named(objects, 'Deployment', target.name)).toBeDefined();
    }
    // Services for the api and the dashboard.
    expect(named(objects, 'Service', 'leadrelay-api')).toBeDefined();
    expect(named(objects, 'Service', 'leadrelay-dashboard')).toBeDefined();
  });
});

describe('overlay differences', () => {
  const dev = rendered.get('dev') as KubeObject[];
  const prod = rendered.get('prod') as KubeObject[];
  const replicas = (objects: KubeObject[], name: string) =>
    (named(objects, 'Deployment', name)?.spec as { replicas: number }).replicas;

  test('dev runs one Redis StatefulSet with AOF fsynced every second and noeviction', () => {
    const redis = byKind(dev, 'StatefulSet');
    expect(redis.map((r) => r.metadata.name)).toEqual(['leadrelay-redis']);
    const args = (workloads(redis)[0]?.containers[0]?.args ?? []).join(' ');
    expect(args).toMatch(/--appendonly yes/);
    expect(args).toMatch(/--appendfsync everysec/);
    expect(args).toMatch(/--maxmemory-policy noeviction/);
    const url = dataOf(
      byKind(dev, 'Secret').find((s) => /^leadrelay-redis/.test(s.metadata.name))!,
    ).url;
    expect(url).toBe('redis://leadrelay-redis:6379');
    // Development clusters rarely run KEDA: no ScaledObject there.
    expect(byKind(dev, 'ScaledObject')).toEqual([]);
  });

  test('prod: external Redis, no Secret committed, more replicas, KEDA on queue depth', () => {
    expect(byKind(prod, 'Secret')).toEqual([]);
    expect(byKind(prod, 'StatefulSet')).toEqual([]);
    for (const name of ['leadrelay-api', 'leadrelay-worker', 'leadrelay-router']) {
      expect(replicas(prod, name)).toBeGreaterThan(replicas(dev, name));
    }
    // Every Secret prod references is one its kustomization tells the operator to create.
    expect([...external.prod!.keys()].sort()).toEqual(
      ['leadrelay-credentials', 'leadrelay-dashboard', 'leadrelay-redis'].sort(),
    );
    for (const scaler of byKind(prod, 'ScaledObject')) {
      const [trigger] = (
        scaler.spec as { triggers: { type: string; metadata: { query: string } }[] }
      ).triggers;
      expect(trigger?.type).toBe('prometheus');
      expect(trigger?.metadata.query).toMatch(/max by \(queue, state\) \(leadrelay_queue_jobs\{/);
      expect(trigger?.metadata.query).not.toMatch(/delayed/);
    }
  });

  test('prod dedicates a worker to one destination; the general worker excludes nothing', () => {
    const workerEnv = (name: string) =>
      workloads([named(prod, 'Deployment', name)!])[0]?.containers[0]?.env?.find(
        (v) => v.name === 'WORKER_DESTINATIONS',
      )?.value;
    expect(workerEnv('leadrelay-worker')).toBe('*');
    expect(workerEnv('leadrelay-worker-acme')).toBe('solar-us.acme');
    const queries = byKind(prod, 'ScaledObject').map((s) => [
      s.metadata.name,
      (s.spec as { triggers: { metadata: { query: string } }[] }).triggers[0]?.metadata.query,
    ]);
    expect(queries).toEqual([
      ['leadrelay-worker', expect.stringContaining('queue!="{deliver.solar-us.acme}"')],
      ['leadrelay-worker-acme', expect.stringContaining('queue="{deliver.solar-us.acme}"')],
    ]);
  });

  test('the base campaigns file is the sample campaign (kustomize cannot read samples/)', () => {
    expect(parse(repoFile('k8s/base/campaigns.yaml'))).toEqual(
      parse(repoFile('samples/campaigns.yaml')),
    );
  });

  test('without kubectl the tests fail with a message saying what to install', () => {
    expect(() => renderOverlay('dev', '/nonexistent')).toThrow(/kubectl is not installed/);
  });
});
