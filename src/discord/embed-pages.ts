import type { APIEmbed, APIEmbedField } from 'discord.js';

/** One titled block of fields (a session and its deployments); it may continue over several embeds and pages. */
export interface EmbedSection {
  title: string;
  description?: string;
  color: number;
  fields: APIEmbedField[];
}

// Discord's limits for one message: 10 embeds, 25 fields each, 6,000 characters over all its embeds.
export const MESSAGE_EMBED_CHARS = 6_000;
const MAX_EMBEDS = 10;
const MAX_FIELDS = 25;
/** Room kept on every page for its footer ("Page 2 of 3"). */
const FOOTER_ROOM = 40;

/** The characters Discord counts towards the 6,000: title, description, field names and values, footer. */
export function embedChars(embed: APIEmbed): number {
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0)
    + (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
}

/**
 * Packs sections into pages, each a message's worth of embeds that fits every limit. A section whose
 * fields do not fit carries on in the next embed (or page) under "(continued)"; a field is never split.
 * Each field must fit an embed on its own (callers clip values to 1,024 and names to 256).
 */
export function packPages(sections: readonly EmbedSection[], budget = MESSAGE_EMBED_CHARS - FOOTER_ROOM): APIEmbed[][] {
  const pages: APIEmbed[][] = [];
  let page: APIEmbed[] = [];
  let used = 0;
  const newPage = () => {
    if (page.length > 0) pages.push(page);
    page = [];
    used = 0;
  };
  const open = (section: EmbedSection, continued: boolean): APIEmbed => {
    const embed: APIEmbed = { title: continued ? `${section.title} (continued)` : section.title, color: section.color, fields: [] };
    if (!continued && section.description) embed.description = section.description;
    if (page.length === MAX_EMBEDS || used + embedChars(embed) > budget) newPage();
    page.push(embed);
    used += embedChars(embed);
    return embed;
  };

  for (const section of sections) {
    let embed = open(section, false);
    for (const field of section.fields) {
      const size = field.name.length + field.value.length;
      if (embed.fields!.length === MAX_FIELDS || used + size > budget) {
        if (used + size > budget) newPage();
        embed = open(section, true);
      }
      embed.fields!.push(field);
      used += size;
    }
  }
  newPage();
  return pages;
}
