/**
 * Terraform's output lines, assembled from its own format strings so tests can say exactly what
 * Terraform prints. Origins (hashicorp/terraform at 883c7221ee2e0bc2fad6912fd4b3cc4b53a598a7):
 * - hook_ui.go: internal/command/views/hook_ui.go (the human UI hook), format noted per line;
 * - diagnostic.go: internal/command/format/diagnostic.go (Diagnostic and DiagnosticPlain);
 * - json: internal/command/views/json/hook.go and message_types.go (the -json UI);
 * - plan.go: internal/command/jsonformat/plan.go; apply.go: internal/command/views/apply.go.
 * Terraform 1.11 and older print the elapsed time as a Go duration (`[10s elapsed]`); 1.12+ as `%02dm%02ds`.
 */

/** Every line hook_ui.go prints for one address, in the order an apply could print them. */
export function hookLines(address: string): Array<[origin: string, line: string]> {
  return [
    ['PreApply "%s: %s%s" (create)', `${address}: Creating...`],
    ['stillRunning "%s: %s [%s%02dm%02ds elapsed]"', `${address}: Still creating... [00m10s elapsed]`],
    ['stillRunning before 1.12 "[%s elapsed]"', `${address}: Still creating... [10s elapsed]`],
    ['PostApply "%s: %s after %s%s" (create)', `${address}: Creation complete after 1s [id=imitated]`],
    ['PreApply (update, with [id=...])', `${address}: Modifying... [id=imitated]`],
    ['stillRunning (update, "%s=%s, " id prefix)', `${address}: Still modifying... [id=imitated, 00m10s elapsed]`],
    ['PostApply (update)', `${address}: Modifications complete after 2s [id=imitated]`],
    ['PreApply (delete)', `${address}: Destroying... [id=imitated]`],
    ['stillRunning (delete)', `${address}: Still destroying... [id=imitated, 00m10s elapsed]`],
    ['PostApply (delete)', `${address}: Destruction complete after 1s`],
    ['PreApply, deposed "%s (deposed object %s)"', `${address} (deposed object 1a2b3c4d): Destroying... [id=imitated]`],
    ['PostApply, deposed', `${address} (deposed object 1a2b3c4d): Destruction complete after 1s`],
    ['PreApply (read)', `data.${address}: Reading...`],
    ['PostApply (read)', `data.${address}: Read complete after 0s [id=imitated]`],
    ['PreProvisionInstanceStep "%s: Provisioning with \'%s\'..."', `${address}: Provisioning with 'local-exec'...`],
    ['ProvisionOutput "%s (%s): " prefix', `${address} (local-exec): Executing: ["/bin/sh" "-c" "true"]`],
    ['PreRefresh "%s: Refreshing state...%s"', `${address}: Refreshing state... [id=imitated]`],
    ['PrePlanImport "%s: Preparing import... [id=%s]"', `${address}: Preparing import... [id=imitated]`],
    ['PreApplyImport "%s: Importing... [id=%s]"', `${address}: Importing... [id=imitated]`],
    ['PostApplyImport "%s: Import complete [id=%s]"', `${address}: Import complete [id=imitated]`],
    ['PreEphemeralOp "%s: %s" (open)', `ephemeral.${address}: Opening...`],
    ['PostEphemeralOp "%s: %s after %s"', `ephemeral.${address}: Opening complete after 0s`],
  ];
}

/** Top-level messages outside the hooks: summaries, outputs and diagnostics. */
export function messageLines(address: string): Array<[origin: string, line: string]> {
  return [
    ['plan.go resource heading "  # %s will be created"', `  # ${address} will be created`],
    ['plan.go summary', 'Plan: 9 to add, 0 to change, 0 to destroy.'],
    ['apply.go "Apply complete! Resources: ..."', 'Apply complete! Resources: 9 added, 0 changed, 0 destroyed.'],
    ['apply.go "Destroy complete! ..."', 'Destroy complete! Resources: 9 destroyed.'],
    ['DiagnosticPlain "\\nError: " + summary', 'Error: imitated error'],
    ['DiagnosticPlain "  with %s,"', `  with ${address},`],
    ['Diagnostic boxed (leftRuleStart)', '╷'],
    ['Diagnostic boxed heading', '│ Error: imitated boxed error'],
    ['Diagnostic boxed (leftRuleEnd)', '╵'],
    ['DiagnosticPlain "\\nWarning: "', 'Warning: imitated warning'],
    ['views/apply.go outputs', 'Outputs:'],
    ['interrupt (views/operation.go)', 'Interrupt received.'],
  ];
}

/** ProvisionOutput's prefix: every line a provisioner prints reaches the UI as `<address> (<type>): <line>`. */
export function asProvisionerOutput(address: string, provisioner: string, line: string): string {
  return `${address} (${provisioner}): ${line}`;
}

/**
 * The boxed warning Terraform 1.11 prints on stderr, as plain text even with `-json`, when
 * TF_CLI_CONFIG_FILE names a missing file (main.go "There are some problems with the CLI configuration:",
 * cliconfig.go "Unable to open CLI configuration file"). Seen verbatim from the real binary here.
 */
export const CLI_CONFIG_WARNING = [
  'There are some problems with the CLI configuration:',
  '╷',
  '│ Warning: Unable to open CLI configuration file',
  '│',
  '│ The CLI configuration file at "/root/.terraformrc" does not exist.',
  '╵',
  '',
];

const resource = (addr: string) => ({
  addr, module: '', resource: addr, implied_provider: 'terraform', resource_type: addr.split('.').at(-2) ?? '', resource_name: addr.split('.').at(-1) ?? '', resource_key: null,
});

/** One -json UI message, its keys as Terraform orders them (alphabetically, `type` last). */
export function jsonMessage(type: string, message: string, body: Record<string, unknown>, level = 'info'): string {
  return JSON.stringify({ '@level': level, '@message': message, '@module': 'terraform.ui', '@timestamp': '2026-12-01T10:00:00.000000Z', ...body, type });
}

/** json/hook.go: apply_start "%s: %s...%s", apply_complete "%s: %s complete after %s%s", apply_errored "%s: %s errored after %s". */
export function jsonHook(type: 'apply_start' | 'apply_progress' | 'apply_complete' | 'apply_errored', addr: string, action: string): string {
  return jsonMessage(type, `${addr}: ${type}`, { hook: { resource: resource(addr), action, elapsed_seconds: 1 } });
}

/** json/hook.go provision_progress: "%s: (%s): %s", the output also in hook.output. */
export function jsonProvisionProgress(addr: string, provisioner: string, output: string): string {
  return jsonMessage('provision_progress', `${addr}: (${provisioner}): ${output}`, { hook: { resource: resource(addr), provisioner, output } });
}

export function jsonPlannedChange(addr: string, action: string): string {
  return jsonMessage('planned_change', `${addr}: Plan to ${action}`, { change: { resource: resource(addr), action } });
}

export function jsonSummary(operation: 'plan' | 'apply' | 'destroy', add: number, change: number, remove: number): string {
  return jsonMessage('change_summary', `${operation} summary`, { changes: { add, change, import: 0, remove, operation } });
}

/** views/json/diagnostic.go: a diagnostic message, `address` only when the diagnostic names a resource. */
export function jsonDiagnostic(severity: 'error' | 'warning', summary: string, address?: string): string {
  return jsonMessage('diagnostic', `${severity === 'error' ? 'Error' : 'Warning'}: ${summary}`, {
    diagnostic: { severity, summary, detail: '', ...(address ? { address } : {}) },
  }, severity === 'error' ? 'error' : 'warn');
}
