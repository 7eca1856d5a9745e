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
 * One pass, no allocation but the result: it runs for every resource of an apply.
 */
export function resourceTypeOf(address: string): string {
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
  if (lastDot === -1) return '';
  const type = address.slice(previousDot + 1, lastDot);
  return type === 'module' || type === 'data' ? '' : type;
}
