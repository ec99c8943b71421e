/**
 * The answers a source receives, in JSON or in LeadConduit Classic's XML shape
 * (`<response><result>…</result><reason>…</reason><leadId>…</leadId></response>`).
 */
export type SourceAnswer =
  | { outcome: 'queued'; lead: { id: string } }
  | { outcome: 'failure'; reasons: string[]; lead?: { id: string } }
  | { outcome: 'error'; reasons: string[] };

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

/** Renders an answer as Classic XML. */
export function toClassicXml(answer: SourceAnswer): string {
  const parts = [`<result>${answer.outcome}</result>`];
  if (answer.outcome !== 'queued') {
    for (const reason of answer.reasons) parts.push(`<reason>${escapeXml(reason)}</reason>`);
  }
  if ('lead' in answer && answer.lead) parts.push(`<leadId>${escapeXml(answer.lead.id)}</leadId>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<response>${parts.join('')}</response>\n`;
}

/** True when the client asked for XML (and did not prefer JSON). */
export function wantsXml(accept: string | undefined): boolean {
  if (!accept) return false;
  const lower = accept.toLowerCase();
  const xml = Math.max(lower.indexOf('application/xml'), lower.indexOf('text/xml'));
  if (xml < 0) return false;
  const json = lower.indexOf('application/json');
  return json < 0 || xml < json;
}
