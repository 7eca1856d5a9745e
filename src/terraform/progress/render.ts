import type { Operation, ProgressState } from './progress-tracker.js';

const CELLS = 10;
const VERBS: Record<Operation['action'], string> = { create: 'Creating', update: 'Modifying', delete: 'Destroying' };

/** `[▓▓▓▓▓░░░░░] 50%` */
export function renderProgressBar(percent: number): string {
  const clamped = Math.max(0, Math.min(100, Math.floor(percent)));
  const filled = Math.floor(clamped / CELLS);
  return `[${'▓'.repeat(filled)}${'░'.repeat(CELLS - filled)}] ${clamped}%`;
}

export interface RenderedProgress {
  title: string;
  bar: string;
  /** What Terraform is doing now, e.g. `Creating aws_instance.web...`; empty when idle or done. */
  step: string;
  /** `(3/7 resources)` */
  counts: string;
  /** Failures and diagnostics, for a failed run. */
  details: string[];
  /** Terraform's warnings on one line (`⚠️ Terraform warned: ...`), empty when there were none; never an error. */
  warnings: string;
}

/** How a run ended; `interrupted` is a stop the user did not ask for (the bot shutting down). */
export type RunOutcome = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

/** The words and bar a progress message shows for a state; `outcome` is how the run ended, if it has. */
export function renderProgress(state: ProgressState, outcome: RunOutcome = 'running', operation: 'apply' | 'destroy' = 'apply'): RenderedProgress {
  return { ...renderRun(state, outcome, operation), warnings: renderWarnings(state) };
}

function renderRun(state: ProgressState, outcome: RunOutcome, operation: 'apply' | 'destroy'): Omit<RenderedProgress, 'warnings'> {
  const counts = `(${state.completed}/${state.totalKnown ? state.total : '?'} resources)`;
  const noun = operation === 'destroy' ? 'Teardown' : 'Deployment';
  const bar = renderProgressBar(outcome === 'succeeded' ? 100 : state.percent);
  if (outcome === 'succeeded') {
    const done = state.totalKnown ? state.total : state.completed;
    return { title: `✅ ${noun} Complete! (${done}/${done} resources)`, bar, step: '', counts: `(${done}/${done} resources)`, details: [] };
  }
  if (outcome === 'cancelled') return { title: `🛑 ${noun} cancelled ${counts}`, bar, step: '', counts, details: failureDetails(state) };
  if (outcome === 'interrupted') return { title: `⚠️ ${noun} interrupted ${counts}`, bar, step: '', counts, details: failureDetails(state) };
  if (outcome === 'failed') {
    const title = `❌ ${noun} failed ${counts}${state.failed > 0 ? `, ${state.failed} failed` : ''}`;
    return { title, bar, step: '', counts, details: failureDetails(state) };
  }
  return { title: operation === 'destroy' ? '🧹 Tearing down' : '🚀 Deploying', bar, step: renderStep(state), counts, details: [] };
}

function renderStep(state: ProgressState): string {
  const current = state.current;
  if (!current) return state.phase === 'complete' ? '' : state.phase === 'applying' ? 'Waiting for Terraform…' : 'Starting…';
  const others = state.inFlight.length - 1;
  // The time on the current resource is always shown: it moves while Terraform prints nothing.
  const hint = ` (${current.typicalDuration ? `${current.typicalDuration}, ` : ''}${formatElapsed(current.elapsedMs)} so far)`;
  return `${VERBS[current.action]} ${current.address}…${hint}${others > 0 ? ` +${others} more in progress` : ''}`;
}

/** Each failure once, with Terraform's detail under it (the detail says why; the summary often only what). */
function failureDetails(state: ProgressState): string[] {
  const errors = state.diagnostics.filter((d) => d.severity === 'error');
  const details = state.failures.map((f) => {
    const diagnostic = errors.find((d) => d.summary === f.message && (d.address === f.address || d.address === undefined));
    return withDetail(`• ${f.address}: ${f.message}`, diagnostic?.detail);
  });
  for (const d of errors) {
    if (state.failures.some((f) => f.address === d.address && f.message === d.summary)) continue;
    details.push(withDetail(`• ${d.summary}${d.address ? ` (${d.address})` : ''}`, d.detail));
  }
  return [...new Set(details)]; // `execution halted` comes once per stopped operation: once is enough
}

const MAX_DETAIL_CHARS = 600;

function withDetail(line: string, detail: string | undefined): string {
  const text = detail?.replace(/\s+/g, ' ').trim();
  if (!text) return line;
  return `${line}\n> ${text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS - 1)}…` : text}`;
}

const MAX_WARNINGS_CHARS = 200;

/**
 * Warnings by summary, each once with how often it came (Terraform repeats some on every command,
 * such as `Unable to open CLI configuration file`): they rarely matter, so they take one short line.
 */
function renderWarnings(state: ProgressState): string {
  const counts = new Map<string, number>();
  for (const d of state.diagnostics) if (d.severity === 'warning') counts.set(d.summary, (counts.get(d.summary) ?? 0) + 1);
  if (counts.size === 0) return '';
  const listed = [...counts].map(([summary, n]) => (n > 1 ? `${summary} (×${n})` : summary)).join('; ');
  const text = listed.length > MAX_WARNINGS_CHARS ? `${listed.slice(0, MAX_WARNINGS_CHARS - 1)}…` : listed;
  return `⚠️ Terraform warned: ${text}`;
}

/** `45s`, `3m 05s` */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}
