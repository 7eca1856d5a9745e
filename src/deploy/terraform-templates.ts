import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PROVIDERS, excerpt, type Provider, validateProjectId, validateRegion } from '../cloud/providers.js';
import {
  DEFAULT_K8S_NODE_COUNT,
  isSizedKind,
  MAX_K8S_NODE_COUNT,
  RESOURCE_KINDS,
  type ResourceKind,
} from '../cloud/resource-kinds.js';
import { UserFacingError } from '../errors.js';
import { projectPath } from '../paths.js';
import { defaultMachineType, validateMachineType } from './machine-types.js';
import { validateResourceName } from './resource-names.js';

// The deploy flow imports everything about a deployment from here.
export { RESOURCE_KINDS, type ResourceKind, type SizedKind } from '../cloud/resource-kinds.js';
export { defaultResourceName, validateResourceName } from './resource-names.js';
export { defaultMachineType, offeredMachineTypes, validateMachineType } from './machine-types.js';
/** Few enough for every provider's tag limits, and for a Discord option. */
export const MAX_LABELS = 16;
/** Labels every template sets itself; a user's label could only shadow them. */
export const RESERVED_LABELS = ['managed-by', 'name'] as const;

/** The Terraform variable that names the project, subscription or account. */
export const PROJECT_VARIABLES: Record<Provider, string> = { gcp: 'project_id', aws: 'account_id', azure: 'subscription_id' };

/** What the bot asks to deploy, as the user gave it (validated by {@link renderDeploymentFiles}). */
export interface DeploymentInput {
  provider: Provider;
  kind: ResourceKind;
  projectId: string;
  region: string;
  name: string;
  /** One of the pricing catalog's types; defaults to the catalog's default; must be absent for a bucket. */
  machineType?: string;
  /** Kubernetes only; defaults to {@link DEFAULT_K8S_NODE_COUNT}, the count the advisor prices. */
  nodeCount?: number;
  labels?: Record<string, string>;
}

/** A Terraform root module ready to be written into a workspace. */
export interface DeploymentFiles {
  /** File name → content: the template's static `.tf` files and its provider's shared ones, untouched. */
  files: Record<string, string>;
  /** Every user value, for `terraform.tfvars.json`: exactly the variables the template declares. */
  variables: Record<string, unknown>;
}

/** The templates that ship with the bot: TEMPLATES_DIR's default. */
export const BUNDLED_TEMPLATES_DIR = projectPath('templates', 'terraform');

/** The directory of one template, e.g. `templates/terraform/gcp/vm`. */
export function templateDirectory(provider: Provider, kind: ResourceKind, root = BUNDLED_TEMPLATES_DIR): string {
  return join(root, provider, kind);
}

/** The provider block and the project, region and labels variables that every template of a provider shares. */
export function sharedTemplateDirectory(provider: Provider, root = BUNDLED_TEMPLATES_DIR): string {
  return join(root, provider, 'shared');
}

/** The names of the variables a template declares, in the order `renderDeploymentFiles` sets them. */
export function templateVariableNames(provider: Provider, kind: ResourceKind): string[] {
  return [
    PROJECT_VARIABLES[provider],
    'region',
    'name',
    ...(isSizedKind(kind) ? ['machine_type'] : []),
    ...(kind === 'k8s' ? ['node_count'] : []),
    'labels',
  ];
}

/**
 * Validates a deployment request and returns the template's files plus the variables to pass to it.
 * User values only ever reach Terraform as variables: the `.tf` files are static and never edited.
 * Throws {@link UserFacingError} naming every problem with the input.
 */
export function renderDeploymentFiles(input: DeploymentInput, templatesDir = BUNDLED_TEMPLATES_DIR): DeploymentFiles {
  const valid = validateDeploymentInput(input);
  const values: Record<string, unknown> = {
    [PROJECT_VARIABLES[valid.provider]]: valid.projectId,
    region: valid.region,
    name: valid.name,
    machine_type: valid.machineType,
    node_count: valid.nodeCount,
    labels: valid.labels,
  };
  const variables = Object.fromEntries(templateVariableNames(valid.provider, valid.kind).map((key) => [key, values[key]]));
  return { files: { ...loadTemplate(templatesDir, valid.provider, valid.kind) }, variables };
}

