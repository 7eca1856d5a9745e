import { z } from 'zod';
import { cloudCredentialsSchema } from '../cloud/credentials.js';
import { PROVIDERS } from '../cloud/providers.js';

/** New IDs are letters and digits; sessions opened before that (base64url, with `-` and `_`) still recover. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** Everything a /cloud-init session holds. It lives encrypted in the vault and in the recovery blob. */
export const sessionSchema = z.object({
  /** 130 random bits as 22 letters and digits: unguessable, safe in custom IDs, copied in one piece. */
  id: z.string().regex(SESSION_ID_PATTERN),
  userId: z.string(),
  guildId: z.string(),
  provider: z.enum(PROVIDERS),
  projectName: z.string(),
  projectId: z.string(),
  region: z.string(),
  credentials: cloudCredentialsSchema.optional(),
  /** Unix milliseconds. */
  createdAt: z.number(),
  /** Unix milliseconds; the session is unusable from then on. */
  expiresAt: z.number(),
});
export type Session = z.infer<typeof sessionSchema>;
