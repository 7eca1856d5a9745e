import { ordinal } from '../terraform/run-slots.js';

/** The line a run waiting for a Terraform slot (MAX_CONCURRENT_RUNS) shows beside its Cancel button, e.g. "⏳ Queued: 2nd in line". */
export function queuedNote(position: number, limit: number): string {
  return `⏳ Queued: ${ordinal(position)} in line (this bot runs at most ${limit} Terraform ${limit === 1 ? 'run' : 'runs'} at once). Cancel takes it out of line.`;
}
