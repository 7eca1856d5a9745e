import { plannedAddressOf, resourceTypeOf } from './address.js';
import type { DiagnosticEvent, HookAction, HookEvent, PlanAction, ProgressEvent } from './events.js';
import { HumanParser } from './human-parser.js';
import { isJsonLine, parseJsonLine } from './json-parser.js';
import { LineSplitter } from './line-splitter.js';
import { typicalDuration } from './typical-durations.js';

export type Diagnostic = DiagnosticEvent;

export interface PlannedChange {
  address: string;
  resourceType: string;
  action: PlanAction;
}

export interface Operation {
  address: string;
  resourceType: string;
  action: Exclude<HookAction, 'read' | 'other'>;
  startedAtMs: number;
  elapsedMs: number;
  /** "may take 5-8 min" for slow resource types. */
  typicalDuration?: string;
}

export interface Failure {
  address: string;
  message: string;
}

/**
 * An operation the output reported that the tracker did not count: an address the plan does not
 * list, or one already counted (Terraform reports each operation once; a second report is not its own).
 */
export interface IgnoredOperation {
  address: string;
  action: HookAction;
  event: 'start' | 'complete' | 'errored';
  reason: 'not-in-plan' | 'already-counted';
}

export interface TrackerOptions {
  now?: () => number;
  /** Told of every operation not counted, e.g. to log it: the tracker itself does no I/O. */
  onIgnored?: (operation: IgnoredOperation) => void;
  /**
   * Count resources, not Terraform's operations: a replacement (a destroy and a create of one address)
   * counts once, when its create completes. A deployment's `(n/n resources)` stays its resources when
   * a resumed run replaces what the interruption left tainted.
   */
  countReplacementOnce?: boolean;
}

export interface ChangeCounts {
  add: number;
  change: number;
  destroy: number;
}

/**
 * Where a Terraform run stands. `total` is the plan's add + change + destroy when a plan was read
 * (a replace is one destroy and one create, or one resource with `countReplacementOnce`), else what the
 * apply has shown so far.
 */
export interface ProgressState {
  phase: 'waiting' | 'planning' | 'planned' | 'applying' | 'complete';
  format: 'json' | 'human' | undefined;
  version: string | undefined;
  total: number;
  /** False until a plan summary or apply summary fixed the total. */
  totalKnown: boolean;
  completed: number;
  failed: number;
  /** 0-100, of completed operations; 100 only when every planned operation completed. */
  percent: number;
  inFlight: Operation[];
  /** The operation started most recently among those still running. */
  current: Operation | undefined;
  elapsedMs: number;
  plannedChanges: PlannedChange[];
  planSummary: (ChangeCounts & { import: number; forget: number }) | undefined;
  applySummary: (ChangeCounts & { operation: 'apply' | 'destroy' }) | undefined;
  noChanges: boolean;
  interrupted: boolean;
  failures: Failure[];
  /** Errors and warnings, in order; a warning never makes a run fail. */
  diagnostics: Diagnostic[];
  /** Operations reported but not counted (see IgnoredOperation). */
  ignored: number;
  outputs: Record<string, string>;
}

const COUNTED: ReadonlySet<HookAction> = new Set(['create', 'update', 'delete']);
/** Diagnostics kept: a runaway provider should not grow memory without bound. */
const MAX_DIAGNOSTICS = 50;

/**
 * The progress model: feed it Terraform's output (plan, then apply) in any chunks, human or `-json`
 * (detected per line), and read the state at any time. Pure: no I/O, time comes from `now`.
 */
