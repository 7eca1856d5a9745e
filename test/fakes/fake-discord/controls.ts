import type { FakeMessage } from './model.js';

/** The interactive parts of a message, as a test reads them: buttons and select menus out of their action rows. */
export interface MessageControl {
  type: number;
  custom_id?: string;
  label?: string;
  disabled?: boolean;
  options?: { label: string; value: string; default?: boolean }[];
}

export function controlsOf(message: Pick<FakeMessage, 'components'>): MessageControl[] {
  return message.components.flatMap((row) => ('components' in row ? (row.components as unknown as MessageControl[]) : []));
}
