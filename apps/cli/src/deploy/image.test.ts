import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import { dockerfileStages, imageRuntime, REPO, repoFile } from './test-support/deployment.js';

// No Docker engine here: the Dockerfile is checked as text, and what it runs is run directly.
describe('Dockerfile', () => {
  const stages = dockerfileStages();
  const [build, runtime] = [stages[0], stages.at(-1)];
  const root = JSON.parse(repoFile('package.json')) as { workspaces: string[] };

  test('two stages: a build stage and a runtime stage copying only its output', () => {
    expect(stages).toHaveLength(2);
    expect(build?.name).toBe('build');
    const copies = runtime?.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    // From the build stage: package.json, production node_modules and the compiled /out
    // (package.json, dist and bin per workspace); from the context, only the samples.
    expect(copies).toEqual([
      '--from=build /app/package.json ./',
      '--from=build /app/node_modules node_modules',
      '--from=build /out ./',
      'samples samples',
    ]);
    const runs = runtime?.instructions.filter((i) => i.keyword === 'RUN') ?? [];
    expect(runs).toEqual([]);
    expect(build?.instructions.map((i) => i.args).join('\n')).toMatch(/npm prune --omit=dev/);
  });

  test('the dependency layer copies every workspace manifest (so npm ci sees them all)', () => {
    const copied = build?.instructions
      .filter((i) => i.keyword === 'COPY' && /package\.json \S+\/$/.test(i.args))
      .map((i) => posix.dirname(i.args.split(' ')[0] as string));
    expect(copied?.sort()).toEqual([...root.workspaces].sort());
  });

  test('runs as a numeric non-root user, with NODE_ENV=production', () => {
    const { user, env } = imageRuntime();
    expect(user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(env).toContain('NODE_ENV=production');
  });

  test('the ENTRYPOINT is the `leadrelay` bin, and runs the CLI', () => {
    const { entrypoint } = imageRuntime();
    const cli = JSON.parse(repoFile('apps/cli/package.json')) as { bin: { leadrelay: string } };
    expect(entrypoint).toEqual(['node', posix.join('apps/cli', cli.bin.leadrelay)]);
    expect(existsSync(`${REPO}${entrypoint[1]}`)).toBe(true);
    // What `docker run leadrelay help` runs, minus the container.
    const usage = execFileSync(process.execPath, [`${REPO}${entrypoint[1]}`, 'help'], {
      encoding: 'utf8',
    });
    expect(usage).toMatch(/^roles/m);
  });

  test('.dockerignore keeps local builds, dependencies, history and .env files out', () => {
    const ignored = repoFile('.dockerignore').split('\n');
    for (const entry of ['node_modules', '**/dist', '.git', '**/*.tsbuildinfo', '**/.env*']) {
      expect(ignored).toContain(entry);
    }
  });
});
