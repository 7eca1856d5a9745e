import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { projectPath } from './paths.js';

/** Every setting the bot reads, parsed once at startup. Nothing else reads `process.env`. */
export interface Config {
  discord: {
    token: string;
    clientId: string;
    /** Register commands to this guild only (instant) instead of globally. */
    guildId: string | undefined;
    /** REST base URL, e.g. a proxy or the test suite's fake Discord; `undefined` means Discord's own. */
    apiUrl: string | undefined;
    /** Hosts the bot downloads attachments from: Discord's CDN, plus the API host when it is overridden. */
    attachmentHosts: string[];
  };
  databasePath: string;
  /** Server-side secret for recovery blob keys; `undefined` means "generate one beside the database". */
  recoverySecret: string | undefined;
  /** RECOVERY_SECRET_PREVIOUS: the secret before a rotation; rows sealed under it open and are re-sealed under the current one. */
  recoverySecretPrevious: string | undefined;
  sessionTtlMs: number;
  /** MAX_SESSIONS_PER_USER: live sessions one person may hold at once, across servers. */
  maxSessionsPerUser: number;
  logLevel: LogLevel;
  terraform: {
    bin: string;
    workspaceDir: string;
    /** TEMPLATES_DIR: one `<provider>/<kind>` root module per resource kind, plus `<provider>/shared`. */
    templatesDir: string;
    progressEditIntervalMs: number;
    /**
     * The only variables a terraform child inherits from the bot's environment (PATH, TF_*, proxies; never HOME);
     * the bot's own secrets are never among them. Guild credentials are added per run.
     */
    childEnv: Record<string, string>;
    /**
     * Whether a session without credentials may deploy on the host's own identity (the cloud metadata
     * service of the machine the bot runs on). Off by default: any server manager could use it.
     */
    allowHostCredentials: boolean;
    /** MAX_CONCURRENT_RUNS: Terraform runs (plans and applies) at once on this host; more wait in line. */
    maxConcurrentRuns: number;
    /** WORKSPACE_RETENTION_DAYS: how long the workspace of a destroyed deployment is kept before it is removed. */
    workspaceRetentionMs: number;
  };
  openai: {
    apiKey: string | undefined;
    baseUrl: string | undefined;
    model: string;
    timeoutMs: number;
  };
  lattePriceUsd: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Thrown with every problem at once, so the operator fixes the environment in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord ID (17-20 digits)');
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
/** Empty, as copied from .env.example, is missing: "is required", not a complaint about the format. */
const required = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);

const envSchema = z.object({
  DISCORD_TOKEN: z.string().min(1, 'is required (the bot token from the Discord developer portal)'),
  DISCORD_CLIENT_ID: required(snowflake),
  DISCORD_GUILD_ID: optional(snowflake),
  DISCORD_API_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  DATABASE_PATH: z.string().min(1).default('./data/chatops.db'),
  RECOVERY_SECRET: optional(
    z.string().refine((s) => Buffer.byteLength(s, 'utf8') >= 32, 'must be at least 32 bytes (e.g. `openssl rand -base64 32`)'),
  ),
  RECOVERY_SECRET_PREVIOUS: optional(
    z.string().refine((s) => Buffer.byteLength(s, 'utf8') >= 32, 'must be at least 32 bytes (the RECOVERY_SECRET used before)'),
  ),
  MAX_SESSIONS_PER_USER: z.coerce.number().int('must be a whole number').min(1).max(100).default(5),
  MAX_CONCURRENT_RUNS: z.coerce.number().int('must be a whole number').min(1).max(64).default(4),
  WORKSPACE_RETENTION_DAYS: z.coerce.number().min(0, 'must be 0 or more days').max(3650).default(7),
  SESSION_TTL_MINUTES: z.coerce.number().positive('must be a positive number of minutes').max(24 * 60).default(30),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  TERRAFORM_BIN: z.string().min(1).default('terraform'),
  WORKSPACE_DIR: z.string().min(1).default('./data/workspaces'),
  ALLOW_HOST_CREDENTIALS: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  TEMPLATES_DIR: optional(z.string()),
  PROGRESS_EDIT_INTERVAL_MS: z.coerce.number().int().min(250).max(60_000).default(1500),
  OPENAI_API_KEY: optional(z.string().min(1)),
  OPENAI_BASE_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(6000),
  LATTE_PRICE_USD: z.coerce.number().positive().max(100).default(3.6),
});

