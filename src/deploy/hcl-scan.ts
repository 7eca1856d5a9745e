/**
 * Just enough of HCL's native syntax to list a file's top-level blocks: comments, quoted strings (with
 * escapes and nested `${ ... }` interpolations) and heredocs are skipped, so a brace or a `variable`
 * inside them is never mistaken for structure. It does not evaluate or validate anything: Terraform
 * does that at plan time. It is enough to learn which variables a template declares, and which of them
 * have a default.
 */

/** One top-level block, e.g. `variable "name" { ... }`. */
export interface HclBlock {
  type: string;
  labels: string[];
  /** The text between the braces, as written. */
  body: string;
  /** The whole block, header to closing brace, as written. */
  text: string;
  /** 1-based line of the block's header. */
  line: number;
}

/** The file with every comment, string content and heredoc body replaced by spaces; same length and line breaks. */
export function maskNonCode(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let i = from; i < to && i < out.length; i++) if (out[i] !== '\n') out[i] = ' ';
  };
  // Open strings, and `${ ... }` / `%{ ... }` interpolations inside them (with their own brace depth).
  const stack: ('string' | number)[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (stack.at(-1) === 'string') {
      if (c === '\\') {
        blank(i, i + 2);
        i += 2;
      } else if (c === '"') {
        stack.pop();
        if (stack.length > 0) blank(i, i + 1); // the closing quote of a top-level string stays
        i++;
      } else if ((c === '$' || c === '%') && next === c && text[i + 2] === '{') {
        blank(i, i + 3); // `$${` and `%%{` are literal text
        i += 3;
      } else if ((c === '$' || c === '%') && next === '{') {
        stack.push(0);
        blank(i, i + 2);
        i += 2;
      } else {
        blank(i, i + 1);
        i++;
      }
      continue;
    }
    // Code: at the top level, or inside an interpolation (which is string content, so blanked too).
    const nested = stack.length > 0;
    let end = i + 1;
    if (c === '#' || (c === '/' && next === '/')) {
      end = lineEnd(text, i);
      blank(i, end);
    } else if (c === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      end = close < 0 ? text.length : close + 2;
      blank(i, end);
    } else if (c === '<' && next === '<' && HEREDOC.test(text.slice(i, lineEnd(text, i) + 1))) {
      const marker = HEREDOC.exec(text.slice(i, lineEnd(text, i) + 1))![1]!;
      let line = lineEnd(text, i) + 1;
      while (line < text.length && text.slice(line, lineEnd(text, line)).trim() !== marker) line = lineEnd(text, line) + 1;
      end = lineEnd(text, line);
      blank(nested ? i : lineEnd(text, i), line);
      if (nested) blank(line, end);
    } else if (c === '"') {
      stack.push('string');
      if (nested) blank(i, end);
    } else if (nested) {
      const depth = stack.at(-1) as number;
      if (c === '{') stack[stack.length - 1] = depth + 1;
      else if (c === '}') {
        if (depth === 0) stack.pop(); // back in the string that holds the interpolation
        else stack[stack.length - 1] = depth - 1;
      }
      blank(i, end);
    }
    i = end;
  }
  return out.join('');
}

const HEREDOC = /^<<-?([A-Za-z_][\w-]*)\r?\n$/;

/** The top-level blocks of an HCL file, in order. */
export function topLevelBlocks(text: string): HclBlock[] {
  const masked = maskNonCode(text);
  const blocks: HclBlock[] = [];
  const header = /([A-Za-z_][\w-]*)((?:[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*)[ \t]*\{/y;
  let depth = 0;
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i];
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0 && /[A-Za-z_]/.test(c!) && (i === 0 || /\s/.test(masked[i - 1]!))) {
      header.lastIndex = i;
      const match = header.exec(masked);
      if (!match) continue;
      const open = header.lastIndex - 1;
      const close = matchingBrace(masked, open);
      const labels = [...text.slice(i + match[1]!.length, open).matchAll(/"([^"\n]*)"|([A-Za-z_][\w-]*)/g)].map((m) => m[1] ?? m[2]!);
      blocks.push({ type: match[1]!, labels, body: text.slice(open + 1, close), text: text.slice(i, close + 1), line: lineOf(text, i) });
      i = close;
    }
  }
  return blocks;
}

/** Whether a block body sets `name = ...` at its own level (not inside a nested block). */
export function hasAttribute(body: string, name: string): boolean {
  const masked = maskNonCode(body);
  let depth = 0;
  const attribute = new RegExp(`[ \\t]*${name}[ \\t]*=(?!=)`, 'y');
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i];
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') depth--;
    else if (depth === 0 && (i === 0 || masked[i - 1] === '\n')) {
      attribute.lastIndex = i;
      if (attribute.test(masked)) return true;
    }
  }
  return false;
}

function matchingBrace(masked: string, open: number): number {
  let depth = 0;
  for (let i = open; i < masked.length; i++) {
    if (masked[i] === '{') depth++;
    else if (masked[i] === '}' && --depth === 0) return i;
  }
  return masked.length;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text[i] === '\n') line++;
  return line;
}
