import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../../src/paths.js';
import { ProgressTracker } from '../../../src/terraform/progress/index.js';

// A real 1.11 resume of a three-resource deployment: `network` was kept, `subnetwork` was left tainted
// by the interruption and is replaced (a destroy and a create), `instance` is created.
const FIXTURE = projectPath('test/fixtures/terraform/resume-tainted-1.11-json');
const plan = readFileSync(join(FIXTURE, 'plan.jsonl'), 'utf8');
const apply = readFileSync(join(FIXTURE, 'apply.jsonl'), 'utf8').split('\n');
const applyUntil = (message: string) => apply.slice(0, apply.findIndex((line) => line.includes(message)) + 1).join('\n') + '\n';

/** The bot's counting (in resources), with what the interrupted run had done carried over. */
function resumed(carriedOver: number): ProgressTracker {
  const tracker = new ProgressTracker({ now: () => 0, countReplacementOnce: true });
  tracker.write(plan);
  tracker.end();
  tracker.carryOver(carriedOver);
  return tracker;
}

const count = (tracker: ProgressTracker) => `${tracker.state().completed}/${tracker.state().total}`;

describe('counts in resources (countReplacementOnce)', () => {
  it('counts a replacement once, when its create completes, so a resume ends at n/n of the deployment', () => {
    const tracker = resumed(1);
    expect(count(tracker)).toBe('1/3');
    tracker.write(applyUntil('subnetwork: Destruction complete'));
    expect(count(tracker)).toBe('1/3');
    tracker.write(applyUntil('subnetwork: Creation complete').slice(applyUntil('subnetwork: Destruction complete').length));
    expect(count(tracker)).toBe('2/3');
    tracker.write(apply.slice(apply.findIndex((line) => line.includes('subnetwork: Creation complete')) + 1).join('\n'));
    tracker.end();
    expect(tracker.state()).toMatchObject({ completed: 3, total: 3, percent: 100, phase: 'complete' });
  });

  it("keeps Terraform's operation count without the option (a replace is two)", () => {
    const tracker = new ProgressTracker({ now: () => 0 });
    tracker.write(plan + apply.join('\n'));
    tracker.end();
    expect(tracker.state()).toMatchObject({ completed: 3, total: 3 });
  });

  it('knows the total of an apply followed from its log alone, which repeats the plan but not its summary', () => {
    const tracker = new ProgressTracker({ now: () => 0, countReplacementOnce: true });
    tracker.carryOver(1);
    tracker.knowPlan({ add: 2, change: 0, destroy: 1 });
    // Cut off before Terraform's own summary: a failed or still-running apply has none.
    tracker.write(applyUntil('instance: Creating...'));
    expect(tracker.state()).toMatchObject({ totalKnown: true, total: 3, completed: 2 });
  });

  it('without the plan, an apply log alone leaves the total unknown', () => {
    const tracker = new ProgressTracker({ now: () => 0, countReplacementOnce: true });
    tracker.write(applyUntil('instance: Creating...'));
    expect(tracker.state().totalKnown).toBe(false);
  });
});
