import { describe, expect, it } from 'vitest';
import { embedChars, packPages, type EmbedSection } from '../../src/discord/embed-pages.js';

const field = (i: number, size = 900) => ({ name: `Field ${i}`, value: 'x'.repeat(size) });
const section = (title: string, fields: number, size?: number): EmbedSection => ({ title, description: 'about it', color: 1, fields: Array.from({ length: fields }, (_, i) => field(i, size)) });

describe('packPages', () => {
  it('keeps a small status on one page, as one embed per section', () => {
    const pages = packPages([section('A', 3, 10), section('B', 2, 10)]);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.map((e) => e.title)).toEqual(['A', 'B']);
  });

  it.each([
    ['many large fields', [section('A', 40)]],
    ['many sections', Array.from({ length: 30 }, (_, i) => section(`S${i}`, 2, 300))],
    ['more than 25 small fields', [section('A', 60, 5)]],
  ])('fits every page within 6,000 characters, 10 embeds and 25 fields an embed: %s', (_, sections) => {
    const pages = packPages(sections);
    for (const page of pages) {
      expect(page.reduce((sum, e) => sum + embedChars(e), 0)).toBeLessThanOrEqual(5_960);
      expect(page.length).toBeLessThanOrEqual(10);
      for (const embed of page) expect(embed.fields!.length).toBeLessThanOrEqual(25);
    }
    // Nothing lost, nothing repeated, order kept.
    const names = pages.flat().flatMap((e) => e.fields!.map((f) => `${e.title?.replace(' (continued)', '')}/${f.name}`));
    expect(names).toEqual(sections.flatMap((s) => s.fields.map((f) => `${s.title}/${f.name}`)));
  });

  it('marks a section that carries on in another embed, and keeps its description on the first only', () => {
    const pages = packPages([section('A', 10)]);
    const embeds = pages.flat();
    expect(embeds[0]).toMatchObject({ title: 'A', description: 'about it' });
    expect(embeds[1]).toMatchObject({ title: 'A (continued)' });
    expect(embeds[1]!.description).toBeUndefined();
  });
});
