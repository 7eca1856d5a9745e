import { OpenAI } from 'openai';
import type { Provider, Validation } from '../cloud/providers.js';
import type { ResourceKind } from '../cloud/resource-kinds.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { estimateCost, listMachineTypes, type CostFigures, type MachineTypeOption } from './cost-math.js';
import { guardNumbers } from './number-guard.js';
import { loadPricingCatalog, type PricingCatalog } from './pricing-catalog.js';
import type { ResourceDescription } from './resource.js';
import { tellStory, type StoryNames, type StorytellerLlm } from './storyteller.js';
import { computedLines, templateNarrative, type NarrativeText } from './template-narrative.js';
import { treasureMatchesSaving } from './treasure-guard.js';

/** A cost story with the figures behind it, and who told it. */
export interface CostNarrative extends NarrativeText {
  source: 'llm' | 'template';
  /** Why the template was used (no key, timeout, HTTP error, bad reply): for the operator's log, never for the channel. */
  fallbackReason?: string;
  /** The model that narrated, when `source` is 'llm'. */
  model?: string;
  figures: CostFigures;
}

export interface CostAdvisorOptions {
  catalog: PricingCatalog;
  lattePriceUsd: number;
  log: Logger;
  /** Absent when no API key is configured: every narrative is then the template. */
  llm?: StorytellerLlm;
}

/** Longest free-text part kept from the model; Discord fields allow 1,024 and the story should be short. */
const MAX_PART_CHARS = 300;

/**
 * Turns a resource description into a cost narrative. Numbers always come from the catalog; the
 * model, when there is one, only writes the words around them, and any failure falls back to a template.
 * Unknown types and regions come back as `{ ok: false, error }` with a message for the user.
 */
export class CostAdvisor {
  readonly #catalog: PricingCatalog;
  readonly #lattePriceUsd: number;
  readonly #log: Logger;
  readonly #llm: StorytellerLlm | undefined;

  constructor(options: CostAdvisorOptions) {
    this.#catalog = options.catalog;
    this.#lattePriceUsd = options.lattePriceUsd;
    this.#log = options.log;
    this.#llm = options.llm;
  }

  estimate(resource: ResourceDescription): Validation<CostFigures> {
    return estimateCost(this.#catalog, resource, this.#lattePriceUsd);
  }

  listMachineTypes(provider: Provider, region: string, kind: ResourceKind, nodeCount?: number): Validation<MachineTypeOption[]> {
    return listMachineTypes(this.#catalog, provider, region, kind, nodeCount);
  }

  async narrate(resource: ResourceDescription, names: StoryNames): Promise<Validation<CostNarrative>> {
    const estimate = this.estimate(resource);
    if (!estimate.ok) return estimate;
    const figures = estimate.value;
    if (!this.#llm) {
      this.#log.debug('no OpenAI API key is configured; using the template narrative');
      return { ok: true, value: this.#template(figures, 'no OpenAI API key is configured') };
    }

    const story = await tellStory(this.#llm, figures, { projectName: clip(names.projectName, 100), resourceName: clip(names.resourceName, 100) }, this.#log);
    if (!story.ok) {
      this.#log.warn({ reason: story.reason, model: this.#llm.model }, 'cost storyteller failed; using the template narrative');
      return { ok: true, value: this.#template(figures, story.reason) };
    }

    const template = templateNarrative(figures);
    const computed = computedLines(figures);
    let corrections = 0;
    const honest = (text: string, fallback: string): string => {
      const guarded = guardNumbers(text, figures);
      corrections += guarded.corrections;
      return clip(guarded.text ?? fallback, MAX_PART_CHARS);
    };
    // The treasure must be the computed saving: a model that offers another one is replaced, not corrected.
    const treasure = story.reply.treasure_hunt.optimization;
    const treasureFits = treasureMatchesSaving(treasure, figures, this.#catalog);
    if (!treasureFits) this.#log.info({ model: story.model, saving: figures.savings?.kind ?? 'none' }, 'the storyteller named another saving than the computed one; using the template treasure');
    const narrative: CostNarrative = {
      source: 'llm',
      model: story.model,
      figures,
      // The two number-bearing parts are rebuilt from the figures rather than trusted.
      coffeeCupCost: computed.coffeeCupCost,
      realWorldAnalogy: honest(story.reply.real_world_analogy, template.realWorldAnalogy),
      blastRadius: honest(story.reply.blast_radius, template.blastRadius),
      treasureHunt: {
        optimization: treasureFits ? honest(treasure, template.treasureHunt.optimization) : template.treasureHunt.optimization,
        estimatedSavings: computed.estimatedSavings,
      },
    };
    if (corrections > 0) this.#log.info({ corrections, model: story.model }, 'corrected numbers in the cost story');
    return { ok: true, value: narrative };
  }

  #template(figures: CostFigures, reason: string): CostNarrative {
    return { source: 'template', fallbackReason: reason, figures, ...templateNarrative(figures) };
  }
}

/** The advisor as the app wires it: the bundled catalog, and a storyteller only when an API key is set. */
export function createCostAdvisor(config: Pick<Config, 'openai' | 'lattePriceUsd'>, log: Logger, catalog: PricingCatalog = loadPricingCatalog()): CostAdvisor {
  const { apiKey, baseUrl, model, timeoutMs } = config.openai;
  // No retries: the whole story has a few seconds, and the SDK would otherwise wait out a 429's
  // Retry-After (and back off twice more) while the user watches; the template is the better answer.
  const llm = apiKey ? { client: new OpenAI({ apiKey, baseURL: baseUrl, timeout: timeoutMs, maxRetries: 0 }), model, timeoutMs } : undefined;
  return new CostAdvisor({ catalog, lattePriceUsd: config.lattePriceUsd, log, ...(llm ? { llm } : {}) });
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}
