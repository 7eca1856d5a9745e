import { describe, expect, it } from 'vitest';
import { TerraformError } from '../../src/terraform/terraform-error.js';
import { TerraformHealth } from '../../src/terraform/terraform-health.js';
import type { TerraformCapabilities } from '../../src/terraform/version.js';

const found = (version: string, product: TerraformCapabilities['product'] = 'terraform'): TerraformCapabilities => ({ product, version, json: true });

function health(answers: Array<TerraformCapabilities | Error>) {
  let now = 0;
  let asked = 0;
  const detect = async () => {
    const answer = answers[Math.min(asked++, answers.length - 1)]!;
    if (answer instanceof Error) throw answer;
    return answer;
  };
  const h = new TerraformHealth({ bin: '/opt/tf', detect, now: () => now, recheckAfterMs: 30_000 });
  return { h, asked: () => asked, advance: (ms: number) => (now += ms) };
}

describe('TerraformHealth', () => {
  it.each<[string, TerraformCapabilities | Error, Record<string, unknown>]>([
    ['a current Terraform', found('1.11.4'), { usable: true }],
    ['OpenTofu of any version', found('1.6.0', 'opentofu'), { usable: true }],
    ['a Terraform older than 1.5: usable, with a warning', found('1.3.9'), { usable: true, warning: expect.stringContaining('Terraform 1.3.9 is older than 1.5') }],
    ['a missing binary: its own words', new TerraformError('missing-binary', 'Terraform was not found: `/opt/tf` is not installed.'), { usable: false, problem: 'Terraform was not found: `/opt/tf` is not installed.' }],
    ['anything else: names the binary', new Error('boom'), { usable: false, problem: '`/opt/tf version` failed: boom. Check TERRAFORM_BIN.' }],
  ])('%s', async (_, answer, status) => {
    expect(await health([answer]).h.check()).toMatchObject(status);
  });

  it('asks once for concurrent callers, and not again while Terraform works', async () => {
    const { h, asked, advance } = health([found('1.11.4')]);
    await Promise.all([h.check(), h.problem(), h.problem()]);
    advance(3_600_000);
    expect(await h.problem()).toBeUndefined();
    expect(asked()).toBe(1);
  });

  it('asks an unusable Terraform again after a while, so installing it needs no restart', async () => {
    const { h, asked, advance } = health([new TerraformError('missing-binary', 'not found'), found('1.11.4')]);
    expect(await h.problem()).toBe('not found');
    advance(10_000);
    expect(await h.problem()).toBe('not found');
    advance(20_000);
    expect(await h.problem()).toBeUndefined();
    expect(asked()).toBe(2);
  });
});