/** Reads `./.env` when there is one (variables already set win over it), then parses the environment. */
export function loadConfigFromEnvironment(): Config {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return loadConfig(process.env);
}

/** Parses the environment; throws {@link ConfigError} naming each bad variable (never its value). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${describeIssue(issue)}`));
  }
  const e = parsed.data;
  return {
    discord: {
      token: e.DISCORD_TOKEN,
      clientId: e.DISCORD_CLIENT_ID,
      guildId: e.DISCORD_GUILD_ID,
      apiUrl: e.DISCORD_API_URL,
      attachmentHosts: [...DISCORD_CDN_HOSTS, ...(e.DISCORD_API_URL ? [new URL(e.DISCORD_API_URL).host] : [])],
    },
    databasePath: e.DATABASE_PATH,
    recoverySecret: e.RECOVERY_SECRET,
    recoverySecretPrevious: e.RECOVERY_SECRET_PREVIOUS,
    maxSessionsPerUser: e.MAX_SESSIONS_PER_USER,
    sessionTtlMs: Math.round(e.SESSION_TTL_MINUTES * 60_000),
    logLevel: e.LOG_LEVEL,
    terraform: {
      bin: e.TERRAFORM_BIN,
      workspaceDir: e.WORKSPACE_DIR,
      templatesDir: resolve(e.TEMPLATES_DIR ?? projectPath('templates', 'terraform')),
      progressEditIntervalMs: e.PROGRESS_EDIT_INTERVAL_MS,
      childEnv: pickChildEnv(env),
      allowHostCredentials: e.ALLOW_HOST_CREDENTIALS === 'true',
      maxConcurrentRuns: e.MAX_CONCURRENT_RUNS,
      workspaceRetentionMs: Math.round(e.WORKSPACE_RETENTION_DAYS * 24 * 60 * 60_000),
    },
    openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL, timeoutMs: e.OPENAI_TIMEOUT_MS },
    lattePriceUsd: e.LATTE_PRICE_USD,
  };
}

/** Only where the data lives and its secret: for offline tools (`npm run audit:verify`) that need no Discord token. */
export function loadStorageConfig(env: NodeJS.ProcessEnv = process.env): Pick<Config, 'databasePath' | 'recoverySecret' | 'recoverySecretPrevious'> {
  if (env === process.env && existsSync('.env')) process.loadEnvFile('.env');
  const parsed = envSchema.pick({ DATABASE_PATH: true, RECOVERY_SECRET: true, RECOVERY_SECRET_PREVIOUS: true }).safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${describeIssue(issue)}`));
  return { databasePath: parsed.data.DATABASE_PATH, recoverySecret: parsed.data.RECOVERY_SECRET, recoverySecretPrevious: parsed.data.RECOVERY_SECRET_PREVIOUS };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
    return 'is required (copy .env.example to .env and fill it in)';
  }
  return issue.message;
}

const DISCORD_CDN_HOSTS = ['cdn.discordapp.com', 'media.discordapp.net'];
const CHILD_ENV_NAMES = new Set(['PATH', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ', 'SSL_CERT_FILE', 'SSL_CERT_DIR']);
const PROXY_NAMES = new Set(['http_proxy', 'https_proxy', 'no_proxy']);

function pickChildEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (CHILD_ENV_NAMES.has(name) || PROXY_NAMES.has(name.toLowerCase()) || name.startsWith('TF_')) picked[name] = value;
  }
  return picked;
}
