import { isProvisionerOutput, resourceTypeOf } from './address.js';
import type { Emit, HookAction, PlanAction } from './events.js';

// `<address>: <verb>` lines from internal/command/views/hook_ui.go, by the first character of the verb
// (measured: this table beats a Map by char code and a two-pass lookup on the 1M-line benchmark).
// `Still creating...` matters when the output is read from the middle of an apply (a resumed view).
interface ApplyVerb {
  event: 'start' | 'progress' | 'complete';
  action: HookAction;
}
const APPLY_VERBS: Record<string, Array<[string, ApplyVerb]>> = {
  C: [['Creating...', { event: 'start', action: 'create' }], ['Creation complete after', { event: 'complete', action: 'create' }]],
  M: [['Modifying...', { event: 'start', action: 'update' }], ['Modifications complete after', { event: 'complete', action: 'update' }]],
  D: [['Destroying...', { event: 'start', action: 'delete' }], ['Destruction complete after', { event: 'complete', action: 'delete' }]],
  R: [['Reading...', { event: 'start', action: 'read' }], ['Read complete after', { event: 'complete', action: 'read' }]],
  S: [
    ['Still creating...', { event: 'progress', action: 'create' }],
    ['Still modifying...', { event: 'progress', action: 'update' }],
    ['Still destroying...', { event: 'progress', action: 'delete' }],
    ['Still reading...', { event: 'progress', action: 'read' }],
  ],
};

/**
 * Finds `<address>: <verb>` in a line. The address ends at the first `: ` followed by a verb, so
 * instance keys such as ["a: b"] still parse (unless a key holds a verb itself). A provisioner's
 * output is never Terraform's own line, whatever it says.
 */
function matchApplyLine(line: string): { address: string; verb: ApplyVerb } | undefined {
  for (let at = line.indexOf(': '); at !== -1; at = line.indexOf(': ', at + 2)) {
    const candidates = APPLY_VERBS[line[at + 2] ?? ''];
    if (!candidates) continue;
    for (const [text, verb] of candidates) {
      // Not startsWith(text, at + 2): V8 compares that char by char, twice as slow on the benchmark's lines.
      if (line.slice(at + 2, at + 2 + text.length) !== text) continue;
      // Only a line with ` (` before its verb can be a provisioner's. The common line has no space before
      // its verb's colon, which the first indexOf finds without scanning the rest of the line.
      const provisioner = occursBefore(line, ' ', at) && occursBefore(line, ' (', at) && isProvisionerOutput(line);
      return provisioner ? undefined : { address: line.slice(0, at), verb };
    }
  }
  return undefined;
}

function occursBefore(line: string, text: string, end: number): boolean {
  const at = line.indexOf(text);
  return at !== -1 && at < end;
}

// `  # <address> <what happens>` headings in the plan's diff (internal/command/jsonformat/plan.go).
const PLANNED_SUFFIXES: Array<[string, PlanAction]> = [
  [' will be created', 'create'],
  [' will be destroyed', 'delete'],
  [' will be updated in-place', 'update'],
  [' must be replaced', 'replace'],
  [' will be replaced, as requested', 'replace'],
  [' will be replaced due to changes in replace_triggered_by', 'replace'],
  [' will be read during apply', 'read'],
  [' will be imported', 'import'],
  [' will no longer be managed by Terraform', 'forget'],
];

const COUNT = /(\d+) (to import|to add|to change|to destroy|to forget|imported|added|changed|destroyed|forgotten)/g;
const TOP_LEVEL = /^(?:Error: |Warning: |Plan: |No changes\.|Apply complete! |Destroy complete! |Outputs:$)/;
const BORDERED_HEADING = /^[│|] (?:Error|Warning): /;
const OUTPUT_LINE = /^([A-Za-z_][\w-]*) = (.*)$/;

interface OpenDiagnostic {
  /** The box's left border: `│`, or `|` in output pasted through tools that mangle it; none before 1.0. */
  border: string | undefined;
  severity: 'error' | 'warning';
  summary: string;
  body: string[];
}

/** Diagnostic bodies beyond this many lines are cut: the summary and first lines say what went wrong. */
const MAX_DIAGNOSTIC_LINES = 60;

/**
 * Terraform's human output, one clean line at a time. Stateful only where Terraform's output spans
 * lines: diagnostics (boxed `╷ │ ╵` since 1.0, bare `Error:` before) and the `Outputs:` list.
 */
export class HumanParser {
  #diagnostic: OpenDiagnostic | undefined;
  #outputs: Record<string, string> | undefined;

  constructor(private readonly emit: Emit) {}

  line(line: string): void {
    if (this.#diagnostic && this.#continueDiagnostic(line)) return;
    if (this.#outputs && this.#continueOutputs(line)) return;
    if (line === '') return;
    const first = line.charCodeAt(0);
    if (first >= 97 && first <= 122) this.#applyLine(line); // addresses start with a lowercase letter
    else if (first === 32) this.#indentedLine(line);
    else this.#messageLine(line);
  }

  /** Closes whatever block is open (the output ended). */
  end(): void {
    this.#closeDiagnostic();
    this.#closeOutputs();
  }

  #applyLine(line: string): void {
    const match = matchApplyLine(line);
    if (!match) return;
    const { address, verb } = match;
    this.emit({ kind: verb.event, address, action: verb.action });
  }

  #indentedLine(line: string): void {
    if (!line.startsWith('  # ')) return;
    for (const [suffix, action] of PLANNED_SUFFIXES) {
      const at = line.indexOf(suffix, 4);
      if (at === -1) continue;
      const address = line.slice(4, at);
      this.emit({ kind: 'planned', address, resourceType: resourceTypeOf(address), action });
      return;
    }
  }

