/** What a plan says will happen to a resource. `replace` is a destroy and a create. */
export type PlanAction = 'create' | 'update' | 'delete' | 'replace' | 'read' | 'move' | 'import' | 'forget' | 'noop';

/** An operation Terraform performs on one resource during apply; only create/update/delete count. */
export type HookAction = 'create' | 'update' | 'delete' | 'read' | 'other';

export interface DiagnosticEvent {
  severity: 'error' | 'warning';
  summary: string;
  detail: string;
  address?: string;
  /** The resource block a diagnostic points at, when it names no address (Terraform before 1.0). */
  resource?: { type: string; name: string };
}

/**
 * An apply-time operation on one resource. `resourceType` is given when the output states it (JSON);
 * the human output's lines leave it to be derived from the address, only when an operation starts.
 */
export interface HookEvent {
  address: string;
  resourceType?: string;
  action: HookAction;
}

/** One fact read from Terraform's output, whichever format it came in. */
export type ProgressEvent =
  | { kind: 'version'; version: string }
  | { kind: 'planned'; address: string; resourceType: string; action: PlanAction }
  | { kind: 'plan-summary'; add: number; change: number; destroy: number; import: number; forget: number }
  | { kind: 'no-changes' }
  | ({ kind: 'start' | 'progress' | 'complete' | 'errored' } & HookEvent)
  | { kind: 'apply-summary'; operation: 'apply' | 'destroy'; added: number; changed: number; destroyed: number }
  | ({ kind: 'diagnostic' } & DiagnosticEvent)
  | { kind: 'outputs'; values: Record<string, string> }
  | { kind: 'interrupt' };

export type Emit = (event: ProgressEvent) => void;
