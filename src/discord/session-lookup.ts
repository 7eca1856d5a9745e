import type { AppContext } from '../context.js';
import { UserFacingError } from '../errors.js';
import type { Session } from '../vault/session.js';

const HOW_TO_GET_ONE = 'Start one with `/cloud-init`, or get yours back after a restart with `/cloud-recover-session`.';

/**
 * The caller's live session in this guild: the one for `projectId` if given, else the only one.
 * Sessions are per user, so a teammate's session is never picked up.
 */
export function requireSession(ctx: AppContext, owner: { guildId: string; userId: string }, projectId?: string | null): Session {
  const sessions = ctx.vault.ownedBy(owner.guildId, owner.userId);
  if (projectId) {
    const wanted = projectId.trim().toLowerCase();
    const session = sessions.find((s) => s.projectId.toLowerCase() === wanted);
    if (!session) throw new UserFacingError(`You have no live session for project \`${wanted.replace(/`/g, '').slice(0, 64)}\`. ${HOW_TO_GET_ONE}`);
    return session;
  }
  if (sessions.length === 0) throw new UserFacingError(`You have no live cloud session in this server. ${HOW_TO_GET_ONE}`);
  if (sessions.length > 1) {
    const ids = sessions.map((s) => `\`${s.projectId}\``).join(', ');
    throw new UserFacingError(`You have sessions for several projects (${ids}); say which with \`project_id\`.`);
  }
  return sessions[0]!;
}

/** Replaces the session in the vault and rewrites its recovery blob, so a restart keeps the change. */
export function updateSession(ctx: AppContext, session: Session): void {
  ctx.recovery.save(session);
  ctx.vault.put(session);
}
