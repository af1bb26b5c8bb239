export * from "./alert.js";
export * from "./category.js";
export * from "./diagnostics.js";
export * from "./incident.js";
export * from "./ipv4.js";
export * from "./operations.js";
export * from "./telemetry.js";
