import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const minimal = { DISCORD_TOKEN: 'token-value-123', DISCORD_CLIENT_ID: '123456789012345678' };

describe('loadConfig', () => {
  it('fills in the documented defaults', () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({
      databasePath: './data/chatops.db',
      sessionTtlMs: 30 * 60_000,
      logLevel: 'info',
      recoverySecret: undefined,
      discord: { guildId: undefined, apiUrl: undefined, attachmentHosts: ['cdn.discordapp.com', 'media.discordapp.net'] },
      terraform: { bin: 'terraform', progressEditIntervalMs: 1500, allowHostCredentials: false },
    });
  });

  it('bounds sessions, runs and workspace retention, with defaults, and names a bad bound or a short previous secret', () => {
    expect(loadConfig(minimal)).toMatchObject({
      maxSessionsPerUser: 5, recoverySecretPrevious: undefined, terraform: { maxConcurrentRuns: 4, workspaceRetentionMs: 7 * 86_400_000 },
    });
    expect(loadConfig({ ...minimal, MAX_SESSIONS_PER_USER: '2', MAX_CONCURRENT_RUNS: '1', WORKSPACE_RETENTION_DAYS: '0.5', RECOVERY_SECRET_PREVIOUS: 'p'.repeat(32) })).toMatchObject({
      maxSessionsPerUser: 2, recoverySecretPrevious: 'p'.repeat(32), terraform: { maxConcurrentRuns: 1, workspaceRetentionMs: 12 * 3_600_000 },
    });
    const error = (() => {
      try {
        loadConfig({ ...minimal, MAX_SESSIONS_PER_USER: '0', MAX_CONCURRENT_RUNS: 'many', WORKSPACE_RETENTION_DAYS: '-1', RECOVERY_SECRET_PREVIOUS: 'short' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error?.problems.map((p) => p.split(':')[0])).toEqual(['RECOVERY_SECRET_PREVIOUS', 'MAX_SESSIONS_PER_USER', 'MAX_CONCURRENT_RUNS', 'WORKSPACE_RETENTION_DAYS']);
    expect(error?.message).not.toContain('short');
  });

  it('names every bad variable at once, without echoing values', () => {
    const env = { DISCORD_CLIENT_ID: 'nope', RECOVERY_SECRET: 'hunter2', SESSION_TTL_MINUTES: '0', DISCORD_API_URL: 'ftp://x' };
    const error = (() => {
      try {
        loadConfig(env);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(problems.sort()).toEqual(['DISCORD_API_URL', 'DISCORD_CLIENT_ID', 'DISCORD_TOKEN', 'RECOVERY_SECRET', 'SESSION_TTL_MINUTES']);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it.each([
    ['empty, as copied from .env.example', { DISCORD_TOKEN: '', DISCORD_CLIENT_ID: '' }],
    ['missing', {}],
  ])('says the Discord token and client ID are required when they are %s', (_, env) => {
    const problems = (() => {
      try {
        loadConfig(env);
      } catch (e) {
        return (e as ConfigError).problems;
      }
    })();
    expect(problems).toEqual([
      expect.stringMatching(/^DISCORD_TOKEN: is required/),
      expect.stringMatching(/^DISCORD_CLIENT_ID: is required/),
    ]);
  });

  it('still names a malformed client ID as such', () => {
    expect(() => loadConfig({ ...minimal, DISCORD_CLIENT_ID: '12ab' })).toThrow(/DISCORD_CLIENT_ID: must be a Discord ID \(17-20 digits\)/);
  });

  it('lets only PATH, TF_* and proxy variables through to terraform (not HOME: each run gets its own)', () => {
    const config = loadConfig({ ...minimal, PATH: '/bin', HOME: '/root', TF_LOG: 'info', HTTPS_PROXY: 'http://p', OPENAI_API_KEY: 'sk-1', AWS_SECRET_ACCESS_KEY: 'x' });
    expect(config.terraform.childEnv).toEqual({ PATH: '/bin', TF_LOG: 'info', HTTPS_PROXY: 'http://p' });
  });

  it('uses the host identity only when ALLOW_HOST_CREDENTIALS is exactly true', () => {
    expect(loadConfig({ ...minimal, ALLOW_HOST_CREDENTIALS: 'true' }).terraform.allowHostCredentials).toBe(true);
    expect(() => loadConfig({ ...minimal, ALLOW_HOST_CREDENTIALS: 'yes' })).toThrow(/ALLOW_HOST_CREDENTIALS: must be true or false/);
  });

  it('accepts the API host for attachment downloads when DISCORD_API_URL is set', () => {
    expect(loadConfig({ ...minimal, DISCORD_API_URL: 'http://127.0.0.1:4000/api' }).discord.attachmentHosts).toContain('127.0.0.1:4000');
  });
});
