import type { CampaignConfig } from '@leadrelay/core';
import type { BuyerSimStats } from '@leadrelay/buyer-sim';
import type { LeadResult } from './demo-client.js';

export interface DemoTotals {
  leads: number;
  delivered: number;
  rejected: number;
  error: number;
  invalid: number;
  pending: number;
  /** Posts the API did not accept at all (401, 503, …): nothing was stored for them. */
  refused: number;
}

interface DestinationRow {
  id: string;
  reached: number;
  attempts: number;
  success: number;
  failure: number;
  error: number;
  topReason: string;
}

export interface DemoSummary {
  totals: DemoTotals;
  destinations: DestinationRow[];
  /** Deliveries a buyer received more than once under the same Idempotency-Key. */
  resends: number;
}

const FINAL_STATUSES = new Set(['delivered', 'rejected', 'error', 'invalid']);

/** Counts final statuses per lead and outcomes per destination. */
export function summarize(
  campaign: CampaignConfig,
  results: LeadResult[],
  stats: BuyerSimStats,
): DemoSummary {
  const totals: DemoTotals = {
    leads: results.length,
    delivered: 0,
    rejected: 0,
    error: 0,
    invalid: 0,
    pending: 0,
    refused: 0,
  };
  for (const result of results) {
    if (result.leadId === null) totals.refused++;
    else if (FINAL_STATUSES.has(result.status)) totals[result.status as keyof DemoTotals]++;
    else totals.pending++;
  }
  const destinations = campaign.destinations.map((destination, index) => {
    const row: DestinationRow = {
      id: destination.id,
      reached: 0,
      attempts: 0,
      success: 0,
      failure: 0,
      error: 0,
      topReason: '',
    };
    const reasons = new Map<string, number>();
    for (const result of results) {
      const state = result.destinations[index];
      if (!state || state.attempts === 0) continue;
      row.reached++;
      row.attempts += state.attempts;
      if (state.outcome === 'success' || state.outcome === 'failure' || state.outcome === 'error')
        row[state.outcome]++;
      if (state.reason) reasons.set(state.reason, (reasons.get(state.reason) ?? 0) + 1);
    }
    row.topReason = [...reasons.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    return row;
  });
  const resends = [...stats.byKey.values()].filter((count) => count > 1).length;
  return { totals, destinations, resends };
}

function table(headers: string[], rows: (string | number)[][]): string {
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)),
  );
  const line = (cells: (string | number)[]) =>
    cells
      .map((c, i) =>
        typeof c === 'number'
          ? String(c).padStart(widths[i] ?? 0)
          : String(c).padEnd(widths[i] ?? 0),
      )
      .join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The human-readable report printed by `npm run demo`. */
export function formatReport(campaign: CampaignConfig, summary: DemoSummary): string {
  const { totals } = summary;
  const statusRows = (
    ['delivered', 'rejected', 'error', 'invalid', 'pending', 'refused'] as const
  ).map((s) => [s, totals[s]]);
  const destinationRows = summary.destinations.map((d) => [
    d.id,
    d.reached,
    d.attempts,
    d.success,
    d.failure,
    d.error,
    d.topReason,
  ]);
  return [
    '',
    `leadrelay demo: ${totals.leads} leads → campaign ${campaign.id} (${campaign.destinations.map((d) => d.id).join(' → ')})`,
    '',
    'Leads by final status',
    table(['status', 'leads'], statusRows),
    '',
    'Outcomes per destination (final outcome of each lead that reached it)',
    table(
      ['destination', 'leads', 'attempts', 'success', 'failure', 'error', 'most common reason'],
      destinationRows,
    ),
    '',
    `Leads a buyer received more than once (retries after an error, same Idempotency-Key): ${summary.resends}`,
    totals.pending === 0 ? 'Every lead is final.' : `${totals.pending} leads are NOT final.`,
    ...(totals.refused === 0
      ? []
      : [`${totals.refused} posts were refused by the API (nothing stored).`]),
    '',
  ].join('\n');
}
