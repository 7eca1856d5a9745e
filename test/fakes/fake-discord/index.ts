export { controlsOf, type MessageControl } from './controls.js';
export { FakeDiscord } from './fake-discord.js';
export type { GatewayStats } from './gateway.js';
export type { SlashOption } from './interaction-checks.js';
export type { AutocompleteInput, ComponentInput, SceneInput, SelectInput, SlashCommandInput } from './interaction-sender.js';
export type * from './model.js';
export { DEFAULT_GUILD } from './state.js';
