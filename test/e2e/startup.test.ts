import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.js';
import { stopAllBots } from '../harness/bot-process.js';
import { GOOD_INIT, GUILD, createFakeDiscord, installation, openSession, runCommand, startInstallation, textOf } from '../support/e2e.js';

// First-run checks, against the real bot process: what it says about Terraform, its commands and their scope.
const fake = createFakeDiscord();
const NAMES = commands.map((c) => c.data.name);

const scratch = mkdtempSync(join(tmpdir(), 'chatops-startup-'));
beforeAll(() => fake.start());
afterEach(() => stopAllBots());
afterAll(async () => {
  await fake.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** TERRAFORM_BIN values that cannot work, and what the bot must say about each. */
function unusableTerraforms(): Array<[string, string, RegExp]> {
  const dir = scratch;
  const notExecutable = join(dir, 'terraform-not-executable');
  writeFileSync(notExecutable, '#!/bin/sh\necho nope\n');
  chmodSync(notExecutable, 0o644);
  const notTerraform = join(dir, 'not-terraform');
  writeFileSync(notTerraform, '#!/bin/sh\necho "hello"\n');
  chmodSync(notTerraform, 0o755);
  return [
    ['missing', join(dir, 'no-such-terraform'), /Terraform was not found: `.*no-such-terraform` is not installed or not on PATH/],
    ['not executable', notExecutable, /cannot be run \(permission denied: is it executable\?\)/],
    ['not Terraform', notTerraform, /does not answer `version` like Terraform or OpenTofu; check TERRAFORM_BIN/],
  ];
}

describe('startup', () => {
  it('logs ready with the registered command names, and the Terraform it found', async () => {
    const bot = await startInstallation(fake, installation());
    const ready = bot.logs.find((l) => l.event === 'ready')!;
    expect(ready.commands).toEqual(NAMES);
    expect(ready.msg).toBe(`ready: ${NAMES.map((n) => `/${n}`).join(' ')}`);
    const found = await bot.waitForLog((l) => l.event === 'terraform-found');
    expect(found).toMatchObject({ product: 'terraform', version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  });

  it.each(unusableTerraforms())('with a Terraform that is %s: says what is wrong, serves the other commands, refuses deploys privately', async (_, bin, problem) => {
    const bot = await startInstallation(fake, installation({ TERRAFORM_BIN: bin }));
    const report = await bot.waitForLog((l) => l.event === 'terraform-unusable');
    expect(report.problem).toMatch(problem);
    expect(report.level).toBe(50); // error

    const projectId = GOOD_INIT.project_id;
    await openSession(fake);
    expect(textOf(await runCommand(fake, 'cloud-status'))).toContain(projectId);
    for (const [name, options] of [['cloud-deploy-v2', { project_id: projectId, resource_type: 'bucket' }], ['cloud-destroy', { project_id: projectId }]] as const) {
      const refusal = await runCommand(fake, name, options);
      expect(refusal.ephemeral).toBe(true);
      expect(textOf(refusal)).toMatch(/Terraform cannot run on the bot's host/);
      expect(textOf(refusal)).toMatch(problem);
    }
    expect(bot.child.exitCode).toBeNull();
  });
});

describe('command scope', () => {
  it('moving from global to one guild and back leaves every command registered once', async () => {
    const install = installation();
    const global = await startInstallation(fake, install, { DISCORD_GUILD_ID: '' });
    expect(fake.registeredCommands().map((c) => c.name)).toEqual(NAMES);
    await global.stop();

    const guild = await startInstallation(fake, install);
    expect(fake.registeredCommands(GUILD).map((c) => c.name)).toEqual(NAMES);
    expect(fake.registeredCommands()).toEqual([]);
    expect(guild.logs.find((l) => l.msg === 'slash commands registered')?.cleared).toEqual([{ scope: 'global', count: NAMES.length }]);
    await guild.stop();

    await startInstallation(fake, install, { DISCORD_GUILD_ID: '' });
    expect(fake.registeredCommands().map((c) => c.name)).toEqual(NAMES);
    expect(fake.registeredCommands(GUILD)).toEqual([]);
  });
});
