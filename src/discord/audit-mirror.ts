import { Routes, type REST } from 'discord.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { InFlightWork } from '../in-flight-work.js';
import type { Logger } from '../log.js';
import type { PolicyStore } from '../policy/policy-store.js';
import { auditLine } from './audit-embed.js';

/**
 * Posts each audit entry to the server's audit channel when its policy names one: a copy of the trail
 * outside the bot's host. Best effort: a failed post is logged, and the row in SQLite stays the record.
 */
export function mirrorAuditTrail(audit: AuditLog, policies: PolicyStore, rest: REST, inFlight: InFlightWork, log: Logger): void {
  audit.onAppend((entry) => {
    let channelId: string | undefined;
    try {
      channelId = policies.get(entry.guildId).auditChannelId;
    } catch {
      return; // an unreadable policy is reported where it is used
    }
    if (!channelId) return;
    const post = rest.post(Routes.channelMessages(channelId), { body: { content: `🧾 ${auditLine(entry)}`, allowed_mentions: { parse: [] } } });
    inFlight.track(post).catch((err: unknown) => log.warn({ err, seq: entry.seq, channelId }, 'could not mirror an audit entry to the audit channel'));
  });
}
