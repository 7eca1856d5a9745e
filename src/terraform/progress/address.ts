const DOT = 46;
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN = 91;
const CLOSE = 93;
const SPACE = 32;

/**
 * The resource type in a Terraform address: `aws_instance` in `module.app.aws_instance.web["a.b c"]`,
 * `aws_ami` in `data.aws_ami.ubuntu`. Instance keys may hold dots, spaces and escaped quotes, so the
 * address is scanned rather than split; the type is the segment before the last top-level dot.
 * One pass without splitting: it runs for every operation of an apply.
 */
export function resourceTypeOf(address: string): string {
  return typeSegment(address).type;
}

/** Whether an address names a data source (`data.aws_ami.x`, `module.a.data.aws_ami.x`), which creates nothing. */
export function isDataSource(address: string): boolean {
  return typeSegment(address).data;
}

function typeSegment(address: string): { type: string; data: boolean } {
  let previousDot = -1;
  let lastDot = -1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN) depth++;
    else if (c === CLOSE) depth--;
    else if (depth === 0 && c === DOT) {
      previousDot = lastDot;
      lastDot = i;
    } else if (depth === 0 && c === SPACE) break; // `addr (deposed object 1a2b3c4d)`
  }
  if (lastDot === -1) return { type: '', data: false };
  const type = address.slice(previousDot + 1, lastDot);
  if (type === 'module' || type === 'data') return { type: '', data: false };
  // A data source has a whole `data` segment right before its type: at the start, or after a module.
  const data = previousDot >= 4 && address.startsWith('data', previousDot - 4) && (previousDot === 4 || address.charCodeAt(previousDot - 5) === DOT);
  return { type, data };
}

/**
 * Whether a human-output line is a provisioner's output: `<address> (<provisioner>): <text>`, as
 * hook_ui.go's ProvisionOutput prefixes every line a `local-exec`/`remote-exec`/`file` step prints.
 * That text is a script's, and may imitate Terraform's own lines (a nested `terraform apply` does).
 * A deposed object, `<address> (deposed object 1a2b3c4d): ...`, is Terraform's own line: its
 * parenthesis holds a space, a provisioner's type name never does.
 */
export function isProvisionerOutput(line: string): boolean {
  const end = addressEnd(line);
  if (end === -1 || !line.startsWith(' (', end)) return false;
  const close = line.indexOf('):', end + 2);
  return close !== -1 && PROVISIONER_NAME.test(line.slice(end + 2, close));
}

const PROVISIONER_NAME = /^[a-z][a-z0-9_-]*$/;

/** `aws_instance.web` for `aws_instance.web (deposed object 1a2b3c4d)`: the address a plan lists. */
export function plannedAddressOf(address: string): string {
  if (address.indexOf(' ') === -1) return address; // nearly always: one native scan instead of the careful one
  const end = addressEnd(address);
  return end === -1 ? address : address.slice(0, end);
}

/** Index of the first space outside an instance key, or -1 when the address has none. */
function addressEnd(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN) depth++;
    else if (c === CLOSE) depth--;
    else if (depth === 0 && c === SPACE) return i;
  }
  return -1;
}
