import { ComponentType, MessageFlags, type APIEmbed, type APIMessageTopLevelComponent } from 'discord-api-types/v10';
import { z } from 'zod';
import { errors } from './http-errors.js';

// Discord's limits, checked where cheap so that a bot bug fails in tests as it would in production.
const upTo = (max: number) => ({ error: `Must be ${max} or fewer in length.` });
const text = (min: number, max: number) =>
  z.string().min(min, { error: `Must be between ${min} and ${max} in length.` }).max(max, upTo(max));

const embedSchema = z.looseObject({
  title: text(0, 256).optional(),
  description: text(0, 4096).optional(),
  fields: z.array(z.looseObject({ name: text(1, 256), value: text(1, 1024), inline: z.boolean().optional() })).max(25, upTo(25)).optional(),
  footer: z.looseObject({ text: text(0, 2048) }).optional(),
  author: z.looseObject({ name: text(0, 256) }).optional(),
});

type ComponentInput = { type: number; custom_id?: string; components?: ComponentInput[] };
const componentSchema: z.ZodType<ComponentInput> = z.lazy(() =>
  z.looseObject({
    type: z.number().int(),
    custom_id: text(1, 100).optional(),
    label: text(0, 80).optional(),
    options: z.array(z.looseObject({ label: text(1, 100), value: text(1, 100) })).max(25, upTo(25)).optional(),
    components: z.array(componentSchema).optional(),
  }),
);

const EMBED_TOTAL_MAX = 6000;

const messageSchema = z
  .looseObject({
    content: text(0, 2000).nullish(),
    embeds: z.array(embedSchema).max(10, upTo(10)).nullish(),
    components: z.array(componentSchema).nullish(),
    flags: z.number().int().nullish(),
    attachments: z.array(z.looseObject({ id: z.union([z.string(), z.number()]) })).nullish(),
  })
  .superRefine((body, ctx) => {
    const total = (body.embeds ?? []).reduce((sum, embed) => sum + embedLength(embed), 0);
    if (total > EMBED_TOTAL_MAX) {
      ctx.addIssue({ code: 'custom', path: ['embeds'], params: { code: 'MAX_EMBED_SIZE_EXCEEDED' }, message: `Embed size exceeds maximum size of ${EMBED_TOTAL_MAX}` });
    }
    const rows = body.components ?? [];
    // Components v2 messages have no action-row limit of their own (40 components in all).
    if (((body.flags ?? 0) & MessageFlags.IsComponentsV2) === 0 && rows.length > 5) {
      ctx.addIssue({ code: 'custom', path: ['components'], params: { code: 'BASE_TYPE_BAD_LENGTH' }, message: 'Must be between 1 and 5 in length.' });
    }
    rows.forEach((row, i) => {
      if (row.type === ComponentType.ActionRow && (row.components?.length ?? 0) > 5) {
        ctx.addIssue({ code: 'custom', path: ['components', i, 'components'], params: { code: 'BASE_TYPE_BAD_LENGTH' }, message: 'Must be between 1 and 5 in length.' });
      }
    });
  });

function embedLength(embed: z.infer<typeof embedSchema>): number {
  const parts = [embed.title, embed.description, embed.footer?.text, embed.author?.name, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value])];
  return parts.reduce((sum, part) => sum + (part?.length ?? 0), 0);
}

/** The message fields of a create/edit body the fake keeps; absent means "unchanged" on edits. */
export interface MessageBody {
  content?: string | null;
  embeds?: APIEmbed[] | null;
  components?: APIMessageTopLevelComponent[] | null;
  flags?: number | null;
  attachments?: { id: string | number }[] | null;
  allowed_mentions?: { parse?: string[]; users?: string[] } | null;
}

/** Validates a message body against Discord's limits; throws 400/50035 with Discord's error tree. */
export function parseMessageBody(body: unknown, path: (string | number)[] = []): MessageBody {
  // The schema checks limits only; the fields it keeps are passed through with their API shapes.
  return parseOrThrow(messageSchema, body ?? {}, path) as MessageBody;
}

const choicesSchema = z.looseObject({
  choices: z.array(z.looseObject({ name: text(1, 100), value: z.union([text(0, 100), z.number()]) })).max(25, upTo(25)),
});
const modalSchema = z.looseObject({ custom_id: text(1, 100), title: text(1, 45), components: z.array(componentSchema).min(1).max(5, upTo(5)) });

export const parseAutocompleteResult = (data: unknown) => parseOrThrow(choicesSchema, data, ['data']);
export const parseModal = (data: unknown) => parseOrThrow(modalSchema, data, ['data']);

/** Parses with `schema`, or throws Discord's 50035 with each issue at its path under `prefix`. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, prefix: (string | number)[] = []): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const tree: Record<string, unknown> = {};
  for (const issue of result.error.issues) {
    let node = tree;
    for (const key of [...prefix, ...issue.path]) node = (node[String(key)] ??= {}) as Record<string, unknown>;
    const errorsAtNode = (node._errors ??= []) as { code: string; message: string }[];
    errorsAtNode.push({ code: discordCode(issue), message: issue.message });
  }
  throw errors.invalidFormBody(tree);
}

function discordCode(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom') return String(issue.params?.code ?? 'BASE_TYPE_INVALID');
  if (issue.code === 'too_big') return 'BASE_TYPE_MAX_LENGTH';
  if (issue.code === 'too_small') return 'BASE_TYPE_BAD_LENGTH';
  return issue.code === 'invalid_type' ? 'BASE_TYPE_REQUIRED' : 'BASE_TYPE_INVALID';
}
