import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { REPO, requireKubectl } from './deployment.js';

/** One rendered Kubernetes object, as plain data. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** Renders `k8s/overlays/<overlay>` with `kubectl kustomize` (offline) into objects. */
export function renderOverlay(overlay: string, path = process.env.PATH): KubeObject[] {
  requireKubectl(path);
  const yaml = execFileSync('kubectl', ['kustomize', `${REPO}k8s/overlays/${overlay}`], {
    encoding: 'utf8',
    env: { ...process.env, PATH: path },
  });
  return parseAllDocuments(yaml).map((doc) => doc.toJS() as KubeObject);
}

interface Validatable {
  validate(): void;
}

/** Schemas for every kind leadrelay's manifests use: Kubernetes, and KEDA's ScaledObject. */
const MODELS: Record<string, new () => Validatable> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

/**
 * Copies `value` with every object wrapped so that reading a property is recorded. The schema
 * validators read each property their schema defines (and iterate maps), so an own property
 * nobody read is one the schema does not know: a typo such as `readinesProbe`, which the API
 * server's strict field validation would reject.
 */
function track(
  value: unknown,
  path: string,
  seen: { path: string; keys: string[]; read: Set<string> }[],
): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item, i) => track(item, `${path}[${i}]`, seen));
  const read = new Set<string>();
  const copy = Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, track(item, `${path}.${key}`, seen)]),
  );
  seen.push({ path, keys: Object.keys(copy), read });
  return new Proxy(copy, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

/**
 * Validates one object against its schema. Returns the problems: schema errors, fields the
 * schema does not define, or a kind with no schema at all.
 */
export function schemaProblems(object: KubeObject): string[] {
  const where = `${object.kind}/${object.metadata?.name}`;
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) return [`${where}: no schema for ${object.apiVersion} ${object.kind}`];
  const seen: { path: string; keys: string[]; read: Set<string> }[] = [];
  const model = new Model() as Validatable & Record<string, unknown>;
  for (const [key, value] of Object.entries(object)) model[key] = track(value, key, seen);
  try {
    model.validate();
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
  return seen.flatMap(({ path, keys, read }) =>
    keys.filter((key) => !read.has(key)).map((key) => `${where}: unknown field ${path}.${key}`),
  );
}

/** A workload's pod template, for Deployments and StatefulSets. */
export function podSpec(object: KubeObject): IPodSpec | undefined {
  if (object.kind !== 'Deployment' && object.kind !== 'StatefulSet') return undefined;
  return (object as unknown as { spec: { template: { spec: IPodSpec } } }).spec.template.spec;
}

/** Every workload with its containers. */
export function workloads(objects: KubeObject[]) {
  return objects.flatMap((object) => {
    const pod = podSpec(object);
    return pod ? [{ object, pod, containers: pod.containers as IContainer[] }] : [];
  });
}

export function byKind(objects: KubeObject[], kind: string): KubeObject[] {
  return objects.filter((object) => object.kind === kind);
}

export function named(objects: KubeObject[], kind: string, name: string): KubeObject | undefined {
  return objects.find((object) => object.kind === kind && object.metadata.name === name);
}

/** Data of a ConfigMap or Secret (Secret data decoded from base64). */
export function dataOf(object: KubeObject): Record<string, string> {
  if (object.kind === 'Secret') {
    const data = (object.data ?? {}) as Record<string, string>;
    const decoded = Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]);
    return {
      ...Object.fromEntries(decoded),
      ...((object.stringData ?? {}) as Record<string, string>),
    };
  }
  return (object.data ?? {}) as Record<string, string>;
}

/** Secrets the cluster must already have: `name → keys`, from `kubectl create secret` docs. */
export type ExternalSecrets = Map<string, Set<string>>;

/**
 * The Secrets an overlay documents for the operator to create, read from the
 * `kubectl create secret generic <name> --from-literal=<key>=…` lines of its comments.
 */
export function documentedSecrets(kustomization: string): ExternalSecrets {
  const comments = kustomization
    .split('\n')
    .filter((line) => line.trimStart().startsWith('#'))
    .map((line) => line.replace(/^\s*#/, ''))
    .join('\n');
  const secrets: ExternalSecrets = new Map();
  for (const block of comments.split('kubectl create secret generic ').slice(1)) {
    const name = /^([a-z0-9-]+)/.exec(block)?.[1];
    if (!name) continue;
    const keys = [...block.matchAll(/--from-literal=([A-Za-z0-9_.-]+)=/g)].map(
      (m) => m[1] as string,
    );
    secrets.set(name, new Set(keys));
  }
  return secrets;
}

/** Stands in for a value only the cluster has (long enough for an API key). */
export const EXTERNAL_VALUE = 'value-from-an-external-secret';

/** The stand-in for one variable: shaped like the real thing where settings check the shape. */
function externalValueFor(name: string): string {
  return name === 'REDIS_URL' ? 'rediss://user:secret@external-redis:6380' : EXTERNAL_VALUE;
}

/**
 * The environment a container starts with: literals, ConfigMap and Secret references resolved
 * against the rendered objects, Secrets the overlay does not render taken from `external`
 * (with a stand-in value). Problems are references that would stop the pod from starting.
 */
export function containerEnv(
  container: IContainer,
  objects: KubeObject[],
  external: ExternalSecrets,
): { env: Record<string, string>; problems: string[] } {
  const env: Record<string, string> = {};
  const problems: string[] = [];
  const source = (kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> | null => {
    const rendered = named(objects, kind, name);
    if (rendered) return dataOf(rendered);
    const keys = kind === 'Secret' ? external.get(name) : undefined;
    return keys ? Object.fromEntries([...keys].map((key) => [key, EXTERNAL_VALUE])) : null;
  };
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const data = ref?.name ? source(from.configMapRef ? 'ConfigMap' : 'Secret', ref.name) : null;
    if (data) Object.assign(env, data);
    else if (!ref?.optional) problems.push(`envFrom ${ref?.name}: not rendered nor documented`);
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) {
      env[variable.name] = variable.value;
      continue;
    }
    const ref = variable.valueFrom?.secretKeyRef ?? variable.valueFrom?.configMapKeyRef;
    const kind = variable.valueFrom?.secretKeyRef ? 'Secret' : 'ConfigMap';
    const value = ref?.name ? source(kind, ref.name)?.[ref.key] : undefined;
    // An optional key the operator may leave out: the process must start without it.
    if (value !== undefined && !(ref?.optional && value === EXTERNAL_VALUE)) {
      env[variable.name] = value === EXTERNAL_VALUE ? externalValueFor(variable.name) : value;
    } else if (!ref?.optional) {
      problems.push(`${variable.name}: ${kind} ${ref?.name} key ${ref?.key} not found`);
    }
  }
  return { env, problems };
}
