import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface CostLine {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /**
   * Self time by package (`bullmq`, `ioredis`, `pino`, `leadrelay/worker`, GC …), native and
   * Node-internal frames counted for the package of their nearest library or leadrelay caller.
   */
  byPackage: CostLine[];
  /** Self time by function; a native or Node-internal frame with its nearest caller. */
  topSelf: CostLine[];
  /** Inclusive time of leadrelay's own functions (callees included). */
  topLeadrelayInclusive: CostLine[];
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const own = url.search(/\/(apps|packages)\/[^/]+\/dist\//);
  if (own >= 0) return url.slice(own + 1).replace('/dist/', '/');
  return url.replace(/^file:\/\//, '');
}

function packageOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) {
    const parts = url.slice('node:'.length).split('/');
    return `node:${parts.slice(0, parts[0] === 'internal' ? 2 : 1).join('/')}`;
  }
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? '?');
  }
  const own = /\/(apps|packages)\/([^/]+)\//.exec(url);
  return own ? `leadrelay/${own[2]}` : shortUrl(url);
}

function frameName(frame: ProfileNode['callFrame']): string {
  const name = frame.functionName || '(anonymous)';
  return frame.url ? `${name} ${shortUrl(frame.url)}:${frame.lineNumber + 1}` : name;
}

function top(map: Map<string, number>, totalMs: number, count: number): CostLine[] {
  return [...map]
    .map(([name, ms]) => ({ name, ms, share: ms / totalMs }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count);
}

/** Reads a V8 `.cpuprofile` and ranks where the time went. */
export function summarizeProfile(file: string, count = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const self = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalUs = 0;
  const isUserland = (frame: ProfileNode['callFrame']) =>
    frame.url !== '' && !frame.url.startsWith('node:');
  const userlandOwner = (node: ProfileNode): ProfileNode => {
    if (isUserland(node.callFrame) || node.callFrame.functionName.startsWith('(')) return node;
    for (let id = parent.get(node.id); id !== undefined; id = parent.get(id)) {
      const caller = byId.get(id);
      if (caller && isUserland(caller.callFrame)) return caller;
    }
    return node;
  };
  profile.samples.forEach((nodeId, index) => {
    const deltaUs = profile.timeDeltas[index] ?? 0;
    const node = byId.get(nodeId);
    if (!node || node.callFrame.functionName === '(idle)') return;
    totalUs += deltaUs;
    // Native and Node-internal frames (socket and file writes, Buffer copies, the http agent)
    // are charged to their nearest library or leadrelay caller, so the cost of a write shows
    // up as ioredis, pino or got rather than as Node's own.
    const owner = userlandOwner(node);
    const name =
      owner === node
        ? frameName(node.callFrame)
        : `${frameName(node.callFrame)} <- ${frameName(owner.callFrame)}`;
    self.set(name, (self.get(name) ?? 0) + deltaUs);
    const pkg = packageOf(owner.callFrame);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + deltaUs);
    // Each leadrelay function on the stack once, however deep the recursion.
    const seen = new Set<string>();
    for (let id: number | undefined = nodeId; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)?.callFrame;
      if (!frame || !packageOf(frame).startsWith('leadrelay/')) continue;
      const key = frameName(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + deltaUs);
    }
  });
  const toMs = (map: Map<string, number>) =>
    new Map([...map].map(([key, us]) => [key, us / 1000] as const));
  const totalMs = totalUs / 1000;
  return {
    totalMs,
    byPackage: top(toMs(byPackage), totalMs, count),
    topSelf: top(toMs(self), totalMs, count),
    topLeadrelayInclusive: top(toMs(inclusive), totalMs, count),
  };
}
