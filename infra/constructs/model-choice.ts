/**
 * Which Bedrock model id the worker calls, checked against the stack's Region (`infra/model-regions.ts`).
 * `auto` (the default) picks the default model's inference profile for the Region: at synth when the stack
 * has a concrete Region, otherwise from a Region-keyed mapping at deploy time. A profile that cannot be
 * called from the Region fails synth (concrete Region) or the deployment before any resource is created
 * (environment-agnostic stack: a CloudFormation rule), each with a message naming what to set instead.
 */
import { Aws, CfnMapping, CfnRule, Fn, type Stack, Token } from "aws-cdk-lib";
import type { ResponderConfig } from "../config.js";
import {
  DEFAULT_MODEL,
  defaultProfileFor,
  defaultProfileTable,
  modelRegionProblem,
  PROFILE_SOURCE_REGIONS,
  parseProfileId,
} from "../model-regions.js";

export interface ModelChoice {
  /** What the worker passes to Converse (a token for `auto` in an environment-agnostic stack). */
  id: string;
  /** The foundation model behind it (for the IAM statement on the model). */
  model: string;
  /** Whether `id` is a cross-Region inference profile. */
  profile: boolean;
}

/** The configured model resolved for the stack's Region; undefined in rules mode. */
export function chooseModel(stack: Stack, config: ResponderConfig): ModelChoice | undefined {
  const configured = config.bedrockModelId;
  if (configured === "") return undefined;
  const regionKnown = !Token.isUnresolved(stack.region);
  if (configured === "auto") {
    if (regionKnown) {
      const id = defaultProfileFor(stack.region);
      if (!id) {
        throw new Error(
          `air:bedrockModelId "auto": ${DEFAULT_MODEL} has no inference profile callable from ${stack.region} ` +
            "(infra/model-regions.ts). Deploy to another Region, or set air:bedrockModelId to a model your " +
            'Region offers (or "" for rules mode).',
        );
      }
      return { id, model: DEFAULT_MODEL, profile: true };
    }
    const table = defaultProfileTable();
    const mapping = new CfnMapping(stack, "DefaultModelProfile", {
      mapping: Object.fromEntries(Object.entries(table).map(([r, id]) => [r, { profile: id }])),
    });
    regionRule(
      stack,
      Object.keys(table),
      `air:bedrockModelId "auto": ${DEFAULT_MODEL} has no inference profile in this Region ` +
        "(infra/model-regions.ts); set air:bedrockModelId, or deploy to a listed Region.",
    );
    return { id: mapping.findInMap(Aws.REGION, "profile"), model: DEFAULT_MODEL, profile: true };
  }
  const parsed = parseProfileId(configured);
  if (config.modelRegionCheck) {
    if (regionKnown) {
      const problem = modelRegionProblem(configured, stack.region);
      if (problem) throw new Error(problem);
    } else if (parsed) {
      const regions = PROFILE_SOURCE_REGIONS[parsed.model]?.[parsed.geo];
      if (regions) {
        regionRule(
          stack,
          [...regions],
          `air:bedrockModelId: the inference profile ${configured} cannot be called from this Region; ` +
            `it serves ${regions.join(", ")}. Set air:bedrockModelId to "auto" or to a profile of your Region.`,
        );
      }
    }
  }
  return { id: configured, model: parsed?.model ?? configured, profile: parsed !== undefined };
}

function regionRule(stack: Stack, regions: string[], message: string): void {
  new CfnRule(stack, "ModelRegionCheck", {
    assertions: [{ assert: Fn.conditionContains(regions, Aws.REGION), assertDescription: message }],
  });
}
