/** The bot's embed colours, one meaning each across messages. */
export const COLORS = {
  info: 0x3b82f6,
  success: 0x22c55e,
  warning: 0xf59e0b,
  danger: 0xef4444,
  neutral: 0x64748b,
  llm: 0x8b5cf6,
} as const;

/** The one mark each kind of answer starts with, in every command: ⚠️ is kept for warnings (over budget). */
export const ANSWER_MARKS = { error: '❌', refusal: '🚫' } as const;

/** Discord's limit for an embed field's value. */
export const FIELD_MAX = 1024;

/** Text cut to fit an embed slot of `max` characters (with an ellipsis); empty text becomes a dash, which Discord accepts. */
export function fitEmbed(text: string, max: number = FIELD_MAX): string {
  const value = text.trim() === '' ? '—' : text;
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
