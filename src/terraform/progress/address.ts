/**
 * The resource type in a Terraform address: `aws_instance` in `module.app.aws_instance.web["a.b c"]`,
 * `aws_ami` in `data.aws_ami.ubuntu`. Instance keys may hold dots, spaces and escaped quotes, so the
 * address is scanned rather than split.
 */
export function resourceTypeOf(address: string): string {
  const segments: string[] = [];
  let segmentStart = 0;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < address.length; i++) {
    const c = address[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[') {
      if (depth++ === 0) segments.push(address.slice(segmentStart, i));
    } else if (c === ']') {
      if (--depth === 0) segmentStart = i + 1;
    } else if (c === '.' && depth === 0) {
      if (i > segmentStart) segments.push(address.slice(segmentStart, i));
      segmentStart = i + 1;
    } else if (c === ' ' && depth === 0) break; // `addr (deposed object 1a2b3c4d)`
  }
  const tail = address.slice(segmentStart).split(' ')[0];
  if (tail) segments.push(tail);
  // Drop `module.<name>` pairs; what remains is [data.]<type>.<name>.
  let i = 0;
  while (segments[i] === 'module') i += 2;
  if (segments[i] === 'data') i++;
  return segments[i] ?? '';
}
