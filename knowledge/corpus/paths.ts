/** Where the shipped knowledge lives, relative to this module (works from source and from a bundle copy). */
export const BUILT_IN_RUNBOOKS_DIR = new URL("../runbooks/", import.meta.url);
export { AWS_CATALOGUE_PATH } from "./aws-catalogue.js";
