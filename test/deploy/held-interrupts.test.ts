import { describe, expect, it } from 'vitest';
import { HeldInterrupts } from '../../src/deploy/held-interrupts.js';
import { ProgressTracker } from '../../src/terraform/progress/index.js';

const APPLY_START = [
  '{"@level":"info","@message":"Terraform 1.11.4","terraform":"1.11.4","type":"version","ui":"1.2"}',
  '{"@level":"info","@message":"terraform_data.bucket: Creating...","hook":{"resource":{"addr":"terraform_data.bucket","resource_type":"terraform_data","resource_name":"bucket","resource_key":null,"module":"","implied_provider":"terraform"},"action":"create"},"type":"apply_start"}',
];

describe('HeldInterrupts', () => {
  it('holds a Cancel until Terraform has a change under way, then sends every one held; later ones go at once', () => {
    const sent: number[] = [];
    const interrupts = new HeldInterrupts();
    const tracker = new ProgressTracker();
    interrupts.request();
    interrupts.attach(() => sent.push(Date.now()));
    tracker.writeLine(APPLY_START[0]!);
    interrupts.heard(tracker.state());
    expect(sent).toHaveLength(0);
    interrupts.request();
    tracker.writeLine(APPLY_START[1]!);
    interrupts.heard(tracker.state());
    expect(sent).toHaveLength(2);
    interrupts.request();
    expect(sent).toHaveLength(3);
  });
});
