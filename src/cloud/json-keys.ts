/**
 * The first object key in a JSON text that repeats within its object, exactly or in another letter case.
 * JSON.parse keeps the last of duplicate keys, while Go's decoder (which the Terraform providers use)
 * matches keys case-insensitively: a document with such twins can mean one thing to our validation and
 * another to the provider, so it must be refused before anything else reads it. Expects valid JSON.
 */
export function findRepeatedKey(text: string): { key: string; exact: boolean } | undefined {
  // One entry per open container: the lowercased keys seen in an object, or null for an array.
  const open: (Map<string, string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '{') {
      open.push(new Map());
      expectKey = true;
    } else if (char === '[') {
      open.push(null);
    } else if (char === '}' || char === ']') {
      open.pop();
      expectKey = false;
    } else if (char === ',') {
      expectKey = open.at(-1) instanceof Map;
    } else if (char === '"') {
      const end = endOfString(text, i);
      const keys = open.at(-1);
      if (expectKey && keys) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        const seen = keys.get(fold(key));
        if (seen !== undefined) return { key, exact: seen === key };
        keys.set(fold(key), key);
        expectKey = false;
      }
      i = end;
    }
  }
  return undefined;
}

/** Case folding at least as wide as Go's (its `ſ` matches `s`, and the Kelvin sign `K` matches `k`). */
function fold(key: string): string {
  return key.toUpperCase().toLowerCase();
}

/** Index of the quote that closes the string opening at `start`. */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}
