import { ConfigError } from '@leadrelay/core';
import { DashboardAuthError } from '@leadrelay/dashboard';
import { SettingsError } from '@leadrelay/runtime';
import { runAudit } from './commands/audit.js';
import { runClassify } from './commands/classify.js';
import { runBuyerSim } from './commands/buyer-sim.js';
import { runCheckConfig } from './commands/check-config.js';
import { runDemo } from './commands/demo.js';
import { runRoles } from './commands/roles.js';

const USAGE = `usage: leadrelay <command> [options]

roles (run until SIGTERM/SIGINT):
  all                 every role in one process (what \`npm start\` runs); Bull Board joins
                      at /admin/queues when DASHBOARD_USER/DASHBOARD_PASSWORD are set
  api                 the ingest API (PORT)
  worker              delivery workers (WORKER_DESTINATIONS: * or a comma list)
  router              the router
  dashboard           Bull Board at /admin/queues (OPS_PORT), behind basic auth
  buyer-sim           simulated buyers for trying leadrelay locally (PORT, default 4100)

tools:
  demo [--json]       run the sample campaign end to end on samples/leads.csv
  classify <cases>    preview how parser configs classify captured responses
  check-config        validate CAMPAIGNS_FILE and the service settings, then exit
  audit               check every lead and open job against the delivery invariants
                      (read-only; exit 1 when anything is broken)

settings come from the environment (REDIS_URL, PORT, LOG_LEVEL, CAMPAIGNS_FILE, …);
see the README's configuration reference.
`;

/** The version in apps/cli/package.json. */
async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const manifest = JSON.parse(
    await readFile(new URL('../package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  return manifest.version;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const out = process.stdout;
  const err = process.stderr;
  if (command === '--version' || command === '-v' || command === 'version') {
    out.write(`leadrelay ${await version()}\n`);
    return 0;
  }
  // `leadrelay <command> --help` explains instead of running (a demo or a role would start).
  if (args.includes('--help') || args.includes('-h')) {
    out.write(USAGE);
    return 0;
  }
  switch (command) {
    case 'all':
      return runRoles('all');
    case 'api':
    case 'worker':
    case 'router':
    case 'dashboard':
      return runRoles([command]);
    case 'buyer-sim':
      return runBuyerSim();
    case 'demo':
      return runDemo(args, out, err);
    case 'classify':
      return runClassify(args, out, err);
    case 'check-config':
      return runCheckConfig(out);
    case 'audit':
      return runAudit(out);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      err.write(`leadrelay: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

// Exit explicitly: a failed start may leave connections or workers that would keep the event
// loop (and a half-started process) alive. stdout/stderr writes are synchronous on pipes and
// files on Linux, so nothing printed is lost.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(
        `leadrelay: configuration invalid:\n${error.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}\n`,
      );
      process.exitCode = 78;
    } else if (error instanceof SettingsError || error instanceof DashboardAuthError) {
      process.stderr.write(`leadrelay: ${error.message}\n`);
      process.exitCode = 78;
    } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      const address = (error as NodeJS.ErrnoException & { port?: number }).port;
      process.stderr.write(
        `leadrelay: port ${address ?? ''} is already in use; set PORT (api) or OPS_PORT (other roles)\n`,
      );
      process.exitCode = 1;
    } else {
      process.stderr.write(`leadrelay: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
    process.exit();
  },
);