const inputSchema = z.object({
  provider: z.enum(PROVIDERS),
  kind: z.enum(RESOURCE_KINDS),
  projectId: z.string(),
  region: z.string(),
  name: z.string(),
  machineType: z.string().optional(),
  nodeCount: z.number().optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

/** A deployment request that passed validation, normalised (trimmed, lowercased where the provider wants it). */
export type ValidDeployment = Omit<DeploymentInput, 'labels'> & { labels: Record<string, string> };

const deploymentSchema = inputSchema.transform((input, ctx): ValidDeployment => {
  const { provider, kind } = input;
  let failed = false;
  const problem = (path: string, error: string) => {
    failed = true;
    ctx.addIssue({ code: 'custom', path: [path], message: error });
  };
  const check = <T>(path: string, result: { ok: true; value: T } | { ok: false; error: string }): T | undefined => {
    if (result.ok) return result.value;
    problem(path, result.error);
    return undefined;
  };

  const projectId = check('projectId', validateProjectId(provider, input.projectId));
  const region = check('region', validateRegion(provider, input.region));
  const name = check('name', validateResourceName(provider, kind, input.name));

  let machineType: string | undefined;
  if (isSizedKind(kind)) {
    machineType = check('machineType', validateMachineType(provider, kind, input.machineType ?? defaultMachineType(provider, kind)));
  } else if (input.machineType !== undefined && input.machineType.trim() !== '') {
    problem('machineType', 'A bucket has no machine type; leave `machine_type` out.');
  }

  let nodeCount: number | undefined;
  if (kind === 'k8s') {
    nodeCount = input.nodeCount ?? DEFAULT_K8S_NODE_COUNT;
    if (!Number.isInteger(nodeCount)) problem('nodeCount', `The node count must be a whole number; got ${nodeCount}.`);
    else if (nodeCount < 1 || nodeCount > MAX_K8S_NODE_COUNT) {
      problem('nodeCount', `A cluster has 1 to ${MAX_K8S_NODE_COUNT} nodes; you asked for ${nodeCount}.`);
    }
  } else if (input.nodeCount !== undefined) {
    problem('nodeCount', '`node_count` applies to Kubernetes clusters only.');
  }

  const labels = input.labels ?? {};
  for (const error of labelProblems(labels)) problem('labels', error);

  if (failed || projectId === undefined || region === undefined || name === undefined) return z.NEVER;
  return { provider, kind, projectId, region, name, machineType, nodeCount, labels };
});

/** Checks and normalises a deployment request; throws {@link UserFacingError} listing every problem. */
export function validateDeploymentInput(input: DeploymentInput): ValidDeployment {
  const result = deploymentSchema.safeParse(input);
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) =>
    issue.code === 'custom' ? issue.message : `\`${issue.path.join('.')}\`: ${issue.message}`,
  );
  throw new UserFacingError(messages.length === 1 ? messages[0]! : messages.map((m) => `• ${m}`).join('\n'));
}

// Lowest common denominator of GCP label rules, AWS tags and Azure tags, so one set works everywhere.
const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

function labelProblems(labels: Record<string, string>): string[] {
  const problems: string[] = [];
  const keys = Object.keys(labels);
  if (keys.length > MAX_LABELS) problems.push(`At most ${MAX_LABELS} labels; got ${keys.length}.`);
  for (const key of keys) {
    if ((RESERVED_LABELS as readonly string[]).includes(key)) {
      problems.push(`The label \`${key}\` is set by the bot itself; choose another key.`);
    } else if (!LABEL_KEY.test(key)) {
      problems.push(`The label key \`${excerpt(key)}\` must be 1-63 lowercase letters, digits, \`_\` or \`-\`, starting with a letter.`);
    } else if (!LABEL_VALUE.test(labels[key]!)) {
      problems.push(`The value of label \`${key}\` may only hold up to 63 lowercase letters, digits, \`_\` or \`-\`.`);
    }
  }
  return problems;
}

const templateCache = new Map<string, Readonly<Record<string, string>>>();

/** A template's `.tf` files by name, its provider's shared files included, read once per process. */
function loadTemplate(root: string, provider: Provider, kind: ResourceKind): Readonly<Record<string, string>> {
  const key = templateDirectory(provider, kind, root);
  let files = templateCache.get(key);
  if (!files) {
    const { shared, own } = readTemplate(root, provider, kind);
    const clash = Object.keys(own).find((file) => file in shared);
    if (clash) throw new Error(`${key}/${clash} would overwrite the shared file of the same name`);
    files = Object.freeze({ ...shared, ...own });
    templateCache.set(key, files);
  }
  return files;
}

/** The `.tf` files of a template and of its provider's shared directory, by file name. */
export function readTemplate(root: string, provider: Provider, kind: ResourceKind): { shared: Record<string, string>; own: Record<string, string> } {
  return { shared: readTerraformFiles(sharedTemplateDirectory(provider, root)), own: readTerraformFiles(templateDirectory(provider, kind, root)) };
}

function readTerraformFiles(dir: string): Record<string, string> {
  const names = readdirSync(dir).filter((file) => file.endsWith('.tf')).sort();
  if (names.length === 0) throw new Error(`no .tf files in ${dir}`);
  return Object.fromEntries(names.map((file) => [file, readFileSync(join(dir, file), 'utf8')]));
}
