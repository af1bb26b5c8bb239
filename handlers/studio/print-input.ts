/**
 * Prints the Studio input for a scenario as JSON, to paste into Studio's input box:
 *   npx tsx handlers/studio/print-input.ts [scenario]   (default: AIR_STUDIO_SCENARIO or bad-ecs-deploy)
 */
import { studioInput } from "./input.js";

try {
  process.stdout.write(`${JSON.stringify(studioInput(process.argv[2]), null, 2)}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
