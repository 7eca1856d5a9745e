import { describe, expect, it } from 'vitest';
import { ProgressTracker, type ProgressState } from '../../../src/terraform/progress/index.js';

const resource = (addr: string, type = addr.replace(/^(module\.[^.]+\.)*(data\.)?/, '').split('.')[0]) => ({
  addr, module: '', resource: addr, implied_provider: 'aws', resource_type: type, resource_name: 'x', resource_key: null,
});
const message = (type: string, body: Record<string, unknown>, level = 'info') =>
  JSON.stringify({ '@level': level, '@message': `${type} message`, '@module': 'terraform.ui', '@timestamp': '2026-11-20T10:00:00.000000Z', ...body, type });
const hook = (type: string, addr: string, action: string) => message(type, { hook: { resource: resource(addr), action } });
const summary = (operation: string, add: number, change: number, remove: number) =>
  message('change_summary', { changes: { add, change, import: 0, remove, operation } });

function read(...lines: string[]): ProgressState {
  const tracker = new ProgressTracker({ now: () => 0 });
  tracker.write(lines.join('\n') + '\n');
  tracker.end();
  return tracker.state();
}

describe('the -json UI', () => {
  it('reads planned changes, the plan summary and the version', () => {
    const state = read(
      JSON.stringify({ '@level': 'info', '@message': 'Terraform 1.9.8', terraform: '1.9.8', type: 'version', ui: '1.2' }),
      message('planned_change', { change: { resource: resource('aws_instance.web'), action: 'replace' } }),
      message('planned_change', { change: { resource: resource('data.aws_ami.ubuntu'), action: 'read' } }),
      message('planned_change', { change: { resource: resource('aws_s3_bucket.logs'), action: 'create' } }),
      summary('plan', 2, 0, 1),
    );
    expect(state).toMatchObject({ format: 'json', version: '1.9.8', total: 3, phase: 'planned' });
    expect(state.plannedChanges.map((c) => [c.address, c.action])).toEqual([['aws_instance.web', 'replace'], ['data.aws_ami.ubuntu', 'read'], ['aws_s3_bucket.logs', 'create']]);
  });

  it('follows an apply: starts, progress, completions, reads not counted', () => {
    const state = read(
      summary('plan', 2, 1, 0),
      hook('apply_start', 'data.aws_ami.ubuntu', 'read'),
      hook('apply_complete', 'data.aws_ami.ubuntu', 'read'),
      hook('apply_start', 'aws_security_group.web', 'create'),
      hook('apply_progress', 'aws_security_group.web', 'create'),
      hook('apply_complete', 'aws_security_group.web', 'create'),
      hook('apply_start', 'aws_instance.web', 'update'),
      hook('apply_start', 'module.db.aws_db_instance.main["primary db"]', 'create'),
    );
    expect(state).toMatchObject({ total: 3, completed: 1, percent: 33, phase: 'applying' });
    expect(state.inFlight.map((op) => [op.address, op.action])).toEqual([['aws_instance.web', 'update'], ['module.db.aws_db_instance.main["primary db"]', 'create']]);
    expect(state.current?.typicalDuration).toBe('may take 5-10 min');
  });

  it('records an errored resource with the message of its diagnostic', () => {
    const state = read(
      summary('plan', 2, 0, 0),
      hook('apply_start', 'aws_instance.web', 'create'),
      hook('apply_errored', 'aws_instance.web', 'create'),
      message('diagnostic', { diagnostic: { severity: 'error', summary: 'creating EC2 Instance: UnauthorizedOperation', detail: 'You are not authorized.', address: 'aws_instance.web' } }, 'error'),
    );
    expect(state).toMatchObject({ completed: 0, failed: 1, inFlight: [] });
    expect(state.failures).toEqual([{ address: 'aws_instance.web', message: 'creating EC2 Instance: UnauthorizedOperation' }]);
    expect(state.diagnostics[0]).toMatchObject({ severity: 'error', detail: 'You are not authorized.' });
  });

  it('finishes on the apply summary and reads outputs, hiding sensitive ones', () => {
    const state = read(
      summary('plan', 1, 0, 0),
      summary('apply', 1, 0, 0),
      message('outputs', { outputs: { ip: { sensitive: false, type: 'string', value: '3.88.14.201' }, pw: { sensitive: true, type: 'string' }, ports: { sensitive: false, type: ['list', 'number'], value: [80, 443] } } }),
    );
    expect(state).toMatchObject({ completed: 1, percent: 100, phase: 'complete', outputs: { ip: '3.88.14.201', pw: '(sensitive)', ports: '[80,443]' } });
  });

  it('reads "no changes" from a zero summary', () => {
    expect(read(summary('plan', 0, 0, 0))).toMatchObject({ noChanges: true, total: 0 });
  });

  it('ignores unknown message types, unknown fields and broken lines', () => {
    const state = read(
      message('ephemeral_op_start', { hook: { resource: resource('ephemeral.x.y'), action: 'open' } }),
      message('apply_start', { hook: { resource: resource('aws_instance.web'), action: 'create', extra: { nested: true } }, novelty: 1 }),
      '{"@level":"info","type":"apply_complete","hook":', // cut short
      '{"type":"apply_complete","hook":{"resource":{}}}', // wrong shape
    );
    expect(state).toMatchObject({ completed: 0, inFlight: [expect.objectContaining({ address: 'aws_instance.web' })] });
  });

  it('reads human text mixed into a JSON stream (stderr merged with stdout)', () => {
    const state = read(summary('plan', 1, 0, 0), 'Error: Failed to load plugin schemas', '', 'Could not load the schema for provider registry.terraform.io/hashicorp/aws.');
    expect(state.diagnostics).toEqual([{ severity: 'error', summary: 'Failed to load plugin schemas', detail: 'Could not load the schema for provider registry.terraform.io/hashicorp/aws.' }]);
  });

  it('notes an interrupt log message', () => {
    expect(read(message('log', { '@message': 'Interrupt received. Please wait for Terraform to exit or data loss may occur. Gracefully shutting down...' }, 'warn')).interrupted).toBe(true);
  });
});
