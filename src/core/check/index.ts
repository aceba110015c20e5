// `check`: a conformance run that says what a runtime gets wrong, judged from the Runtime API side.
export type { CheckStatus, CheckTarget, Scenario, ScenarioResult } from './types';
export { runCheck, selectScenarios, SCENARIOS, type RunCheckOptions } from './run';
export { formatJson, formatJunit, formatResultText, formatText, summary } from './formats';
export { functionConfigOf, prepareCheckFunction, type PreparedCheckFunction } from './target';
