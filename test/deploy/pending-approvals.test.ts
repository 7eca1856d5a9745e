import { describe, expect, it } from 'vitest';
import { PendingApprovals } from '../../src/deploy/pending-approvals.js';
import { ManualClock } from '../support/sessions.js';

describe('PendingApprovals', () => {
  it('gives the entry to its owner exactly once', () => {
    const clock = new ManualClock();
    const approvals = new PendingApprovals<string>(clock);
    const id = approvals.add('owner', clock.now() + 1000, 'plan-1');
    expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(approvals.claim(id, 'owner')).toEqual({ ok: true, value: 'plan-1' });
    expect(approvals.claim(id, 'owner')).toEqual({ ok: false, reason: 'unknown' });
  });

  it("refuses someone else's press and keeps the entry for its owner", () => {
    const clock = new ManualClock();
    const approvals = new PendingApprovals<string>(clock);
    const id = approvals.add('owner', clock.now() + 1000, 'plan-1');
    expect(approvals.claim(id, 'intruder')).toEqual({ ok: false, reason: 'not-yours', ownerId: 'owner' });
    expect(approvals.claim(id, 'owner')).toMatchObject({ ok: true });
  });

  it('refuses an entry whose session has expired', () => {
    const clock = new ManualClock();
    const approvals = new PendingApprovals<string>(clock);
    const id = approvals.add('owner', clock.now() + 1000, 'plan-1');
    clock.advance(1000);
    expect(approvals.claim(id, 'owner')).toEqual({ ok: false, reason: 'expired', expiredAt: clock.now() });
  });

  it('lets several presses look at an entry, and only one take it', () => {
    const clock = new ManualClock();
    const approvals = new PendingApprovals<string>(clock);
    const id = approvals.add('owner', clock.now() + 1000, 'plan-1');
    expect(approvals.peek(id)).toEqual({ ok: true, value: 'plan-1', ownerId: 'owner' });
    expect(approvals.peek(id)).toMatchObject({ ok: true });
    expect(approvals.remove(id)).toBe(true);
    expect(approvals.remove(id)).toBe(false);
    expect(approvals.peek(id)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('does not show an expired entry to a peek', () => {
    const clock = new ManualClock();
    const approvals = new PendingApprovals<string>(clock);
    const id = approvals.add('owner', clock.now() + 1000, 'plan-1');
    clock.advance(1000);
    const expiredAt = clock.now();
    expect(approvals.peek(id)).toEqual({ ok: false, reason: 'expired', expiredAt });
    // Still known as expired, for a button pressed on a message that still showed it; forgotten hours later.
    expect(approvals.peek(id)).toEqual({ ok: false, reason: 'expired', expiredAt });
    clock.advance(6 * 60 * 60_000);
    expect(approvals.peek(id)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('tells a late press how the entry was answered, whoever presses', () => {
    const clock = new ManualClock();
    const approvals = new PendingApprovals<string, { by: string }>(clock);
    const plan = approvals.add('owner', clock.now() + 1000, 'plan-1');
    expect(approvals.remove(plan, { by: 'approver' })).toBe(true);
    expect(approvals.peek(plan)).toEqual({ ok: false, reason: 'answered', answer: { by: 'approver' }, ownerId: 'owner' });
    const choice = approvals.add('owner', clock.now() + 1000, 'menu-1');
    expect(approvals.claim(choice, 'owner', { by: 'owner' })).toEqual({ ok: true, value: 'menu-1' });
    expect(approvals.claim(choice, 'owner', { by: 'owner' })).toEqual({ ok: false, reason: 'answered', answer: { by: 'owner' }, ownerId: 'owner' });
    expect(approvals.claim(choice, 'intruder')).toMatchObject({ reason: 'answered', ownerId: 'owner' });
  });

  it('expires an entry on request, once', () => {
    const clock = new ManualClock();
    const approvals = new PendingApprovals<string>(clock);
    const id = approvals.add('owner', clock.now() + 1000, 'plan-1');
    expect(approvals.expire(id)).toBe(true);
    expect(approvals.expire(id)).toBe(false);
    expect(approvals.remove(id)).toBe(false);
    expect(approvals.peek(id)).toMatchObject({ reason: 'expired' });
  });
});
