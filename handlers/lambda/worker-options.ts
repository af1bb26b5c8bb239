/**
 * What the worker builds from the stack's environment besides the graph: the automation roles for the AWS
 * ports and the retriever's sources (S3 runbooks, an optional Bedrock Knowledge Base). Separate from
 * `deps.ts` so the env → options mapping is tested without AWS.
 */
import { BedrockAgentRuntimeClient } from "@aws-sdk/client-bedrock-agent-runtime";
import type { S3Client } from "@aws-sdk/client-s3";
import { BedrockKnowledgeBaseRetriever } from "../../knowledge/retrieval/bedrock-kb.js";
import type { RetrieverOptions } from "../../knowledge/retrieval/factory.js";
import { automationRolesVar, type LambdaEnv } from "./env.js";

type WorkerEnv = Pick<
  LambdaEnv,
  | "AIR_AUTOMATION_ROLE_ARN"
  | "AIR_SSM_AUTOMATION_ROLES"
  | "AIR_KNOWLEDGE_BASE_ID"
  | "AIR_KNOWLEDGE_BUCKET"
  | "AIR_KNOWLEDGE_PREFIX"
>;

/** The SSM Automation roles: one per document from the stack, or the single role of a local setup. */
export function automationRoleOptions(env: WorkerEnv): {
  automationRoles?: Record<string, string>;
  automationAssumeRoleArn?: string;
} {
  const roles = automationRolesVar(env.AIR_SSM_AUTOMATION_ROLES);
  return {
    ...(roles ? { automationRoles: roles } : {}),
    ...(env.AIR_AUTOMATION_ROLE_ARN ? { automationAssumeRoleArn: env.AIR_AUTOMATION_ROLE_ARN } : {}),
  };
}

/** Runbooks from the knowledge bucket, and the Knowledge Base when the stack names one. */
export function retrieverOptions(env: WorkerEnv, region: string, s3: S3Client): RetrieverOptions {
  return {
    ...(env.AIR_KNOWLEDGE_BUCKET
      ? { s3: { client: s3, bucket: env.AIR_KNOWLEDGE_BUCKET, prefix: env.AIR_KNOWLEDGE_PREFIX } }
      : {}),
    ...(env.AIR_KNOWLEDGE_BASE_ID
      ? {
          knowledgeBase: new BedrockKnowledgeBaseRetriever({
            client: new BedrockAgentRuntimeClient({ region }),
            knowledgeBaseId: env.AIR_KNOWLEDGE_BASE_ID,
          }),
        }
      : {}),
  };
}
