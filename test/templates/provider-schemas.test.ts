import { describe, expect, it } from 'vitest';
import { loadProviderSchemas } from '../support/provider-schemas.js';
import { checkModule } from '../support/template-check.js';
import { parseDeployTemplates } from '../support/template-modules.js';

// HashiCorp's parser is WASM: loading it and parsing 12 modules takes a few seconds on a busy machine.
const modules = await parseDeployTemplates();
const schemas = loadProviderSchemas();

describe('every deploy template, checked against the provider schemas at both ends of its constraints', () => {
  it.each(modules.map((module) => [module.label, module] as const))('%s', (_label, module) => {
    const result = checkModule(module, schemas);
    console.log(`${result.label}: ${result.checked.join('; ')}${result.problems.length ? '' : ' — no problems'}`);
    expect(result.problems).toEqual([]);
    expect(result.checked.length).toBeGreaterThan(0);
  });
});