export class ProgressTracker {
  readonly #now: () => number;
  readonly #splitter = new LineSplitter((line) => this.writeLine(line));
  readonly #human = new HumanParser((event) => {
    // Warnings on stderr are human text even in a `-json` run: only Terraform's own lines say the format.
    if (event.kind !== 'diagnostic') this.#format ??= 'human';
    this.#apply(event);
  });
  readonly #onEvent = (event: ProgressEvent) => this.#apply(event);
  #startedAt: number | undefined;
  /** A step's output ended; the next line starts another step (the apply after its plan), and its clock. */
  #stepEnded = false;
  #format: ProgressState['format'];
  #version: string | undefined;
  #phase: ProgressState['phase'] = 'waiting';
  #planned: PlannedChange[] = [];
  #planSummary: ProgressState['planSummary'];
  #applySummary: ProgressState['applySummary'];
  #noChanges = false;
  #interrupted = false;
  #completed = 0;
  readonly #inFlight = new Map<string, Omit<Operation, 'elapsedMs'>>();
  readonly #failures = new Map<string, Failure>();
  readonly #diagnostics: Diagnostic[] = [];
  #outputs: Record<string, string> = {};
  #changes = 0;
  #carriedOver = 0;
  #ignored = 0;
  readonly #onIgnored: (operation: IgnoredOperation) => void;
  readonly #finished: Pick<Operation, 'address' | 'action'>[] = [];
  /**
   * By address, as action bits: the operations the plan lists and, shifted by COUNTED_SHIFT, those
   * counted (done or failed: each counts once). One map, kept as the plan is read, so an apply's line
   * costs one lookup of its address (not one per map, nor a rebuild when the apply starts).
   */
  readonly #operations = new Map<string, number>();
  /** The operations the plan lists in all (a replace is two). */
  #listedOperations = 0;
  /** Whether the plan lists every operation it counts (as last worked out): until then none is refused as not in it. */
  #listedAll = false;
  #listedAllStale = false;
  readonly #countReplacementOnce: boolean;
  /** Addresses the plan replaces. */
  readonly #replaced = new Set<string>();

  constructor(options: TrackerOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#onIgnored = options.onIgnored ?? (() => undefined);
    this.#countReplacementOnce = options.countReplacementOnce ?? false;
  }

  /**
   * Counts operations an earlier, interrupted run already completed in both total and completed, so a
   * resumed deployment shows its real progress rather than starting from zero.
   */
  carryOver(operations: number): void {
    this.#carriedOver += operations;
    this.#completed += operations;
    this.#changes++;
  }

  /**
   * The plan's counts, for an apply whose plan output this tracker did not read (one followed again
   * from its log after a restart): the total is known before the apply's own summary, which a failed
   * or cut-off apply never prints.
   */
  knowPlan(summary: ChangeCounts): void {
    if (this.#planSummary) return;
    this.#planSummary = { ...summary, import: 0, forget: 0 };
    this.#listedAllStale = true;
    this.#changes++;
  }

  /** Every operation Terraform reported as done, in order: what exists now, even after a failed apply. */
  finishedOperations(): readonly Pick<Operation, 'address' | 'action'>[] {
    return this.#finished;
  }

  /** Counts every change of state, so callers can skip work when nothing moved. */
  get changes(): number {
    return this.#changes;
  }

  /** Raw output, in chunks that may split lines anywhere. */
  write(chunk: string): void {
    this.#splitter.write(chunk);
  }

  /** One whole line (without its newline), for callers that already split and cleaned lines (LineSplitter). */
  writeLine(line: string): void {
    // Elapsed is the current step's time: an apply's clock does not include the wait for its approval.
    if (this.#startedAt === undefined || this.#stepEnded) this.#startedAt = this.#now();
    this.#stepEnded = false;
    if (isJsonLine(line) && parseJsonLine(line, this.#onEvent)) {
      this.#format ??= 'json';
      return;
    }
    this.#human.line(line);
  }

  /** The output ended (one step finished); a tracker can go on reading the next step's output. */
  end(): void {
    this.#splitter.end();
    this.#human.end();
    this.#stepEnded = true;
  }

  state(): ProgressState {
    const now = this.#now();
    const inFlight = [...this.#inFlight.values()].map((op) => ({ ...op, elapsedMs: now - op.startedAtMs }));
    const { total, totalKnown } = this.#total();
    // Counting only planned operations keeps completed within the total; the cap is the last guard.
    const completed = totalKnown ? Math.min(this.#completed, total) : this.#completed;
    const percent = total === 0 ? (this.#phase === 'complete' ? 100 : 0) : Math.min(100, Math.floor((completed / total) * 100));
    return {
      phase: this.#phase, format: this.#format, version: this.#version, total, totalKnown, completed,
      failed: this.#failures.size, percent, inFlight, current: inFlight.at(-1), elapsedMs: this.#elapsedMs(now),
      plannedChanges: [...this.#planned], planSummary: this.#planSummary, applySummary: this.#applySummary, noChanges: this.#noChanges,
      interrupted: this.#interrupted, failures: [...this.#failures.values()], diagnostics: [...this.#diagnostics], ignored: this.#ignored, outputs: { ...this.#outputs },
    };
  }

  /** The current step's time; none for a plan that has ended and waits for its apply (the apply's clock starts with its first line). */
  #elapsedMs(now: number): number {
    if (this.#startedAt === undefined || (this.#stepEnded && this.#phase === 'planned')) return 0;
    return now - this.#startedAt;
  }

  #total(): { total: number; totalKnown: boolean } {
    const plan = this.#planSummary;
    if (plan) return { total: this.#carriedOver + plan.add + plan.change + plan.destroy - this.#replacements(), totalKnown: true };
    const applied = this.#applySummary;
    if (applied) return { total: this.#carriedOver + applied.add + applied.change + applied.destroy - this.#replacements(), totalKnown: true };
    const replace = this.#countReplacementOnce ? 1 : 2;
    const planned = this.#planned.reduce((sum, c) => sum + (c.action === 'replace' ? replace : c.action === 'create' || c.action === 'update' || c.action === 'delete' ? 1 : 0), 0);
    return { total: Math.max(this.#carriedOver + planned, this.#completed + this.#failures.size + this.#inFlight.size), totalKnown: false };
  }

  #apply(event: ProgressEvent): void {
    this.#changes++;
    switch (event.kind) {
      case 'version':
        this.#version = event.version;
        break;
      case 'planned':
        if (this.#phase === 'waiting') this.#phase = 'planning';
        this.#planned.push({ address: event.address, resourceType: event.resourceType, action: event.action });
        if (event.action === 'replace') this.#replaced.add(plannedAddressOf(event.address));
        this.#listPlanned(event.address, event.action);
        break;
      case 'plan-summary':
        this.#planSummary = { add: event.add, change: event.change, destroy: event.destroy, import: event.import, forget: event.forget };
        this.#listedAllStale = true;
        this.#phase = 'planned';
        break;
      case 'no-changes':
        this.#noChanges = true;
        this.#planSummary ??= { add: 0, change: 0, destroy: 0, import: 0, forget: 0 };
        this.#phase = 'planned';
        break;
      case 'progress':
        // Known already, unless the output was picked up mid-apply.
        if (!COUNTED.has(event.action) || this.#inFlight.has(event.address) || this.#refused(event, undefined)) break;
        this.#startOperation(event);
        break;
      case 'start':
        if (!COUNTED.has(event.action) || this.#refused(event, 'start')) break;
        this.#startOperation(event);
        break;
      case 'complete':
        if (!COUNTED.has(event.action) || this.#refused(event, 'complete')) break;
        this.#markCounted(event);
        this.#inFlight.delete(event.address);
        if (!(event.action === 'delete' && this.#countsOnce(event.address))) this.#completed++;
        this.#finished.push({ address: event.address, action: event.action as Operation['action'] });
        break;
      case 'errored':
        if (!COUNTED.has(event.action) || this.#refused(event, 'errored')) break;
        this.#markCounted(event);
        this.#inFlight.delete(event.address);
        this.#failures.set(event.address, { address: event.address, message: this.#failures.get(event.address)?.message ?? `${event.action} failed` });
        break;
      case 'apply-summary': {
        this.#applySummary = { operation: event.operation, add: event.added, change: event.changed, destroy: event.destroyed };
        // The summary is Terraform's own count: trust it over lines we may have missed.
        this.#completed = Math.max(this.#completed, this.#carriedOver + event.added + event.changed + event.destroyed - this.#replacements());
        this.#inFlight.clear();
        this.#phase = 'complete';
        break;
      }
      case 'diagnostic':
        this.#diagnostic(event);
        break;
      case 'outputs':
        this.#outputs = { ...this.#outputs, ...event.values };
        break;
      case 'interrupt':
        this.#interrupted = true;
        break;
    }
  }

  /**
   * True (and reported) when an operation must not count: its address and action are not in the
   * plan, or it was counted already. Without a complete plan listing (output picked up mid-apply,
   * a plan whose lines were not all read) every address counts, once.
   */
  #refused(event: HookEvent, kind: IgnoredOperation['event'] | undefined): boolean {
    const address = plannedAddressOf(event.address);
    const bit = ACTION_BITS[event.action];
    const operations = this.#operations.get(address) ?? 0;
    const listedAll = this.#planListsAll();
    const reason = (operations >> COUNTED_SHIFT) & bit ? 'already-counted' : listedAll && !(operations & bit) ? 'not-in-plan' : undefined;
    if (!reason) return false;
    // `Still creating...` heartbeats of an ignored operation are not news: its start was reported.
    if (kind) {
      this.#ignored++;
      this.#onIgnored({ address: event.address, action: event.action, event: kind, reason });
    }
    return true;
  }

  /** Replacements counted once (see TrackerOptions): how many, and whether `address` is one. */
  #replacements(): number {
    return this.#countReplacementOnce ? this.#replaced.size : 0;
  }

  #countsOnce(address: string): boolean {
    return this.#countReplacementOnce && this.#replaced.has(plannedAddressOf(address));
  }

  #markCounted(event: HookEvent): void {
    this.#addOperations(plannedAddressOf(event.address), ACTION_BITS[event.action] << COUNTED_SHIFT);
  }

  #listPlanned(address: string, action: PlanAction): void {
    this.#listedAllStale = true;
    const bits = action === 'replace' ? ACTION_BITS.create | ACTION_BITS.delete : action === 'create' || action === 'update' || action === 'delete' ? ACTION_BITS[action] : 0;
    if (bits === 0) return;
    this.#listedOperations += action === 'replace' ? 2 : 1;
    this.#addOperations(address, bits);
  }

  #addOperations(address: string, bits: number): void {
    this.#operations.set(address, (this.#operations.get(address) ?? 0) | bits);
  }

  /** Whether the plan listed every operation it counts: worked out again, once the plan grew or its summary came, when an operation is next checked. */
  #planListsAll(): boolean {
    if (this.#listedAllStale) {
      this.#listedAllStale = false;
      const plan = this.#planSummary;
      this.#listedAll = !plan || this.#listedOperations === plan.add + plan.change + plan.destroy;
    }
    return this.#listedAll;
  }

  #startOperation(event: HookEvent): void {
    this.#phase = 'applying';
    this.#inFlight.delete(event.address); // re-insert so the newest start is last
    const resourceType = event.resourceType ?? resourceTypeOf(event.address);
    const operation: Omit<Operation, 'elapsedMs'> = { address: event.address, resourceType, action: event.action as Operation['action'], startedAtMs: this.#now() };
    const hint = event.action === 'create' ? typicalDuration(resourceType) : undefined;
    if (hint) operation.typicalDuration = hint;
    this.#inFlight.set(event.address, operation);
  }

  #diagnostic(event: Diagnostic): void {
    const blockMatches = event.address || !event.resource ? [] : this.#inFlightOf(event.resource);
    const address = event.address ?? (blockMatches.length === 1 ? blockMatches[0] : undefined);
    if (this.#diagnostics.length < MAX_DIAGNOSTICS) {
      this.#diagnostics.push({ severity: event.severity, summary: event.summary, detail: event.detail, ...(address ? { address } : {}) });
    }
    if (event.severity !== 'error') return;
    if (address) {
      // The human UI reports a failed resource only through its diagnostic; JSON sends apply_errored first.
      const failed = this.#failures.has(address) || this.#inFlight.delete(address);
      if (failed) this.#failures.set(address, { address, message: event.summary });
      return;
    }
    // An error that names no resource (`Error: ...` before 0.15, a diagnostic without `with`, `execution
    // halted`) ends the apply: what was still in flight did not finish. Those of its block, if it names one.
    const unfinished = blockMatches.length > 0 ? blockMatches : [...this.#inFlight.keys()];
    for (const inFlight of unfinished) {
      this.#inFlight.delete(inFlight);
      this.#failures.set(inFlight, { address: inFlight, message: event.summary });
    }
  }

  /** The in-flight resources declared by a `resource "<type>" "<name>"` block. */
  #inFlightOf(block: { type: string; name: string }): string[] {
    const suffix = `${block.type}.${block.name}`;
    return [...this.#inFlight.keys()].filter((address) => {
      const at = address.indexOf(suffix);
      const end = at + suffix.length;
      return at !== -1 && (at === 0 || address[at - 1] === '.') && (end === address.length || address[end] === '[');
    });
  }
}

/** Every operation the plan counted is done, none failed and none runs: a Cancel now has nothing left to stop. */
export function everyChangeMade(state: ProgressState): boolean {
  return state.totalKnown && state.total > 0 && state.completed >= state.total && state.failed === 0 && state.inFlight.length === 0;
}

/** An operation as one bit, so the operations on one address fit in a number (read and other never count). */
const ACTION_BITS: Record<HookAction, number> = { create: 1, update: 2, delete: 4, read: 0, other: 0 };
/** Where the counted operations' bits start in #operations, above the listed ones. */
const COUNTED_SHIFT = 3;
