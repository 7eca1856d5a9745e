import { describe, expect, it } from 'vitest';
import { LineSplitter, MAX_LINE_CHARS } from '../../../src/terraform/progress/index.js';

function split(chunks: string[]): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line));
  for (const chunk of chunks) splitter.write(chunk);
  splitter.end();
  return lines;
}

describe('LineSplitter', () => {
  const text = 'aws_instance.web: Creating...\r\naws_instance.web: Creation complete after 2s [id=i-1]\r\n\r\nApply complete!';
  const expected = ['aws_instance.web: Creating...', 'aws_instance.web: Creation complete after 2s [id=i-1]', '', 'Apply complete!'];

  it('gives the same lines wherever the chunks split them, CRLF included', () => {
    for (let cut = 0; cut <= text.length; cut++) expect(split([text.slice(0, cut), text.slice(cut)])).toEqual(expected);
    expect(split([...text])).toEqual(expected);
  });

  it('removes colour codes and hyperlinks', () => {
    expect(split(['\x1b[0m\x1b[1m\x1b[32mApply complete!\x1b[0m Resources: 1 added.\n'])).toEqual(['Apply complete! Resources: 1 added.']);
    expect(split(['\x1b]8;;https://example.com\x07link\x1b]8;;\x07\n'])).toEqual(['link']);
  });

  it('cuts a runaway line to the limit and keeps reading after it', () => {
    const long = 'x'.repeat(MAX_LINE_CHARS * 3);
    const lines = split([long.slice(0, 1000), long.slice(1000), '\nnext\n']);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toHaveLength(MAX_LINE_CHARS);
    expect(lines[1]).toBe('next');
  });

  it('emits a last line that has no newline only at the end', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.write('Destroy complete! Resources: 3 destroyed.');
    expect(lines).toEqual([]);
    splitter.end();
    expect(lines).toEqual(['Destroy complete! Resources: 3 destroyed.']);
  });
});
