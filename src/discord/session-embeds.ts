import { EmbedBuilder, TimestampStyles, codeBlock, inlineCode, time } from 'discord.js';
import { PROJECT_ID_LABELS, PROVIDER_NAMES } from '../cloud/providers.js';
import type { Deployment, DeploymentState } from '../deploy/deployment-store.js';
import type { DeploymentStatus } from '../recovery/recovery-store.js';
import type { Session } from '../vault/session.js';
import { COLORS } from './embed-style.js';

/** The session ID alone in a code block, a full-width line: copied in one piece on desktop and mobile. */
export function sessionIdField(session: Pick<Session, 'id'>): { name: string; value: string } {
  return { name: 'Session ID', value: codeBlock(session.id) };
}

/** Whole minutes left, rounded up so a live session never shows "0 minutes". */
export function minutesRemaining(session: Session, now: number): number {
  return Math.max(1, Math.ceil((session.expiresAt - now) / 60_000));
}

export function sessionStartedEmbed(session: Session): EmbedBuilder {
  return new EmbedBuilder()
    .setColor(COLORS.info)
    .setTitle('☁️ Cloud session started')
    .setDescription(
      '🔐 Recovery blob saved (encrypted). If the bot restarts, run `/cloud-recover-session` with this session ID to get it back.',
    )
    .addFields(
      sessionIdField(session),
      ...projectFields(session),
      { name: 'Credentials', value: session.credentials ? '✅ Stored encrypted for this session' : 'None yet', inline: true },
      { name: 'Expires', value: `${time(new Date(session.expiresAt), TimestampStyles.RelativeTime)} (${time(new Date(session.expiresAt), TimestampStyles.ShortTime)})`, inline: true },
    );
}

/**
 * `deployments` are the session's own records, which say what became of each one; the recovery blob's
 * `status` names only the last run, and is what is left when no record can be read.
 */
export function sessionRecoveredEmbed(session: Session, deployments: readonly Deployment[], status: DeploymentStatus | null, now: number): EmbedBuilder {
  const embed = new EmbedBuilder()
    .setColor(COLORS.success)
    .setTitle('✅ Session recovered')
    .addFields(
      sessionIdField(session),
      ...projectFields(session),
      { name: 'Time remaining', value: `${minutesRemaining(session, now)} minutes (expires ${time(new Date(session.expiresAt), TimestampStyles.ShortTime)})` },
    );
  const deployment = describeDeployments(deployments) ?? describeDeployment(status);
  if (deployment) embed.addFields(deployment).setColor(deployment.name.startsWith('⚠️') ? COLORS.warning : COLORS.success);
  return embed;
}

function describeDeployments(deployments: readonly Deployment[]): { name: string; value: string } | undefined {
  const named = (list: readonly Deployment[]) => list.map((d) => inlineCode(d.details.name)).join(', ');
  const interrupted = deployments.filter((d) => d.status === 'INTERRUPTED');
  if (interrupted.length > 0) {
    return {
      name: '⚠️ Deployment interrupted',
      value: `${named(interrupted)} stopped before its end (a Cancel, or Terraform cut off). Its workspace and state were kept, so it can be resumed: press **Resume**.`,
    };
  }
  const running = deployments.filter((d) => d.status === 'ACTIVE');
  if (running.length > 0) return { name: '🚀 Deployment running', value: `${named(running)}: Terraform is still at work, and its progress message in the channel is live.` };
  const last = deployments.filter((d) => ENDED[d.status]).sort((a, b) => b.updatedAt - a.updatedAt)[0];
  return last && { name: 'Last deployment', value: `${inlineCode(last.details.name)}: ${ENDED[last.status]}` };
}

const ENDED: Partial<Record<DeploymentState, string>> = { COMPLETED: '✅ Completed', DESTROYED: '🗑️ Torn down', FAILED: '❌ Failed' };

export function sessionAlreadyLiveEmbed(session: Session, now: number): EmbedBuilder {
  return new EmbedBuilder()
    .setColor(COLORS.info)
    .setTitle('ℹ️ Session already active')
    .setDescription('This session is live; nothing needed recovering and nothing was changed.')
    .addFields(
      sessionIdField(session),
      { name: 'Time remaining', value: `${minutesRemaining(session, now)} minutes` },
    );
}

function projectFields(session: Session) {
  return [
    { name: 'Project', value: `${session.projectName}\n${PROJECT_ID_LABELS[session.provider]}: ${inlineCode(session.projectId)}`, inline: true },
    { name: 'Provider / region', value: `${PROVIDER_NAMES[session.provider]}\n${inlineCode(session.region)}`, inline: true },
  ];
}

function describeDeployment(status: DeploymentStatus | null): { name: string; value: string } | undefined {
  switch (status) {
    case 'ACTIVE':
    case 'INTERRUPTED':
      return {
        name: '⚠️ Deployment interrupted',
        value: 'A deployment was running when the bot stopped. Its workspace and state were kept, so it can be resumed.',
      };
    case 'COMPLETED':
      return { name: 'Last deployment', value: '✅ Completed' };
    case 'FAILED':
      return { name: 'Last deployment', value: '❌ Failed' };
    case null:
      return undefined;
  }
}
