import type { FakeResource } from './scenario.js';

/** Terraform's two output formats, as `internal/command/views` prints them. */
export class TerraformUi {
  constructor(
    private readonly json: boolean,
    private readonly version: string,
    private readonly write: (text: string) => void,
  ) {}

  /** Terraform 1.12 changed `[10s elapsed]` to `[00m10s elapsed]`. */
  private elapsed(seconds: number): string {
    const [major = 0, minor = 0] = this.version.split('.').map(Number);
    if (major > 1 || (major === 1 && minor >= 12)) return `${String(Math.floor(seconds / 60)).padStart(2, '0')}m${String(seconds % 60).padStart(2, '0')}s`;
    return `${seconds}s`;
  }

  private emit(level: string, message: string, type: string, extra: Record<string, unknown> = {}): void {
    this.write(JSON.stringify({ '@level': level, '@message': message, '@module': 'terraform.ui', '@timestamp': new Date().toISOString(), ...extra, type }) + '\n');
  }

  versionBanner(): void {
    if (this.json) this.emit('info', `Terraform ${this.version}`, 'version', { terraform: this.version, ui: '1.2' });
  }

  plannedChange(r: FakeResource, action: 'create' | 'delete'): void {
    if (this.json) this.emit('info', `${r.address}: Plan to ${action}`, 'planned_change', { change: { resource: resource(r), action } });
  }

  planHuman(resources: FakeResource[], action: 'create' | 'delete'): void {
    if (this.json) return;
    const verb = action === 'create' ? 'created' : 'destroyed';
    const sign = action === 'create' ? '+' : '-';
    this.write(`\nTerraform used the selected providers to generate the following execution\nplan. Resource actions are indicated with the following symbols:\n  ${sign} ${action === 'create' ? 'create' : 'destroy'}\n\nTerraform will perform the following actions:\n\n`);
    for (const r of resources) this.write(`  # ${r.address} will be ${verb}\n  ${sign} resource "${r.type}" "${r.name}" {\n      ${sign} id = (known after apply)\n    }\n\n`);
  }

  planSummary(add: number, destroy: number, operation: 'plan' | 'apply' | 'destroy' = 'plan'): void {
    if (this.json) {
      const message = operation === 'plan' ? `Plan: ${add} to add, 0 to change, ${destroy} to destroy.` : operation === 'destroy' ? `Destroy complete! Resources: ${destroy} destroyed.` : `Apply complete! Resources: ${add} added, 0 changed, ${destroy} destroyed.`;
      this.emit('info', message, 'change_summary', { changes: { add, change: 0, import: 0, remove: destroy, operation } });
    } else if (operation === 'plan') {
      this.write(add + destroy === 0 ? '\nNo changes. Your infrastructure matches the configuration.\n' : `Plan: ${add} to add, 0 to change, ${destroy} to destroy.\n`);
    } else {
      this.write(operation === 'destroy' ? `\nDestroy complete! Resources: ${destroy} destroyed.\n` : `\nApply complete! Resources: ${add} added, 0 changed, ${destroy} destroyed.\n`);
    }
  }

  noChanges(): void {
    if (this.json) this.emit('info', 'Plan: 0 to add, 0 to change, 0 to destroy.', 'change_summary', { changes: { add: 0, change: 0, import: 0, remove: 0, operation: 'plan' } });
    else this.write('\nNo changes. Your infrastructure matches the configuration.\n\nTerraform has compared your real infrastructure against your configuration\nand found no differences, so no changes are needed.\n');
  }

  start(r: FakeResource, action: 'create' | 'delete', id?: string): void {
    const message = action === 'create' ? `${r.address}: Creating...` : `${r.address}: Destroying... [id=${id}]`;
    if (this.json) this.emit('info', message, 'apply_start', { hook: { resource: resource(r), action, ...(id ? { id_key: 'id', id_value: id } : {}) } });
    else this.write(message + '\n');
  }

  progress(r: FakeResource, action: 'create' | 'delete', seconds: number): void {
    const message = `${r.address}: Still ${action === 'create' ? 'creating' : 'destroying'}... [${this.elapsed(seconds)} elapsed]`;
    if (this.json) this.emit('info', message, 'apply_progress', { hook: { resource: resource(r), action, elapsed_seconds: seconds } });
    else this.write(message + '\n');
  }

  complete(r: FakeResource, action: 'create' | 'delete', seconds: number, id: string): void {
    const message = action === 'create' ? `${r.address}: Creation complete after ${seconds}s [id=${id}]` : `${r.address}: Destruction complete after ${seconds}s`;
    if (this.json) this.emit('info', message, 'apply_complete', { hook: { resource: resource(r), action, id_key: 'id', id_value: id, elapsed_seconds: seconds } });
    else this.write(message + '\n');
  }

  errored(r: FakeResource, action: 'create' | 'delete', seconds: number): void {
    if (this.json) this.emit('error', `${r.address}: ${action === 'create' ? 'Creation' : 'Destruction'} errored after ${seconds}s`, 'apply_errored', { hook: { resource: resource(r), action, elapsed_seconds: seconds } });
  }

  /** A diagnostic, human (boxed, as Terraform >= 1.0 prints it) or JSON. */
  diagnostic(summary: string, detail: string, address?: string): void {
    if (this.json) {
      this.emit('error', `Error: ${summary}`, 'diagnostic', { diagnostic: { severity: 'error', summary, detail, ...(address ? { address } : {}) } });
      return;
    }
    // As real Terraform boxes it (see test/fixtures/terraform/*-human): the heading on the first line after ╷.
    const lines = [`Error: ${summary}`, '', ...(address ? [`  with ${address},`, '  on main.tf line 12, in resource:', ''] : []), ...detail.split('\n')];
    this.write('╷\n' + lines.map((l) => `│ ${l}`.trimEnd()).join('\n') + '\n╵\n');
  }

  outputs(values: Record<string, string>): void {
    if (Object.keys(values).length === 0) return;
    if (this.json) {
      this.emit('info', `Outputs: ${Object.keys(values).length}`, 'outputs', { outputs: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { sensitive: false, type: 'string', value: v }])) });
    } else {
      this.write(`\nOutputs:\n\n${Object.entries(values).map(([k, v]) => `${k} = "${v}"`).join('\n')}\n`);
    }
  }

  interrupt(): void {
    this.write(this.json ? '' : '\nInterrupt received.\nPlease wait for Terraform to exit or data loss may occur.\nGracefully shutting down...\n\n');
    if (this.json) this.emit('warn', 'Interrupt received. Please wait for Terraform to exit or data loss may occur. Gracefully shutting down...', 'log');
  }
}

function resource(r: FakeResource) {
  const key = /\[(.+)\]$/.exec(r.address)?.[1];
  return {
    addr: r.address, module: '', resource: r.address, implied_provider: r.type.split('_')[0], resource_type: r.type,
    resource_name: r.name, resource_key: key === undefined ? null : /^\d+$/.test(key) ? Number(key) : JSON.parse(key),
  };
}
