export * from "./bedrock-kb.js";
export * from "./bm25.js";
export * from "./factory.js";
export * from "./fusion.js";
export * from "./hybrid.js";
export * from "./signals.js";
export * from "./types.js";
