import { z } from 'zod';
import { parseJson } from '../../json.js';
import { resourceTypeOf } from './address.js';
import type { Emit, HookAction, PlanAction } from './events.js';

// Terraform's machine-readable UI (internal/command/views/json in hashicorp/terraform; OpenTofu keeps it).
// Unknown message types and fields are ignored, as the format's compatibility promise expects of readers.
const resource = z.object({ addr: z.string(), resource_type: z.string().optional() });
const hook = z.object({ resource, action: z.string() });
const counts = z.object({
  add: z.number().int().nonnegative().default(0),
  change: z.number().int().nonnegative().default(0),
  remove: z.number().int().nonnegative().default(0),
  import: z.number().int().nonnegative().default(0),
  forget: z.number().int().nonnegative().default(0),
  operation: z.enum(['plan', 'apply', 'destroy']),
});

/** Terraform outputs by name, as both the `outputs` UI message and `terraform output -json` give them. */
export const outputsSchema = z.record(z.string(), z.object({ sensitive: z.boolean().default(false), value: z.unknown().optional() }));

const message = z.discriminatedUnion('type', [
  z.object({ type: z.literal('version'), terraform: z.string() }),
  z.object({ type: z.literal('planned_change'), change: z.object({ resource, action: z.string() }) }),
  z.object({ type: z.literal('change_summary'), changes: counts }),
  z.object({ type: z.enum(['apply_start', 'apply_complete', 'apply_errored']), hook }),
  z.object({
    type: z.literal('diagnostic'),
    diagnostic: z.object({ severity: z.string(), summary: z.string(), detail: z.string().default(''), address: z.string().optional() }),
  }),
  z.object({ type: z.literal('outputs'), outputs: outputsSchema }),
  z.object({ type: z.literal('log'), '@message': z.string() }),
]);
type Message = z.infer<typeof message>;

/** Types that carry nothing the progress model needs; skipped before the costly parse. */
const IGNORED = new Set(['apply_progress', 'refresh_start', 'refresh_complete', 'resource_drift', 'provision_start', 'provision_progress', 'provision_complete', 'provision_errored']);

const HOOK_ACTIONS: Record<string, HookAction> = { create: 'create', update: 'update', delete: 'delete', read: 'read' };
const PLAN_ACTIONS: Record<string, PlanAction> = {
  create: 'create', update: 'update', delete: 'delete', replace: 'replace', read: 'read', move: 'move', import: 'import', remove: 'forget', noop: 'noop',
};

/** True when a line looks like a JSON UI message rather than human text. */
export function isJsonLine(line: string): boolean {
  return line.charCodeAt(0) === 123 && line.charCodeAt(line.length - 1) === 125; // { ... }
}

/** Reads one line of `-json` output; returns false when it is not a JSON UI message. */
export function parseJsonLine(line: string, emit: Emit): boolean {
  const type = messageType(line);
  if (type !== undefined && IGNORED.has(type)) return true;
  const value = parseJson(line);
  if (typeof value !== 'object' || value === null || !('type' in value)) return false;
  const parsed = message.safeParse(value);
  if (parsed.success) emitMessage(parsed.data, emit);
  return true;
}

function emitMessage(m: Message, emit: Emit): void {
  switch (m.type) {
    case 'version':
      return emit({ kind: 'version', version: m.terraform });
    case 'planned_change': {
      const { addr, resource_type } = m.change.resource;
      return emit({ kind: 'planned', address: addr, resourceType: resource_type ?? resourceTypeOf(addr), action: PLAN_ACTIONS[m.change.action] ?? 'noop' });
    }
    case 'change_summary': {
      const c = m.changes;
      if (c.operation === 'plan') {
        if (c.add + c.change + c.remove === 0) emit({ kind: 'no-changes' });
        return emit({ kind: 'plan-summary', add: c.add, change: c.change, destroy: c.remove, import: c.import, forget: c.forget });
      }
      return emit({ kind: 'apply-summary', operation: c.operation, added: c.add, changed: c.change, destroyed: c.remove });
    }
    case 'apply_start':
    case 'apply_complete':
    case 'apply_errored': {
      const { addr, resource_type } = m.hook.resource;
      const kind = m.type === 'apply_start' ? 'start' : m.type === 'apply_complete' ? 'complete' : 'errored';
      return emit({ kind, address: addr, ...(resource_type ? { resourceType: resource_type } : {}), action: HOOK_ACTIONS[m.hook.action] ?? 'other' });
    }
    case 'diagnostic': {
      const d = m.diagnostic;
      return emit({ kind: 'diagnostic', severity: d.severity === 'warning' ? 'warning' : 'error', summary: d.summary, detail: d.detail, ...(d.address ? { address: d.address } : {}) });
    }
    case 'outputs':
      return emit({ kind: 'outputs', values: displayOutputs(m.outputs) });
    case 'log':
      if (m['@message'].startsWith('Interrupt received')) emit({ kind: 'interrupt' });
  }
}

/**
 * The message's `type` without parsing it: Terraform writes keys in sorted order, so the top-level
 * `"type":"..."` is the last one in the line. A miss only costs the full parse.
 */
function messageType(line: string): string | undefined {
  const at = line.lastIndexOf('"type":"');
  if (at === -1) return undefined;
  const start = at + 8;
  const end = line.indexOf('"', start);
  return end === -1 ? undefined : line.slice(start, end);
}

/** Outputs as the user reads them: strings as they are, other values as JSON, sensitive ones never. */
export function displayOutputs(outputs: z.infer<typeof outputsSchema>): Record<string, string> {
  return Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, displayValue(output)]));
}

function displayValue(output: { sensitive: boolean; value?: unknown }): string {
  if (output.sensitive) return '(sensitive)';
  if (output.value === undefined) return '(known after apply)';
  return typeof output.value === 'string' ? output.value : JSON.stringify(output.value);
}
