import { describe, expect, it } from 'vitest';
import { hasAttribute, maskNonCode, topLevelBlocks } from '../../src/deploy/hcl-scan.js';

const TRICKY = `# variable "in_a_comment" {
variable "quoted" {
  default = "\${join("}", ["{"])} $\${literal} %%{x} \\" }"
  validation {
    condition = true
  }
}
variable bare {
  type = string // }
  description = <<-EOT
    variable "in_a_heredoc" {
    EOT
}
/* variable "in_a_block_comment" { */
resource "terraform_data" "x" {
  input = { default = 1 }
}
output "o" { value = "}" }
`;

describe('the HCL block scanner', () => {
  it('finds the top-level blocks, whatever comments, strings and heredocs hold', () => {
    expect(topLevelBlocks(TRICKY).map((b) => [b.type, b.labels, b.line])).toEqual([
      ['variable', ['quoted'], 2],
      ['variable', ['bare'], 8],
      ['resource', ['terraform_data', 'x'], 15],
      ['output', ['o'], 18],
    ]);
  });

  it('keeps the block text as written', () => {
    expect(topLevelBlocks(TRICKY)[3]!.text).toBe('output "o" { value = "}" }');
  });

  it('masks without moving anything: same length, same line breaks', () => {
    const masked = maskNonCode(TRICKY);
    expect(masked).toHaveLength(TRICKY.length);
    expect(masked.split('\n').length).toBe(TRICKY.split('\n').length);
    expect(masked).not.toMatch(/in_a_|join|literal/);
  });

  it('tells an attribute of the block from one of a nested block or object', () => {
    const [quoted, bare, resource] = topLevelBlocks(TRICKY);
    expect(hasAttribute(quoted!.body, 'default')).toBe(true);
    expect(hasAttribute(bare!.body, 'default')).toBe(false);
    expect(hasAttribute(resource!.body, 'default')).toBe(false);
    expect(hasAttribute('\n  default == 1\n', 'default')).toBe(false);
  });
});
