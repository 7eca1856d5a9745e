import { describe, expect, it } from 'vitest';
import { EditCoalescer } from '../../src/discord/edit-coalescer.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('EditCoalescer', () => {
  it('makes a bounded number of edits for a flood of states, ending with the final one', async () => {
    const shown: number[] = [];
    const coalescer = new EditCoalescer<number>({ intervalMs: 50, edit: async (n) => void shown.push(n) });
    const started = performance.now();
    for (let i = 0; i <= 3000; i++) {
      coalescer.update(i);
      if (i % 100 === 0) await sleep(5);
    }
    await coalescer.finish(3000);
    const elapsed = performance.now() - started;
    expect(shown.at(-1)).toBe(3000);
    expect(shown.length).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 2);
    expect(shown).toEqual([...shown].sort((a, b) => a - b)); // never goes backwards
  });

  it('never runs two edits at once, and shows the newest state after a slow edit', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const shown: string[] = [];
    const coalescer = new EditCoalescer<string>({
      intervalMs: 10,
      edit: async (s) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await sleep(60);
        shown.push(s);
        inFlight--;
      },
    });
    coalescer.update('a');
    await sleep(20);
    coalescer.update('b');
    coalescer.update('c');
    await sleep(200);
    expect(maxInFlight).toBe(1);
    expect(shown).toEqual(['a', 'c']);
  });

  it('retries a failed final edit so the final state is never lost', async () => {
    const shown: string[] = [];
    let failures = 2;
    const errors: number[] = [];
    const coalescer = new EditCoalescer<string>({
      intervalMs: 5,
      edit: async (s) => {
        if (s === 'final' && failures-- > 0) throw new Error('429: You are being rate limited.');
        shown.push(s);
      },
      onError: (_e, attempt) => errors.push(attempt),
    });
    coalescer.update('progress');
    await sleep(20);
    await coalescer.finish('final');
    expect(shown).toEqual(['progress', 'final']);
    expect(errors).toEqual([1, 2]);
  });

  it('keeps going after an intermediate edit fails', async () => {
    const shown: string[] = [];
    const coalescer = new EditCoalescer<string>({
      intervalMs: 5,
      edit: async (s) => {
        if (s === 'bad') throw new Error('500');
        shown.push(s);
      },
    });
    coalescer.update('bad');
    await sleep(20);
    coalescer.update('good');
    await sleep(20);
    await coalescer.finish('done');
    expect(shown).toEqual(['good', 'done']);
  });

  it('lets the final state replace one not yet shown', async () => {
    const shown: string[] = [];
    const coalescer = new EditCoalescer<string>({ intervalMs: 1000, edit: async (s) => void shown.push(s) });
    coalescer.update('first');
    await sleep(10);
    coalescer.update('superseded');
    await coalescer.finish('final');
    expect(shown).toEqual(['first', 'final']);
  });
});
