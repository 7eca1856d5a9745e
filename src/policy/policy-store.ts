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
  readonly #sql;

  constructor(private readonly deps: { db: Db; secret: Buffer; clock: Clock; log: Logger }) {
    this.#key = serverSubkey(deps.secret, 'guild-policy/v1');
    this.#sql = {
      get: deps.db.prepare<[string], { policy: Buffer }>('SELECT policy FROM guild_policies WHERE guild_id = ?'),
      put: deps.db.prepare(`INSERT INTO guild_policies (guild_id, policy, updated_by, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (guild_id) DO UPDATE SET policy = excluded.policy, updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
    };
  }

  /**
   * The policy in force. A row that no longer opens (the server secret changed) fails closed: falling
   * back to the permissive defaults would unlock a locked-down server.
   */
  get(guildId: string): Policy {
    const row = this.#sql.get.get(guildId);
    if (!row) return DEFAULT_POLICY;
    try {
      return policySchema.parse(JSON.parse(open(this.#key, row.policy, Buffer.from(`policy/v1\0${guildId}`)).toString('utf8')));
    } catch (err) {
      this.deps.log.error({ err, guildId }, 'the server policy does not open (server secret changed?)');
      throw new UserFacingError("This server's approval policy cannot be read (the bot's server secret changed). Until an admin sets it again with `/cloud-policy`, nothing can be deployed, approved or torn down.");
    }
  }

  /** Whether the server ever set a policy (else it runs on the defaults). */
  isSet(guildId: string): boolean {
    return this.#sql.get.get(guildId) !== undefined;
  }

  put(guildId: string, policy: Policy, updatedBy: string): void {
    const sealed = seal(this.#key, Buffer.from(JSON.stringify(policySchema.parse(policy))), Buffer.from(`policy/v1\0${guildId}`));
    this.#sql.put.run(guildId, sealed, updatedBy, this.deps.clock.now());
  }
}
