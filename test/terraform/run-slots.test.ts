import { describe, expect, it } from 'vitest';
import { LeftQueueError, RunSlots, ordinal } from '../../src/terraform/run-slots.js';

describe('RunSlots', () => {
  it('grants up to the limit at once, then queues first come first served, telling each waiter its place as the line moves', async () => {
    const slots = new RunSlots(2);
    const first = await slots.acquire();
    await slots.acquire();
    const places: Record<string, number[]> = { c: [], d: [] };
    const order: string[] = [];
    const c = slots.acquire({ onQueued: (p) => places.c!.push(p) }).then((release) => (order.push('c'), release));
    const d = slots.acquire({ onQueued: (p) => places.d!.push(p) }).then((release) => (order.push('d'), release));
    expect({ running: slots.running, waiting: slots.waiting, places }).toEqual({ running: 2, waiting: 2, places: { c: [1], d: [2] } });
    first();
    first(); // a second release frees nothing more
    const releaseC = await c;
    expect({ order, running: slots.running, waiting: slots.waiting, places }).toEqual({ order: ['c'], running: 2, waiting: 1, places: { c: [1], d: [2, 1] } });
    releaseC();
    await d;
    expect(order).toEqual(['c', 'd']);
  });

  it('takes a waiter out of line when its signal aborts, and moves those behind it up', async () => {
    const slots = new RunSlots(1);
    const release = await slots.acquire();
    const leave = new AbortController();
    const behind: number[] = [];
    const left = slots.acquire({ signal: leave.signal });
    const next = slots.acquire({ onQueued: (p) => behind.push(p) });
    leave.abort();
    await expect(left).rejects.toBeInstanceOf(LeftQueueError);
    expect(behind).toEqual([2, 1]);
    release();
    await next;
    expect(slots.running).toBe(1);
  });

  it('lets a run that is already running (re-attached after a restart) occupy a slot past the limit; new runs wait behind it', async () => {
    const slots = new RunSlots(1);
    const a = slots.occupy();
    const b = slots.occupy();
    expect(slots.running).toBe(2);
    let granted = false;
    const waiting = slots.acquire().then((release) => ((granted = true), release));
    a();
    await Promise.resolve();
    expect(granted).toBe(false);
    b();
    await waiting;
    expect(granted).toBe(true);
  });

  it.each([[1, '1st'], [2, '2nd'], [3, '3rd'], [4, '4th'], [11, '11th'], [12, '12th'], [13, '13th'], [21, '21st'], [102, '102nd'], [111, '111th']])('ordinal(%i) is %s', (n, text) => {
    expect(ordinal(n)).toBe(text);
  });
});
