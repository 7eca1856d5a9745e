import cloudAudit from './cloud-audit.js';
import cloudDeployV2 from './cloud-deploy-v2.js';
import cloudDestroy from './cloud-destroy.js';
import cloudInit from './cloud-init.js';
import cloudPolicy from './cloud-policy.js';
import cloudRecoverSession from './cloud-recover-session.js';
import cloudStatus from './cloud-status.js';
import cloudUploadCredentials from './cloud-upload-credentials.js';
import type { Command } from './command.js';

/** Every slash command, in one list shared by registration, routing and tests. */
export const commands: readonly Command[] = [cloudInit, cloudRecoverSession, cloudUploadCredentials, cloudStatus, cloudDeployV2, cloudDestroy, cloudPolicy, cloudAudit];
