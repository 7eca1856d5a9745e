export { isDataSource, resourceTypeOf } from './address.js';
export type { HookAction, PlanAction } from './events.js';
export { displayOutputs, outputsSchema } from './json-parser.js';
export { cleanLine, LineSplitter, MAX_LINE_CHARS } from './line-splitter.js';
export {
  everyChangeMade, ProgressTracker, type ChangeCounts, type Diagnostic, type Failure, type IgnoredOperation, type Operation, type PlannedChange, type ProgressState,
} from './progress-tracker.js';
export { formatElapsed, renderProgress, renderProgressBar, type RenderedProgress, type RunOutcome } from './render.js';
export { typicalDuration } from './typical-durations.js';
