import { loadCatalog, loadSettings } from '@leadrelay/runtime';

/** Validates settings and CAMPAIGNS_FILE; prints a one-line summary per campaign. */
export async function runCheckConfig(out: { write(s: string): void }): Promise<number> {
  const settings = loadSettings();
  const catalog = await loadCatalog(settings.campaignsFile);
  for (const campaign of catalog.file.campaigns) {
    out.write(`campaign ${campaign.id}: ${campaign.destinations.map((d) => d.id).join(' → ')}\n`);
  }
  out.write(
    `ok: ${catalog.file.sources.length} sources, ${catalog.file.campaigns.length} campaigns\n`,
  );
  return 0;
}
