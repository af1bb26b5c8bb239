/** The eval scorers: score one run with `scoreScenario`, many with `summarise`. */
export { prf, rates, summarise } from "./aggregate.js";
export { type InjectionScore, plantedLines, scoreInjection } from "./injection.js";
export { actionMatches, isRootCause, paramMatches } from "./match.js";
export type { RankingScore } from "./ranking.js";
export { scoreRanking } from "./ranking.js";
export { scoreScenario } from "./score-scenario.js";
export type { Rates, ScenarioScore, Summary } from "./types.js";
