import { Routes, type REST } from 'discord.js';
import type { Deployment } from '../deploy/deployment-store.js';
import type { Logger } from '../log.js';
import { deploymentSubject } from './deploy-embeds.js';
import { interruptedProgressBody } from './progress-message.js';

/**
 * After a crash, the progress messages of the runs it cut off still say "Deploying" with a Cancel
 * button. Once connected again, each is edited to say the run stopped and how to resume it.
 */
export async function markProgressMessagesInterrupted(rest: REST, deployments: readonly Deployment[], log: Logger): Promise<void> {
  await Promise.all(deployments.map(async ({ id, userId, details }) => {
    if (!details.progressMessage) return;
    const { channelId, messageId } = details.progressMessage;
    const body = interruptedProgressBody(deploymentSubject(details, details), details.operation ?? 'apply', userId);
    try {
      await rest.patch(Routes.channelMessage(channelId, messageId), { body });
    } catch (err) {
      // Deleted, or the channel is gone: the owner still finds the deployment in /cloud-status.
      log.warn({ err, deploymentId: id }, 'could not mark an interrupted progress message');
    }
  }));
}
