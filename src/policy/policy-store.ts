import type { Clock } from '../clock.js';
import { open, seal } from '../crypto/aead.js';
import type { Db } from '../db/database.js';
import { UserFacingError } from '../errors.js';
import type { Logger } from '../log.js';
import { DEFAULT_POLICY, policySchema, type Policy } from './policy.js';
import { serverSubkey } from '../crypto/subkeys.js';

/** Each server's policy in SQLite, sealed; a server that never set one has {@link DEFAULT_POLICY}. */
export class PolicyStore {
  readonly #key: Buffer;
  readonly #previousKey: Buffer | undefined;
  readonly #sql;

  /** `previousSecret` (RECOVERY_SECRET_PREVIOUS): a policy sealed under it still opens, and is re-sealed under `secret`. */
  constructor(private readonly deps: { db: Db; secret: Buffer; previousSecret?: Buffer | undefined; clock: Clock; log: Logger }) {
    this.#key = serverSubkey(deps.secret, 'guild-policy/v1');
    this.#previousKey = deps.previousSecret && serverSubkey(deps.previousSecret, 'guild-policy/v1');
    this.#sql = {
      get: deps.db.prepare<[string], { policy: Buffer }>('SELECT policy FROM guild_policies WHERE guild_id = ?'),
      all: deps.db.prepare<[], { guild_id: string }>('SELECT guild_id FROM guild_policies'),
      reseal: deps.db.prepare<[Buffer, string]>('UPDATE guild_policies SET policy = ? WHERE guild_id = ?'),
      put: deps.db.prepare(`INSERT INTO guild_policies (guild_id, policy, updated_by, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (guild_id) DO UPDATE SET policy = excluded.policy, updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
    };
  }

  /**
   * The policy in force. A row that no longer opens (another server secret, or altered) fails closed: falling
   * back to the permissive defaults would unlock a locked-down server.
   */
  get(guildId: string): Policy {
    const row = this.#sql.get.get(guildId);
    if (!row) return DEFAULT_POLICY;
    const policy = this.#open(guildId, row.policy);
    if (policy) return policy;
    this.deps.log.error({ guildId }, 'the server policy does not open (sealed under another server secret, or altered): deploys refused until RECOVERY_SECRET_PREVIOUS opens it or an admin runs /cloud-policy reset');
    throw new UserFacingError(
      "This server's approval policy does not open: it was sealed under another server secret, or changed in the database. "
      + 'Until an admin restarts the bot with the old secret as `RECOVERY_SECRET_PREVIOUS`, or replaces the policy with `/cloud-policy reset` (then sets it again), '
      + 'nothing can be deployed, approved or torn down on this server.',
    );
  }

  /** For what only displays the policy (/cloud-status budgets): undefined when it does not open, instead of failing. */
  forDisplay(guildId: string): Policy | undefined {
    const row = this.#sql.get.get(guildId);
    return row ? this.#open(guildId, row.policy) : DEFAULT_POLICY;
  }

  /** After a secret rotation: re-seals each policy still sealed under the previous secret. Returns the counts. */
  resealUnderCurrentSecret(): { resealed: number; unreadable: number } {
    let resealed = 0;
    let unreadable = 0;
    for (const { guild_id: guildId } of this.#sql.all.all()) {
      const row = this.#sql.get.get(guildId);
      if (!row) continue;
      if (this.#openWith(this.#key, guildId, row.policy)) continue;
      if (this.#open(guildId, row.policy)) resealed++;
      else unreadable++;
    }
    return { resealed, unreadable };
  }

  /** Opens under the current key, else under the previous one and re-seals it; undefined if neither opens. */
  #open(guildId: string, sealed: Buffer): Policy | undefined {
    const current = this.#openWith(this.#key, guildId, sealed);
    if (current || !this.#previousKey) return current;
    const old = this.#openWith(this.#previousKey, guildId, sealed);
    if (old) this.#sql.reseal.run(this.#seal(guildId, old), guildId);
    return old;
  }

  #openWith(key: Buffer, guildId: string, sealed: Buffer): Policy | undefined {
    try {
      return policySchema.parse(JSON.parse(open(key, sealed, Buffer.from(`policy/v1\0${guildId}`)).toString('utf8')));
    } catch {
      return undefined;
    }
  }

  #seal(guildId: string, policy: Policy): Buffer {
    return seal(this.#key, Buffer.from(JSON.stringify(policySchema.parse(policy))), Buffer.from(`policy/v1\0${guildId}`));
  }

  /** Whether the server ever set a policy (else it runs on the defaults). */
  isSet(guildId: string): boolean {
    return this.#sql.get.get(guildId) !== undefined;
  }

  put(guildId: string, policy: Policy, updatedBy: string): void {
    this.#sql.put.run(guildId, this.#seal(guildId, policy), updatedBy, this.deps.clock.now());
  }
}
