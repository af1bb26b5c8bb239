#!/usr/bin/env node
// The `air` command after `npm ci` (npx air) or a global install: runs the TypeScript CLI through tsx's
// loader, so there is no build step between a checkout and a working command.
import { register } from "tsx/esm/api";

register();
await import("../handlers/cli/main.ts");
