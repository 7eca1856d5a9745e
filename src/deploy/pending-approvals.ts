import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';

/** Why a button press on a pending plan was not accepted; each has its own user-facing answer. */
export type ApprovalRefusal = 'unknown' | 'not-yours' | 'expired';

/** A refused claim says why; a press by someone else also says whose it is, to tell them. */
export type ApprovalClaim<T> = { ok: true; value: T } | { ok: false; reason: Exclude<ApprovalRefusal, 'not-yours'> } | { ok: false; reason: 'not-yours'; ownerId: string };

interface Pending<T> {
  ownerId: string;
  expiresAt: number;
  value: T;
}

/**
 * Things waiting for their owner's button press (a plan to approve, a destroy to confirm). Each ID is
 * random and single-use: a claim removes it, so a double click cannot apply twice. Entries expire with
 * the session that made them.
 */
export class PendingApprovals<T> {
  readonly #pending = new Map<string, Pending<T>>();

  constructor(private readonly clock: Clock) {}

  /** Registers `value` for `ownerId` and returns the ID to put in the buttons' custom IDs. */
  add(ownerId: string, expiresAt: number, value: T): string {
    this.#dropExpired();
    const id = randomBytes(9).toString('base64url');
    this.#pending.set(id, { ownerId, expiresAt, value });
    return id;
  }

  /** Takes the entry if `userId` owns it and it is still valid; someone else's press leaves it in place. */
  claim(id: string, userId: string): ApprovalClaim<T> {
    const entry = this.#pending.get(id);
    if (!entry) return { ok: false, reason: 'unknown' };
    if (entry.ownerId !== userId) return { ok: false, reason: 'not-yours', ownerId: entry.ownerId };
    this.#pending.delete(id);
    if (entry.expiresAt <= this.clock.now()) return { ok: false, reason: 'expired' };
    return { ok: true, value: entry.value };
  }

  /** The entry, left in place, while valid: for a press that may not be the last (several approvers). */
  peek(id: string): { ok: true; value: T; ownerId: string } | { ok: false; reason: 'unknown' | 'expired' } {
    const entry = this.#pending.get(id);
    if (!entry) return { ok: false, reason: 'unknown' };
    if (entry.expiresAt <= this.clock.now()) {
      this.#pending.delete(id);
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, value: entry.value, ownerId: entry.ownerId };
  }

  /** Takes an entry out; false if it was already gone, so only one press can finish it. */
  remove(id: string): boolean {
    return this.#pending.delete(id);
  }

  /** Every entry still waiting and not expired (e.g. to tell which plans can still be approved). */
  waiting(): T[] {
    this.#dropExpired();
    return [...this.#pending.values()].map((entry) => entry.value);
  }

  #dropExpired(): void {
    const now = this.clock.now();
    for (const [id, entry] of this.#pending) if (entry.expiresAt <= now) this.#pending.delete(id);
  }
}
