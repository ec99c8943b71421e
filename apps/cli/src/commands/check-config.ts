import { loadCatalog, loadSettings } from '@leadrelay/runtime';
import { preflight } from '../preflight.js';
import { ROLES } from '../stack.js';

/** Validates settings, CAMPAIGNS_FILE and how they fit together; prints a line per campaign. */
export async function runCheckConfig(out: { write(s: string): void }): Promise<number> {
  const settings = loadSettings();
  const catalog = await loadCatalog(settings.campaignsFile);
  preflight(settings, catalog, ROLES);
  for (const campaign of catalog.file.campaigns) {
    out.write(`campaign ${campaign.id}: ${campaign.destinations.map((d) => d.id).join(' → ')}\n`);
  }
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const { sources, campaigns } = catalog.file;
  out.write(`ok: ${count(sources.length, 'source')}, ${count(campaigns.length, 'campaign')}\n`);
  return 0;
}
