import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';

/** Why a button press on a pending plan was not accepted; each has its own user-facing answer. */
export type ApprovalRefusal = 'unknown' | 'not-yours' | 'expired' | 'answered';

/**
 * Why an entry is not there any more: never known (or forgotten, e.g. after a restart), expired with its
 * session, or already answered, with the answer, so a late second press learns what happened to it.
 */
export type Gone<A> =
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: 'expired'; expiredAt: number }
  | { ok: false; reason: 'answered'; answer: A; ownerId: string };

/** A refused claim says why; a press by someone else also says whose it is, to tell them. */
export type ApprovalClaim<T, A = unknown> = { ok: true; value: T } | Gone<A> | { ok: false; reason: 'not-yours'; ownerId: string };

interface Pending<T> {
  ownerId: string;
  expiresAt: number;
  value: T;
}

/** How long an answered or expired entry is remembered, for presses of buttons that were already on screen. */
const REMEMBERED_MS = 6 * 60 * 60_000;

/**
 * Things waiting for their owner's button press (a plan to approve, a destroy to confirm). Each ID is
 * random and single-use: a claim removes it, so a double click cannot apply twice, and the answer is
 * remembered for a while, so the second click is told what the first did. Entries expire with the
 * session that made them.
 */
export class PendingApprovals<T, A = unknown> {
  readonly #pending = new Map<string, Pending<T>>();
  readonly #gone = new Map<string, { until: number; gone: Exclude<Gone<A>, { reason: 'unknown' }> }>();

  constructor(private readonly clock: Clock) {}

  /** Registers `value` for `ownerId` and returns the ID to put in the buttons' custom IDs. */
  add(ownerId: string, expiresAt: number, value: T): string {
    this.#dropExpired();
    const id = randomBytes(9).toString('base64url');
    this.#pending.set(id, { ownerId, expiresAt, value });
    return id;
  }

  /** Takes the entry if `userId` owns it and it is still valid, remembering `answer`; someone else's press leaves it in place. */
  claim(id: string, userId: string, answer?: A): ApprovalClaim<T, A> {
    const entry = this.#pending.get(id);
    if (!entry) return this.#whyGone(id);
    if (entry.ownerId !== userId) return { ok: false, reason: 'not-yours', ownerId: entry.ownerId };
    if (entry.expiresAt <= this.clock.now()) return this.#expire(id, entry);
    this.#answer(id, entry, answer);
    return { ok: true, value: entry.value };
  }

  /** The entry, left in place, while valid: for a press that may not be the last (several approvers). */
  peek(id: string): { ok: true; value: T; ownerId: string } | Gone<A> {
    const entry = this.#pending.get(id);
    if (!entry) return this.#whyGone(id);
    if (entry.expiresAt <= this.clock.now()) return this.#expire(id, entry);
    return { ok: true, value: entry.value, ownerId: entry.ownerId };
  }

  /** Takes an entry out, remembering how it was answered; false if it was already gone, so only one press can finish it. */
  remove(id: string, answer?: A): boolean {
    const entry = this.#pending.get(id);
    if (!entry) return false;
    this.#answer(id, entry, answer);
    return true;
  }

  /** Takes an entry out because its time is up (its message is about to say so); false if it was already gone. */
  expire(id: string): boolean {
    const entry = this.#pending.get(id);
    if (!entry) return false;
    this.#expire(id, entry);
    return true;
  }

  /** The IDs of the entries still waiting whose value passes `test`. */
  find(test: (value: T) => boolean): string[] {
    this.#dropExpired();
    return [...this.#pending].flatMap(([id, entry]) => (test(entry.value) ? [id] : []));
  }

  /** Every entry still waiting and not expired (e.g. to tell which plans can still be approved). */
  waiting(): T[] {
    this.#dropExpired();
    return [...this.#pending.values()].map((entry) => entry.value);
  }

  #answer(id: string, entry: Pending<T>, answer: A | undefined): void {
    this.#pending.delete(id);
    if (answer !== undefined) this.#gone.set(id, { until: entry.expiresAt + REMEMBERED_MS, gone: { ok: false, reason: 'answered', answer, ownerId: entry.ownerId } });
  }

  #expire(id: string, entry: Pending<T>): Gone<A> {
    this.#pending.delete(id);
    const gone = { ok: false, reason: 'expired', expiredAt: entry.expiresAt } as const;
    this.#gone.set(id, { until: entry.expiresAt + REMEMBERED_MS, gone });
    return gone;
  }

  #whyGone(id: string): Gone<A> {
    const remembered = this.#gone.get(id);
    if (remembered && remembered.until > this.clock.now()) return remembered.gone;
    return { ok: false, reason: 'unknown' };
  }

  #dropExpired(): void {
    const now = this.clock.now();
    for (const [id, entry] of this.#pending) if (entry.expiresAt <= now) this.#expire(id, entry);
    for (const [id, { until }] of this.#gone) if (until <= now) this.#gone.delete(id);
  }
}
