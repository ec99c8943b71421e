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

/**
 * True when the client prefers XML: the best-weighted of `application/xml` / `text/xml` beats
 * `application/json` (q-values honoured; on a tie the one listed first wins; JSON is the
 * default when neither is named).
 */
export function wantsXml(accept: string | undefined): boolean {
  if (!accept) return false;
  let xml = { q: 0, at: Infinity };
  let json = { q: 0, at: Infinity };
  accept.split(',').forEach((part, at) => {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) return;
    const media = type.trim();
    if ((media === 'application/xml' || media === 'text/xml') && q > xml.q) xml = { q, at };
    if (media === 'application/json' && q > json.q) json = { q, at };
  });
  if (xml.q <= 0) return false;
  return xml.q > json.q || (xml.q === json.q && xml.at < json.at);
}
