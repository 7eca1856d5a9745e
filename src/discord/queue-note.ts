import { ordinal } from '../terraform/run-slots.js';

/**
 * The line a run waiting for a Terraform slot (MAX_CONCURRENT_RUNS) shows, e.g. "⏳ Queued: 2nd in line";
 * an apply's message adds that its Cancel button takes it out of line.
 */
export function queuedNote(position: number, limit: number, cancellable: boolean): string {
  const at = `⏳ Queued: ${ordinal(position)} in line (this bot runs at most ${limit} Terraform ${limit === 1 ? 'run' : 'runs'} at once).`;
  return cancellable ? `${at} Cancel takes it out of line.` : at;
}
