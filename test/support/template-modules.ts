import { PROVIDERS } from '../../src/cloud/providers.js';
import { RESOURCE_KINDS } from '../../src/cloud/resource-kinds.js';
import { sharedTemplateDirectory, templateDirectory } from '../../src/deploy/terraform-templates.js';
import { parseModule, readTerraformFiles, type TerraformModule } from './terraform-modules.js';

/** Every template the bot deploys, each parsed as Terraform sees it: its own files plus its provider's shared ones. */
export async function parseDeployTemplates(): Promise<TerraformModule[]> {
  const modules: TerraformModule[] = [];
  for (const provider of PROVIDERS) {
    for (const kind of RESOURCE_KINDS) {
      const files = readTerraformFiles([sharedTemplateDirectory(provider), templateDirectory(provider, kind)]);
      modules.push(await parseModule(`${provider}/${kind}`, files));
    }
  }
  return modules;
}