  #messageLine(line: string): void {
    if (line === '╷') this.#diagnostic = { border: '│', severity: 'error', summary: '', body: [] };
    else if (line.startsWith('Error: ')) this.#diagnostic = { border: undefined, severity: 'error', summary: line.slice(7), body: [] };
    else if (line.startsWith('Warning: ')) this.#diagnostic = { border: undefined, severity: 'warning', summary: line.slice(9), body: [] };
    else if (BORDERED_HEADING.test(line)) {
      // A box whose opening line was lost: read it from its heading.
      this.#diagnostic = { border: line[0]!, severity: 'error', summary: '', body: [] };
      this.#continueDiagnostic(line);
    }
    else if (line.startsWith('Plan: ')) this.#planSummary(line);
    else if (line.startsWith('No changes.')) this.emit({ kind: 'no-changes' });
    else if (line.startsWith('Apply complete! ')) this.#applySummary('apply', line);
    else if (line.startsWith('Destroy complete! ')) this.#applySummary('destroy', line);
    else if (line === 'Outputs:') this.#outputs = {};
    else if (line === 'Interrupt received.' || line === '^CInterrupt received.') this.emit({ kind: 'interrupt' });
  }

  #planSummary(line: string): void {
    const counts = countsIn(line);
    this.emit({
      kind: 'plan-summary', add: counts['to add'] ?? 0, change: counts['to change'] ?? 0, destroy: counts['to destroy'] ?? 0,
      import: counts['to import'] ?? 0, forget: counts['to forget'] ?? 0,
    });
  }

  #applySummary(operation: 'apply' | 'destroy', line: string): void {
    const counts = countsIn(line);
    this.emit({ kind: 'apply-summary', operation, added: counts.added ?? 0, changed: counts.changed ?? 0, destroyed: counts.destroyed ?? 0 });
  }

  /** True when the line belonged to the open diagnostic. */
  #continueDiagnostic(line: string): boolean {
    const open = this.#diagnostic!;
    const border = open.border;
    if (border !== undefined) {
      if (line.startsWith('╵')) {
        this.#closeDiagnostic();
        return true;
      }
      if (!line.startsWith(border)) {
        this.#closeDiagnostic(); // a box cut short: keep what we have and read the line normally
        return false;
      }
      const text = line.startsWith(' ', 1) ? line.slice(2) : line.slice(1);
      if (open.summary === '' && open.body.length === 0) {
        const heading = /^(Error|Warning): (.*)$/.exec(text);
        if (heading) {
          open.severity = heading[1] === 'Warning' ? 'warning' : 'error';
          open.summary = heading[2]!;
          return true;
        }
      }
      if (open.body.length < MAX_DIAGNOSTIC_LINES) open.body.push(text);
      return true;
    }
    // Before 1.0 a diagnostic ran until the next top-level message.
    if (TOP_LEVEL.test(line) || matchApplyLine(line)) {
      this.#closeDiagnostic();
      return false;
    }
    if (open.body.length < MAX_DIAGNOSTIC_LINES) open.body.push(line);
    return true;
  }

  #closeDiagnostic(): void {
    const open = this.#diagnostic;
    this.#diagnostic = undefined;
    if (!open || open.summary === '') return;
    const { address, resource, detail } = splitDiagnosticBody(open.body);
    this.emit({ kind: 'diagnostic', severity: open.severity, summary: open.summary, detail, ...(address ? { address } : {}), ...(resource ? { resource } : {}) });
  }

  /** True when the line belonged to the outputs list. */
  #continueOutputs(line: string): boolean {
    if (line === '') return true;
    const match = OUTPUT_LINE.exec(line);
    if (match) {
      this.#outputs![match[1]!] = displayValue(match[2]!);
      return true;
    }
    if (line.startsWith(' ') || line === '}' || line === ']' || line === ')') return true; // a multi-line value
    this.#closeOutputs();
    return false;
  }

  #closeOutputs(): void {
    const values = this.#outputs;
    this.#outputs = undefined;
    if (values && Object.keys(values).length > 0) this.emit({ kind: 'outputs', values });
  }
}

function countsIn(line: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of line.matchAll(COUNT)) counts[match[2]!] = Number(match[1]);
  return counts;
}

/**
 * A diagnostic body is paragraphs: the location (`with <address>,` / `on main.tf line 3 ...` and the
 * source snippet under it), then Terraform's explanation, which is what the user needs.
 */
function splitDiagnosticBody(body: string[]): { address?: string; resource?: { type: string; name: string }; detail: string } {
  let address: string | undefined;
  let resource: { type: string; name: string } | undefined;
  const detail: string[] = [];
  let inLocation = false;
  for (const text of body) {
    if (text.trim() === '') {
      inLocation = false;
      if (detail.length > 0) detail.push('');
      continue;
    }
    const withAddress = /^ {2}with (.+),$/.exec(text);
    if (withAddress) {
      address = withAddress[1];
      inLocation = true;
    } else if (/^ {2}on .+ line \d+/.test(text)) {
      inLocation = true;
      // Terraform before 1.0 names no address, only the block: `in resource "google_container_cluster" "primary":`
      const block = /, in resource "([^"]+)" "([^"]+)":$/.exec(text);
      if (block) resource = { type: block[1]!, name: block[2]! };
    }
    else if (!inLocation) detail.push(text);
  }
  return { ...(address ? { address } : {}), ...(resource ? { resource } : {}), detail: detail.join('\n').trim() };
}

/** `"34.1.2.3"` → `34.1.2.3`; other values as Terraform printed them. */
function displayValue(raw: string): string {
  if (raw.startsWith('"') && raw.endsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  return raw;
}
