import type { Validation } from '../cloud/providers.js';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * When `/cloud-audit since:` starts: a duration back from now (`30m`, `24h`, `7d`, `2w`) or a date
 * (`2026-12-01`, `2026-12-01T10:00Z`; a date without a zone is UTC).
 */
export function parseSince(text: string, now: number): Validation<number> {
  const trimmed = text.trim();
  const duration = /^(\d{1,4})\s*([mhdw])$/i.exec(trimmed);
  if (duration) return { ok: true, value: now - Number(duration[1]) * UNITS[duration[2]!.toLowerCase()]! };
  if (/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(trimmed)) {
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) || trimmed.length === 10 ? trimmed : `${trimmed}Z`;
    const at = Date.parse(zoned.replace(' ', 'T'));
    if (!Number.isNaN(at)) return { ok: true, value: at };
  }
  return { ok: false, error: `\`since\` must be a duration such as \`24h\` or \`7d\`, or a date such as \`2026-12-01\` (UTC); got \`${trimmed.slice(0, 40).replace(/`/g, '')}\`.` };
}
