import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionVault } from '../../src/vault/session-vault.js';
import { ManualClock, makeSession } from '../support/sessions.js';
import { tempDir } from '../support/temp-dir.js';

describe('SessionVault', () => {
  const clock = new ManualClock();
  let vault = new SessionVault({ clock });
  afterEach(() => {
    vault.close();
    vault = new SessionVault({ clock });
  });

  it('returns the session it was given', () => {
    const session = makeSession({}, clock);
    vault.put(session);
    expect(vault.get(session.id)).toEqual(session);
  });

  it('holds no plaintext of a stored session anywhere in the heap', () => {
    // The marker is assembled only inside the session we hand over and drop, and again after the
    // snapshot, so the only way it can be in the heap is if the vault kept it in plaintext.
    const nonce = randomBytes(12).toString('hex');
    const markerOf = (n: string) => `plain-${n}-text`;
    const storeAndForget = () => vault.put(makeSession({ projectName: markerOf(nonce), projectId: markerOf(nonce) }, clock));
    storeAndForget();
    expect(vault.activeCount()).toBe(1);
    const snapshot = readFileSync(writeHeapSnapshot(join(tempDir('vault-heap-'), 'heap.heapsnapshot')), 'utf8');
    expect(snapshot).not.toContain(markerOf(nonce));
  });

  it('refuses to return a session once it has expired, and forgets it', () => {
    const session = makeSession({}, clock);
    vault.put(session);
    clock.advance(30 * 60_000 - 1);
    expect(vault.get(session.id)).toBeDefined();
    clock.advance(1);
    expect(vault.get(session.id)).toBeUndefined();
    expect(vault.activeCount()).toBe(0);
  });

  it('counts only live sessions and sweeps the expired ones', () => {
    vault.put(makeSession({ expiresAt: clock.now() + 1000 }, clock));
    vault.put(makeSession({}, clock));
    expect(vault.activeCount()).toBe(2);
    clock.advance(1000);
    expect(vault.sweep()).toBe(1);
    expect(vault.activeCount()).toBe(1);
  });

  it("lists one owner's sessions in one guild only", () => {
    const mine = makeSession({}, clock);
    vault.put(mine);
    vault.put(makeSession({ userId: '333333333333333333' }, clock));
    vault.put(makeSession({ guildId: '444444444444444444' }, clock));
    expect(vault.ownedBy(mine.guildId, mine.userId).map((s) => s.id)).toEqual([mine.id]);
  });

  it('forgets everything when closed', () => {
    const session = makeSession({}, clock);
    vault.put(session);
    vault.close();
    expect(vault.get(session.id)).toBeUndefined();
  });
});
