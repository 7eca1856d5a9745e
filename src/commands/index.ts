import cloudInit from './cloud-init.js';
import cloudRecoverSession from './cloud-recover-session.js';
import type { Command } from './command.js';

/** Every slash command, in one list shared by registration, routing and tests. */
export const commands: readonly Command[] = [cloudInit, cloudRecoverSession];
